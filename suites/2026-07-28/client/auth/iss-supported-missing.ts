import { AUTH_TAG, clientScenario, issResponseJudged, judge } from '#api';

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
    judge(t, 'rejects-missing-iss', await issResponseJudged(t, 'auth/iss-supported-missing', { iss: 'omitted', issAdvertised: true }, false, 'a response without iss from a server that advertises it'));
  },
});
