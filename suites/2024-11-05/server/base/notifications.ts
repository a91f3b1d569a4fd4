import { initialized, isResult, QUIET_MS, responsesIn, scenario, that } from '../../../../runner/api/index.js';

const SILENT = 'base/receiver-sends-no-response-to-notification';

export default scenario({
  title: 'Notifications are never answered',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  async run(t) {
    // initialized() has already sent notifications/initialized; what came back after it counts too.
    const connection = await initialized(t, [['no-response-to-notifications', SILENT]], { initialized: false });
    if (!connection) return;
    const mark = connection.mark();
    await connection.notify('notifications/initialized');
    await connection.notify('notifications/conformance/unknown', { probe: true });
    const answers = responsesIn(await connection.since(mark, QUIET_MS));
    t.check(
      'no-response-to-notifications',
      SILENT,
      that(answers.length === 0, `nothing sent back within ${QUIET_MS} ms of two notifications`, answers.map((a) => a.frame.raw), answers.map((a) => a.frame.seq)),
    );
    const ping = await connection.request('ping');
    t.check('serves-after-notifications', 'ping/receiver-responds-promptly', isResult(ping, 'ping still answered after the notifications'));
  },
});
