import { isAnswered, QUIET_MS, responsesIn, scenario, that } from '#api';

export default scenario({
  title: 'Notifications are never answered',
  role: 'server',
  session: 'shared',
  checks: {
    'no-response-to-notifications': 'base/receiver-sends-no-response-to-notification',
    'serves-after-notifications': 'jsonrpc/receiver-answers-every-request',
  },
  async run(t) {
    const connection = await t.ready();
    const mark = connection.mark();
    // A cancellation of a request that never existed (receivers may ignore it) and a vendor one.
    await connection.notify('notifications/cancelled', { requestId: 'conformance-never-sent', reason: 'conformance probe' });
    await connection.notify('notifications/conformance/unknown', { probe: true });
    const settled = await connection.settle(mark, QUIET_MS);
    const answers = responsesIn(settled.frames);
    t.check(
      'no-response-to-notifications',
      that(answers.length === 0, `nothing sent back for two notifications (${settled.how})`, answers.map((a) => a.frame.raw), answers.map((a) => a.frame.seq)),
    );
    const after = await connection.liveness();
    t.check('serves-after-notifications', isAnswered(after, 'a request after the notifications is still answered'));
  },
});
