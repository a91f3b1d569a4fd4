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
    const bad = await http.probe('POST', { body: PING, headers: { 'mcp-protocol-version': UNKNOWN_VERSION } });
    t.check('unsupported-version-header-400', that(bad.status === 400, `HTTP 400 for MCP-Protocol-Version: ${UNKNOWN_VERSION}`, exchangeEvidence({ ...bad, body: '' }), [bad.seq]));
    const none = await http.probe('POST', { body: PING, headers: { 'mcp-protocol-version': null } });
    t.check('missing-version-header-accepted', that(none.status === 200, 'HTTP 200 for a request without MCP-Protocol-Version', exchangeEvidence({ ...none, body: '' }), [none.seq]));
  },
});
