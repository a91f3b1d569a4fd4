import { exchangeEvidence, served, stepUp, scenario } from '#api';

// From 2026-07-28 a server names every scope an operation needs in one challenge, not one missing
// scope per retry (basic/authorization, server scope management). Seen by stepping up as a client
// would: a token granted what the first challenge named must not meet a challenge for more.
export default scenario({
  title: 'A 403 challenge names every scope the operation needs, not one per retry',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'all-scopes-in-one-challenge': 'authorization/server-403-all-scopes-once',
  },
  async run(t) {
    const { retry, refused, asked, further } = await stepUp(t);
    const frames = [refused.exchange.seq, retry.seq];
    const expected = `no further scope challenged when ${refused.what} is sent again with a token granted what the first challenge named (${asked.join(' ')})`;
    const actual = `${exchangeEvidence(retry)}; WWW-Authenticate: ${retry.headers['www-authenticate'] ?? '(none)'}`;
    // Refused again for another reason than a scope: whether one challenge named them all cannot be seen.
    if (!served(retry) && retry.status !== 403) return t.untestable('all-scopes-in-one-challenge', `the retry got ${actual}, not a scope challenge: whether the first challenge named every scope needed cannot be seen`);
    t.check('all-scopes-in-one-challenge', {
      ok: further.length === 0,
      expected,
      actual,
      frames,
      ...(further.length ? { message: `the retry was challenged for ${further.join(' ')} after ${asked.join(' ')} had been granted: name every scope the operation needs in one challenge` } : {}),
    });
  },
});
