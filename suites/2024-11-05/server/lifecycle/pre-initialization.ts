import { describeReply, isResult, scenario, that } from '#api';

export default scenario({
  title: 'Requests before initialization are refused, except ping',
  role: 'server',
  // 2026-07-28 removes the initialize handshake.
  until: '2026-07-28',
  checks: {
    'ping-before-initialize-answered': 'ping/receiver-responds-promptly',
    'request-before-initialize-refused': 'lifecycle/server-refuses-requests-before-initialization',
  },
  async run(t) {
    if (t.transport === 'stdio') {
      // Ping is the one request a client may send before initialize has been answered.
      const early = await t.connect();
      const ping = await early.request('ping');
      t.check('ping-before-initialize-answered', isResult(ping, 'ping answered before initialize'));
    } else {
      t.notApplicable('ping-before-initialize-answered', 'over HTTP a request before initialize has no session to belong to');
      // Without sessions an HTTP server cannot know whether an initialize came first (allowed).
      if ((await t.ready()).http?.sessionId === undefined) {
        return t.skip('the server issues no Mcp-Session-Id, so no request of ours can come "before initialize" in its eyes');
      }
    }

    const connection = await t.connect();
    const reply = await connection.request('tools/list');
    const refused = reply.kind === 'error' || (reply.kind === 'transport-error' && reply.status !== undefined && reply.status >= 400 && reply.status < 500);
    t.check(
      'request-before-initialize-refused',
      that(refused, 'an error (JSON-RPC error, or HTTP 4xx) for tools/list sent before initialize', describeReply(reply)),
    );
  },
});
