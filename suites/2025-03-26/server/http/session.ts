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
    'new-session-after-404': 'streamable-http/server-serves-new-session-after-404',
    'session-ids-distinct': 'streamable-http/server-session-id-secure',
  },
  async run(t) {
    const http = (await t.ready()).http!;
    const sessionId = http.sessionId;
    if (sessionId === undefined) return t.skip('the server does not issue session ids (allowed)');
    t.check('session-id-visible-ascii', that(/^[\x21-\x7e]+$/.test(sessionId), 'Mcp-Session-Id made only of visible ASCII (0x21-0x7E)', sessionId));
    // Two sessions never share an id: an unguessable id cannot repeat.
    const other = (await t.ready()).http!.sessionId;
    t.check('session-ids-distinct', that(other !== undefined && other !== sessionId, 'a different Mcp-Session-Id for a second session', { first: sessionId, second: other ?? '(none)' }));

    const missing = await http.probe('POST', { body: PING, headers: { 'mcp-session-id': null } });
    if (missing.status !== undefined && missing.status >= 200 && missing.status < 300) {
      // Issuing ids is not requiring them; the 400 rule is for servers that do.
      t.notApplicable('missing-session-id-400', `the server serves requests without Mcp-Session-Id (HTTP ${missing.status}), so it does not require one (allowed)`);
    } else {
      t.check('missing-session-id-400', that(missing.status === 400, 'HTTP 400 for a request without Mcp-Session-Id', exchangeEvidence(missing), [missing.seq]));
    }

    const unknown = await http.probe('POST', { body: PING, headers: { 'mcp-session-id': `conformance-unknown-${randomUUID()}` } });
    t.check('unknown-session-404', that(unknown.status === 404, 'HTTP 404 for a session id the server never issued', exchangeEvidence(unknown), [unknown.seq]));

    // A client usually holds the session's GET stream while it works; ending the session ends it too.
    await http.listen(t.timeoutMs);
    const ended = await http.probe('DELETE');
    if (ended.status === 405) {
      const why = 'the server does not let clients end sessions (DELETE answered 405, allowed)';
      t.notApplicable('deleted-session-404', why);
      t.notApplicable('new-session-after-404', why);
    } else if (ended.status === undefined || ended.status < 200 || ended.status >= 300) {
      const why = `DELETE did not end the session (${exchangeEvidence(ended)})`;
      t.untestable('deleted-session-404', why);
      t.untestable('new-session-after-404', why);
    } else {
      const after = await http.probe('POST', { body: PING });
      t.check('deleted-session-404', that(after.status === 404, 'HTTP 404 for a session ended by DELETE', exchangeEvidence(after), [after.seq]));
      // The 404 tells the client to start over with a new initialize, without the old id.
      const fresh = await t.connect();
      const restart = await fresh.initialize();
      t.check('new-session-after-404', that(restart.kind === 'result', 'a new initialize, sent without a session id after the 404, starts a session', restart));
    }
  },
});
