import { describeRevision, exchangeEvidence, isJsonObject, scenario, that, type HttpExchange } from '#api';

const MADE_UP_SESSION = 'conformance-made-up-session';

export default scenario({
  title: 'Streamable HTTP has no sessions at this revision',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'no-session-minted': 'streamable-http/server-mints-no-session',
    'session-header-ignored': 'streamable-http/server-mints-no-session',
    'get-405': 'streamable-http/server-405-get-delete',
    'delete-405': 'streamable-http/server-405-get-delete',
  },
  async run(t) {
    const connection = await t.ready();
    const http = connection.http!;
    const minted = http.exchanges.filter((e) => e.headers['mcp-session-id'] !== undefined);
    t.check(
      'no-session-minted',
      that(minted.length === 0, 'no Mcp-Session-Id on any response', minted.map((e) => `HTTP ${e.status ?? 'none'} Mcp-Session-Id: ${e.headers['mcp-session-id']}`), minted.map((e) => e.seq)),
    );
    const withSession = await http.probe('POST', { body: connection.requestBody('no-session', 'server/discover'), headers: { 'mcp-session-id': MADE_UP_SESSION } });
    // An answer as an SSE stream is read in the background: its frames are all there once it ends.
    await withSession.sse?.ended(t.timeoutMs);
    const served = withSession.status === 200 && withSession.frames.some((f) => isJsonObject(f.value) && 'result' in f.value);
    const echoed = withSession.headers['mcp-session-id'];
    t.check(
      'session-header-ignored',
      that(served && echoed === undefined, `a request with a made-up Mcp-Session-Id served as any other, and no Mcp-Session-Id sent back`, `${exchangeEvidence(withSession)}${echoed !== undefined ? ` (Mcp-Session-Id: ${echoed})` : ''}`, [withSession.seq]),
    );

    // The 405s are asked of a server of this revision only: one that serves the earlier era keeps GET and DELETE for its sessions.
    if (t.target.supported.some((r) => describeRevision(r).stateful)) {
      const why = 'the server serves the earlier era too, whose sessions use GET and DELETE';
      t.notApplicable('get-405', why);
      return t.notApplicable('delete-405', why);
    }
    const verdict = (e: HttpExchange, what: string) => that(e.status === 405, `HTTP 405 for ${what}`, exchangeEvidence(e), [e.seq]);
    t.check('get-405', verdict(await http.probe('GET', { timeoutMs: Math.min(t.timeoutMs, 5000) }), 'GET on the MCP endpoint'));
    t.check('delete-405', verdict(await http.probe('DELETE'), 'DELETE on the MCP endpoint'));
  },
});
