import { exchangeEvidence, scenario, that } from '#api';

const PING = JSON.stringify({ jsonrpc: '2.0', id: 'endpoint-probe', method: 'ping' });

// The harness never follows a redirect: it could carry the user's Authorization header to another
// place. A redirect is therefore an endpoint that does not serve the request itself.
export default scenario({
  title: 'The MCP endpoint serves POST and GET itself, without redirecting',
  role: 'server',
  // 2026-07-28 moves the transport to its own page; the stateless suites carry its rules.
  until: '2026-07-28',
  transports: ['streamable-http'],
  checks: {
    'served-in-place': 'streamable-http/server-single-endpoint',
  },
  async run(t) {
    const http = (await t.ready()).http!;
    const post = await http.probe('POST', { body: PING });
    const get = await http.probe('GET', { timeoutMs: t.timeoutMs });
    const moved = [...http.exchanges].filter((e) => e.status !== undefined && e.status >= 300 && e.status < 400);
    const where = moved.map((e) => `${e.method} answered HTTP ${e.status}${e.headers.location ? ` to ${e.headers.location.slice(0, 200)}` : ''}`);
    t.check('served-in-place', {
      ...that(moved.length === 0, 'POST and GET on the MCP endpoint answered there (no 3xx)', moved.length ? where : [exchangeEvidence({ ...post, body: '' }), exchangeEvidence({ ...get, body: '' })], [...(moved.length ? moved : [post, get]).map((e) => e.seq)]),
      ...(moved.length ? { message: 'the harness does not follow redirects (a client would carry its Authorization header to the other place): serve POST and GET at the MCP endpoint URL itself, or test the URL it redirects to' } : {}),
    });
  },
});
