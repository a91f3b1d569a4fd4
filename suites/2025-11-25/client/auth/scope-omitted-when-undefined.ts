import { AUTH_TAG, authorizedRun, clientScenario, endOf, param, that } from '#api';

/**
 * The official suite's auth/scope-omitted-when-undefined: no scope in the challenge, no
 * scopes_supported in the PRM. The authorization request must leave scope out.
 */
export default clientScenario({
  title: 'Without a challenged scope or scopes_supported a client leaves scope out',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'scope-omitted': 'authorization/client-scope-selection',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/scope-omitted-when-undefined', { protection: { prmAt: ['path'], challengeNamesPrm: true } });
    const first = run.authorizations[0];
    if (first === undefined) return t.blocked(`the client sent no authorization request (${endOf(run)})`);
    t.check('scope-omitted', that(param(first, 'scope') === undefined, 'the authorization request has no scope parameter', param(first, 'scope') ?? null));
  },
});
