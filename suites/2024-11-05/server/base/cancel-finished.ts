import { isAnswered, QUIET_MS, responsesIn, scenario, that } from '#api';

const IGNORED = 'cancellation/receiver-ignores-invalid-cancellation';

export default scenario({
  title: 'A cancellation of an answered or unknown request is ignored',
  role: 'server',
  session: 'shared',
  // 2026-07-28 moves cancellation to basic/patterns, with its own rules.
  until: '2026-07-28',
  checks: {
    'no-response-to-cancellation': IGNORED,
    'serves-after-cancellation': IGNORED,
  },
  async run(t) {
    const connection = await t.ready();
    const done = await connection.liveness();
    if (done.kind !== 'result' && done.kind !== 'error') return t.blocked('the liveness request got no response');
    const mark = connection.mark();
    // The request just answered (a cancellation that crossed its response) and one never sent.
    await connection.notify('notifications/cancelled', { requestId: done.message.id, reason: 'conformance probe: already answered' });
    await connection.notify('notifications/cancelled', { requestId: 'conformance-never-sent', reason: 'conformance probe: unknown id' });
    const settled = await connection.settle(mark, QUIET_MS);
    const answers = responsesIn(settled.frames);
    t.check(
      'no-response-to-cancellation',
      that(answers.length === 0, `nothing sent back for two stale cancellations (${settled.how})`, answers.map((a) => a.frame.raw), answers.map((a) => a.frame.seq)),
    );
    const after = await connection.liveness();
    t.check('serves-after-cancellation', isAnswered(after, 'a request after the stale cancellations is still answered'));
  },
});
