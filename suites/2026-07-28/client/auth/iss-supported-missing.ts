import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, that } from '#api';

/**
 * The official suite's auth/iss-supported-missing (2026-07-28, RFC 9207): the metadata advertises authorization_response_iss_parameter_supported, and the response carries no iss. The client must reject it.
 */
export default clientScenario({
  title: 'A client rejects a response without iss from a server that advertises it',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'rejects-missing-iss': 'authorization/client-validates-iss',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/iss-supported-missing', { server: { iss: 'omitted', issAdvertised: true }, protection: { prmAt: ['path'], challengeNamesPrm: true } });
    if (run.authorizations.length === 0) return t.blocked(`the client sent no authorization request (${endOf(run)})`);
    t.check('rejects-missing-iss', that(run.tokenRequests.length === 0, 'no token request after a response without iss', run.tokenRequests.map(describeAsRequest)));
  },
});
