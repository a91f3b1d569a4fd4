import { initialized, scenario, that, type Reply } from '../../../../runner/api/index.js';

const SAME_ID = 'base/response-id-matches-request';

export default scenario({
  title: 'Responses carry the id of their request, with its type',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  async run(t) {
    const connection = await initialized(t, [['string-id-echoed', SAME_ID], ['number-id-echoed', SAME_ID]]);
    if (!connection) return;

    for (const [checkId, id] of [['string-id-echoed', 'conformance-7'], ['number-id-echoed', 4242]] as const) {
      const mark = connection.mark();
      const reply = await connection.request('ping', undefined, { id });
      // A response with the right value but the wrong type is not correlated by the session; find it.
      const lookalike = (await connection.since(mark, 0)).find((r) => {
        const m = r.classified?.kind === 'result' || r.classified?.kind === 'error' ? r.classified.message : undefined;
        return m !== undefined && String(m.id) === String(id);
      });
      t.check(checkId, SAME_ID, that(answered(reply), `a response with id ${JSON.stringify(id)} (${typeof id})`, evidence(reply, lookalike?.frame.raw), lookalike ? [lookalike.frame.seq] : undefined));
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
