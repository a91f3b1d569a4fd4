import { isResponse, scenario, that } from '#api';

export default scenario({
  title: 'JSON-RPC batches are accepted (2025-03-26 only)',
  role: 'server',
  // 2025-06-18 removes JSON-RPC batching.
  until: '2025-06-18',
  checks: {
    'batch-answered': 'base/receiver-accepts-batches',
  },
  async run(t) {
    const connection = await t.ready();
    const ids = ['batch-a', 'batch-b'];
    const mark = connection.mark();
    await connection.sendRaw(JSON.stringify(ids.map((id) => ({ jsonrpc: '2.0', id, method: 'ping' }))));
    const answered = await Promise.all(ids.map((id) => connection.waitFor(isResponse(id), t.timeoutMs, mark)));
    t.check(
      'batch-answered',
      that(
        answered.every((a) => a?.classified?.kind === 'result'),
        'a result for each of the two pings in the batch',
        answered.map((a) => a?.frame.raw ?? 'no response'),
        answered.flatMap((a) => (a ? [a.frame.seq] : [])),
      ),
    );
  },
});
