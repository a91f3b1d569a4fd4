import { exchangeEvidence, scenario, that, UNKNOWN_VERSION } from '#api';

const PING = JSON.stringify({ jsonrpc: '2.0', id: 'version-probe', method: 'ping' });

export default scenario({
  title: 'The MCP-Protocol-Version header is validated, and defaults when absent',
  role: 'server',
  // 2026-07-28 requires the header on every request and answers a bad one with a JSON-RPC error: its own suite.
  until: '2026-07-28',
  transports: ['streamable-http'],
  checks: {
    'unsupported-version-header-400': 'streamable-http/server-rejects-unsupported-protocol-version',
    'missing-version-header-accepted': 'streamable-http/server-assumes-default-protocol-version',
  },
  async run(t) {
    const http = (await t.ready()).http!;
    // A well-formed version the server does not support, and a value that is no version at all.
    const bad = [];
    for (const value of [UNKNOWN_VERSION, 'not-a-version']) bad.push({ value, exchange: await http.probe('POST', { body: PING, headers: { 'mcp-protocol-version': value } }) });
    const accepted = bad.filter(({ exchange }) => exchange.status !== 400);
    t.check(
      'unsupported-version-header-400',
      that(
        accepted.length === 0,
        `HTTP 400 for MCP-Protocol-Version: ${bad.map(({ value }) => value).join(' and for ')}`,
        accepted.map(({ value, exchange }) => `${value}: ${exchangeEvidence({ ...exchange, body: '' })}`).join('; ') || undefined,
        bad.map(({ exchange }) => exchange.seq),
      ),
    );
    const none = await http.probe('POST', { body: PING, headers: { 'mcp-protocol-version': null } });
    t.check('missing-version-header-accepted', that(none.status === 200, 'HTTP 200 for a request without MCP-Protocol-Version', exchangeEvidence({ ...none, body: '' }), [none.seq]));
  },
});
