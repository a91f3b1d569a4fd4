import { isResponse, scenario, that, type Reply } from '#api';

export default scenario({
  title: 'Responses carry the id of their request, with its type',
  role: 'server',
  checks: {
    'string-id-echoed': 'base/response-id-matches-request',
    'number-id-echoed': 'base/response-id-matches-request',
  },
  async run(t) {
    const connection = await t.ready();
    for (const [checkId, id] of [['string-id-echoed', 'conformance-7'], ['number-id-echoed', 4242]] as const) {
      const mark = connection.mark();
      const reply = await connection.liveness({ id });
      // A response with the right value but the wrong type is not correlated by the session; find it.
      const lookalike = await connection.waitFor(isResponse(id, { sameType: false }), 0, mark);
      t.check(checkId, that(answered(reply), `a response with id ${JSON.stringify(id)} (${typeof id})`, evidence(reply, lookalike?.frame.raw), lookalike ? [lookalike.frame.seq] : undefined));
    }
  },
});

function answered(reply: Reply): boolean {
  return reply.kind === 'result' || reply.kind === 'error';
}

function evidence(reply: Reply, lookalike: string | undefined): unknown {
  if (answered(reply)) return 'a response with the same id';
  return lookalike !== undefined ? { response: lookalike } : `no response with that id (${reply.kind})`;
}
