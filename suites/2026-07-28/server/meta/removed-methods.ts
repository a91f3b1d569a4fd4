import { describeReply, describeRevision, errorCode, removedMethods, scenario, that } from '#api';

export default scenario({
  title: 'A server of this era alone answers the methods the revision removed as unknown',
  role: 'server',
  checks: {
    'removed-methods-32601': 'jsonrpc/receiver-method-not-found',
  },
  async run(t) {
    // A server of both eras may serve these to clients of the earlier one; only a server of this era alone is judged.
    if (t.target.supported.some((r) => describeRevision(r).stateful)) return t.skip('the server serves the earlier era too, where these methods exist');
    const connection = await t.ready();
    const served: unknown[] = [];
    const frames: number[] = [];
    for (const { method, params } of removedMethods(connection.serverCapabilities)) {
      // Not in this revision's schema, on purpose.
      const reply = await connection.request(method, params, { offSchema: true });
      if (errorCode(reply) !== -32601) served.push({ method, got: describeReply(reply) });
      if ('seq' in reply && reply.seq !== undefined) frames.push(reply.seq);
    }
    t.check('removed-methods-32601', that(served.length === 0, 'error -32601 (Method not found) for ping, logging/setLevel, resources/subscribe and unsubscribe, and the tasks methods of the earlier era', served, frames));
  },
});
