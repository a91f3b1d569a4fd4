import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, that } from '#api';

/**
 * The official suite's auth/iss-normalized (2026-07-28, RFC 9207): the response's iss is the issuer with a trailing slash added: equal only after normalisation, which the comparison must not do. The client must reject it.
 */
export default clientScenario({
  title: 'A client compares iss as a plain string, without normalising it',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'exact-compare': 'authorization/client-iss-exact-compare',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/iss-normalized', { server: { iss: 'normalised' }, protection: { prmAt: ['path'], challengeNamesPrm: true } });
    if (run.authorizations.length === 0) return t.blocked(`the client sent no authorization request (${endOf(run)})`);
    t.check('exact-compare', that(run.tokenRequests.length === 0, "no token request after a response whose iss is the issuer with a '/' added", run.tokenRequests.map(describeAsRequest)));
  },
});
