import { randomUUID } from 'node:crypto';
import { initialized, scenario, that } from '../../../../runner/api/index.js';

const ASCII = 'streamable-http/server-session-id-visible-ascii';
const REQUIRED = 'streamable-http/server-requires-session-id';
const UNKNOWN = 'streamable-http/server-404-unknown-session';
const GONE = 'streamable-http/server-404-ended-session';
const PING = JSON.stringify({ jsonrpc: '2.0', id: 'session-probe', method: 'ping' });

export default scenario({
  title: 'Streamable HTTP sessions',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  transports: ['streamable-http'],
  async run(t) {
    const checks = [['session-id-visible-ascii', ASCII], ['missing-session-id-400', REQUIRED], ['unknown-session-404', UNKNOWN], ['deleted-session-404', GONE]] as const;
    const connection = await initialized(t, [...checks]);
    const http = connection?.http;
    if (!http) return;
    const sessionId = http.sessionId;
    if (sessionId === undefined) {
      for (const [id, requirement] of checks) t.notApplicable(id, requirement, 'the server does not issue session ids (allowed)');
      return;
    }
    t.check('session-id-visible-ascii', ASCII, that(/^[\x21-\x7e]+$/.test(sessionId), 'Mcp-Session-Id made only of visible ASCII (0x21-0x7E)', sessionId));

    const missing = await http.probe('POST', { body: PING, headers: { 'mcp-session-id': null } });
    t.check('missing-session-id-400', REQUIRED, that(missing.status === 400, 'HTTP 400 for a request without Mcp-Session-Id', status(missing), [missing.seq]));

    const unknown = await http.probe('POST', { body: PING, headers: { 'mcp-session-id': `conformance-unknown-${randomUUID()}` } });
    t.check('unknown-session-404', UNKNOWN, that(unknown.status === 404, 'HTTP 404 for a session id the server never issued', status(unknown), [unknown.seq]));

    const ended = await http.probe('DELETE');
    if (ended.status === 405) {
      t.notApplicable('deleted-session-404', GONE, 'the server does not let clients end sessions (DELETE answered 405, allowed)');
      return;
    }
    if (ended.status === undefined || ended.status < 200 || ended.status >= 300) {
      t.untestable('deleted-session-404', GONE, `DELETE did not end the session (${status(ended)})`);
      return;
    }
    const after = await http.probe('POST', { body: PING });
    t.check('deleted-session-404', GONE, that(after.status === 404, 'HTTP 404 for a session ended by DELETE', status(after), [after.seq]));
  },
});

function status(exchange: { status?: number; error?: string; body: string }): string {
  return exchange.status === undefined ? `no response: ${exchange.error}` : `HTTP ${exchange.status}${exchange.body ? ` ${exchange.body.slice(0, 200)}` : ''}`;
}
