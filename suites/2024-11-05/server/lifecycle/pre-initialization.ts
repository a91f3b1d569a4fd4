import { describeReply, isResult, scenario, that } from '../../../../runner/api/index.js';

export default scenario({
  title: 'Requests before initialization',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  async run(t) {
    if (t.transport === 'stdio') {
      // Ping is the one request a client may send before initialize has been answered.
      const early = await t.connect();
      const ping = await early.request('ping');
      t.check('ping-before-initialize-answered', 'ping/receiver-responds-promptly', isResult(ping, 'ping answered before initialize'));
    }

    const connection = await t.connect();
    const reply = await connection.request('tools/list');
    const refused = reply.kind === 'error' || (reply.kind === 'transport-error' && reply.status !== undefined && reply.status >= 400 && reply.status < 500);
    t.check(
      'request-before-initialize-refused',
      'lifecycle/server-refuses-requests-before-initialization',
      that(refused, 'an error (JSON-RPC error, or HTTP 4xx) for tools/list sent before initialize', describeReply(reply)),
    );
  },
});
