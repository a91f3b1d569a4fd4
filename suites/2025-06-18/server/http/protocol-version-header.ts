import { initialized, scenario, that, UNKNOWN_VERSION } from '../../../../runner/api/index.js';

const UNSUPPORTED = 'streamable-http/server-rejects-unsupported-protocol-version';
const DEFAULT = 'streamable-http/server-assumes-default-protocol-version';
const PING = JSON.stringify({ jsonrpc: '2.0', id: 'version-probe', method: 'ping' });

export default scenario({
  title: 'The MCP-Protocol-Version header',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  transports: ['streamable-http'],
  async run(t) {
    const connection = await initialized(t, [['unsupported-version-header-400', UNSUPPORTED], ['missing-version-header-accepted', DEFAULT]]);
    const http = connection?.http;
    if (!http) return;
    const bad = await http.probe('POST', { body: PING, headers: { 'mcp-protocol-version': UNKNOWN_VERSION } });
    t.check('unsupported-version-header-400', UNSUPPORTED, that(bad.status === 400, `HTTP 400 for MCP-Protocol-Version: ${UNKNOWN_VERSION}`, `HTTP ${bad.status ?? bad.error}`, [bad.seq]));
    const none = await http.probe('POST', { body: PING, headers: { 'mcp-protocol-version': null } });
    t.check('missing-version-header-accepted', DEFAULT, that(none.status === 200, 'HTTP 200 for a request without MCP-Protocol-Version', `HTTP ${none.status ?? none.error}`, [none.seq]));
  },
});
