import { exchangeEvidence, served, stepUp, scenario } from '#api';

// From 2025-11-25 the scope of a 403 insufficient_scope challenge names what the refused request
// needs (basic/authorization, server scope management): a client that gets a token for exactly
// those scopes and tries again is then served. Needs the harness's own grants (--authorize).
export default scenario({
  title: 'A token granted the scopes a 403 challenge names is accepted on retry',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'challenged-scopes-suffice': 'authorization/server-403-scope-needed',
  },
  async run(t) {
    const step = await stepUp(t);
    const { retry, refused, asked, further } = step;
    const lacking = step.granted === undefined ? [] : asked.filter((s) => !step.granted!.split(' ').includes(s));
    t.check('challenged-scopes-suffice', {
      ok: served(retry),
      expected: `${refused.what}, refused with 403 scope="${step.challenged.join(' ')}", served when sent again with a token granted ${asked.join(' ')}`,
      actual: `${exchangeEvidence(retry)}; WWW-Authenticate: ${retry.headers['www-authenticate'] ?? '(none)'}`,
      frames: [refused.exchange.seq, retry.seq],
      ...(served(retry)
        ? {}
        : {
            message: further.length
              ? `the retry was challenged for ${further.join(' ')} as well: name every scope the request needs in the first challenge`
              : `a token with the scopes the challenge named was refused again${lacking.length ? ` (the authorization server did not grant ${lacking.join(' ')}: name scopes it grants)` : ''}: name in scope= the scopes that would let the refused request through`,
          }),
    });
  },
});
