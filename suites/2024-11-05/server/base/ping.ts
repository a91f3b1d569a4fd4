import { initialized, isResult, scenario, that } from '../../../../runner/api/index.js';

const PROMPT = 'ping/receiver-responds-promptly';

export default scenario({
  title: 'ping is answered with an empty result',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  async run(t) {
    const connection = await initialized(t, [['ping-answered', PROMPT], ['ping-empty-result', PROMPT]]);
    if (!connection) return;
    const reply = await connection.request('ping');
    if (!t.check('ping-answered', PROMPT, isResult(reply, 'a result for ping'))) {
      t.untestable('ping-empty-result', PROMPT, 'ping got no result');
      return;
    }
    // `_meta` is allowed on every result; anything else makes it non-empty.
    const keys = reply.kind === 'result' ? Object.keys(reply.result).filter((k) => k !== '_meta') : [];
    t.check('ping-empty-result', PROMPT, that(keys.length === 0, 'an empty result object {}', reply.kind === 'result' ? reply.result : undefined, reply.kind === 'result' ? [reply.seq] : undefined));
  },
});
