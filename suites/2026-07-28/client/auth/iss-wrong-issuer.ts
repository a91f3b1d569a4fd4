import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, that } from '#api';

/**
 * The official suite's auth/iss-wrong-issuer (2026-07-28, RFC 9207): the authorization response carries an iss that is not the authorization server's issuer. The client must reject it and never redeem the code.
 */
export default clientScenario({
  title: 'A client rejects an authorization response whose iss is another issuer',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'rejects-wrong-iss': 'authorization/client-validates-iss',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/iss-wrong-issuer', { server: { iss: 'wrong' }, protection: { prmAt: ['path'], challengeNamesPrm: true } });
    if (run.authorizations.length === 0) return t.blocked(`the client sent no authorization request (${endOf(run)})`);
    t.check('rejects-wrong-iss', that(run.tokenRequests.length === 0, 'no token request after a response with iss https://issuer.invalid', run.tokenRequests.map(describeAsRequest)));
  },
});
