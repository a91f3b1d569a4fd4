import { randomUUID } from 'node:crypto';
import { exchangeEvidence, scenario, that } from '#api';

const PING = JSON.stringify({ jsonrpc: '2.0', id: 'session-probe', method: 'ping' });

export default scenario({
  title: 'Streamable HTTP sessions are required once issued, and end for good',
  role: 'server',
  // 2026-07-28 removes protocol-level sessions.
  until: '2026-07-28',
  transports: ['streamable-http'],
  checks: {
    'session-id-visible-ascii': 'streamable-http/server-session-id-visible-ascii',
    'missing-session-id-400': 'streamable-http/server-requires-session-id',
    'unknown-session-404': 'streamable-http/server-404-unknown-session',
    'deleted-session-404': 'streamable-http/server-404-ended-session',
  },
  async run(t) {
    const http = (await t.ready()).http!;
    const sessionId = http.sessionId;
    if (sessionId === undefined) return t.skip('the server does not issue session ids (allowed)');
    t.check('session-id-visible-ascii', that(/^[\x21-\x7e]+$/.test(sessionId), 'Mcp-Session-Id made only of visible ASCII (0x21-0x7E)', sessionId));

    const missing = await http.probe('POST', { body: PING, headers: { 'mcp-session-id': null } });
    if (missing.status !== undefined && missing.status >= 200 && missing.status < 300) {
      // Issuing ids is not requiring them; the 400 rule is for servers that do.
      t.notApplicable('missing-session-id-400', `the server serves requests without Mcp-Session-Id (HTTP ${missing.status}), so it does not require one (allowed)`);
    } else {
      t.check('missing-session-id-400', that(missing.status === 400, 'HTTP 400 for a request without Mcp-Session-Id', exchangeEvidence(missing), [missing.seq]));
    }

    const unknown = await http.probe('POST', { body: PING, headers: { 'mcp-session-id': `conformance-unknown-${randomUUID()}` } });
    t.check('unknown-session-404', that(unknown.status === 404, 'HTTP 404 for a session id the server never issued', exchangeEvidence(unknown), [unknown.seq]));

    const ended = await http.probe('DELETE');
    if (ended.status === 405) return t.skip('the server does not let clients end sessions (DELETE answered 405, allowed)');
    if (ended.status === undefined || ended.status < 200 || ended.status >= 300) return t.blocked(`DELETE did not end the session (${exchangeEvidence(ended)})`);
    const after = await http.probe('POST', { body: PING });
    t.check('deleted-session-404', that(after.status === 404, 'HTTP 404 for a session ended by DELETE', exchangeEvidence(after), [after.seq]));
  },
});
