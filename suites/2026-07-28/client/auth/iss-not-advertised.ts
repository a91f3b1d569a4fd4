import { AUTH_TAG, clientScenario, issResponseJudged, judge } from '#api';

/**
 * The official suite's auth/iss-not-advertised (2026-07-28, RFC 9207): the metadata does not
 * advertise authorization_response_iss_parameter_supported and the response has no iss. The
 * text's table says: proceed. The client must redeem the code.
 */
export default clientScenario({
  title: 'A client proceeds without iss where the server does not advertise it',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'proceeds-without-iss': 'authorization/client-validates-iss',
  },
  async run(t) {
    judge(t, 'proceeds-without-iss', await issResponseJudged(t, 'auth/iss-not-advertised', { iss: 'omitted', issAdvertised: false }, true, 'a response without iss from a server that does not advertise it'));
  },
});
