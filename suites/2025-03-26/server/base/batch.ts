import { initialized, scenario, that } from '../../../../runner/api/index.js';

const BATCHES = 'base/receiver-accepts-batches';

export default scenario({
  title: 'JSON-RPC batches are accepted (2025-03-26 only)',
  role: 'server',
  until: '2025-06-18',
  async run(t) {
    const connection = await initialized(t, [['batch-answered', BATCHES]]);
    if (!connection) return;
    const ids = ['batch-a', 'batch-b'];
    const mark = connection.mark();
    await connection.sendRaw(JSON.stringify(ids.map((id) => ({ jsonrpc: '2.0', id, method: 'ping' }))));
    const answered = await Promise.all(
      ids.map((id) =>
        connection.rpc.waitFor((r) => (r.classified?.kind === 'result' || r.classified?.kind === 'error') && r.classified.message.id === id, t.timeoutMs, mark),
      ),
    );
    t.check(
      'batch-answered',
      BATCHES,
      that(answered.every((a) => a?.classified?.kind === 'result'), 'a result for each of the two pings in the batch', answered.map((a) => a?.frame.raw ?? 'no response'), answered.flatMap((a) => (a ? [a.frame.seq] : []))),
    );
  },
});
