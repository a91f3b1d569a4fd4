import { isResult, scenario, that } from '#api';

export default scenario({
  title: 'ping is answered with an empty result',
  role: 'server',
  session: 'shared',
  // 2026-07-28 removes ping.
  until: '2026-07-28',
  checks: {
    'ping-answered': 'ping/receiver-responds-promptly',
    'ping-empty-result': 'ping/receiver-responds-promptly',
  },
  async run(t) {
    const connection = await t.ready();
    const reply = await connection.request('ping');
    if (!t.check('ping-answered', isResult(reply, 'a result for ping'))) return t.blocked('ping got no result');
    // `_meta` is allowed on every result; anything else makes it non-empty.
    const result = reply.kind === 'result' ? reply.result : {};
    const keys = Object.keys(result).filter((k) => k !== '_meta');
    t.check('ping-empty-result', that(keys.length === 0, 'an empty result object {}', result, reply.kind === 'result' ? [reply.seq] : undefined));
  },
});
