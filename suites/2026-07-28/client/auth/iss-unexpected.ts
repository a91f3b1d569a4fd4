import { AUTH_TAG, clientScenario, issResponseJudged, judge } from '#api';

/**
 * The official suite's auth/iss-unexpected (2026-07-28, RFC 9207): the metadata does not advertise
 * authorization_response_iss_parameter_supported, yet the response carries an iss, and it names
 * another issuer. The 2026-07-28 table's third row: a present iss is compared with the recorded
 * issuer whatever the metadata says (MUST). The client must reject it and never redeem the code.
 */
export default clientScenario({
  title: 'A client compares an iss the server sends without advertising it',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'rejects-unadvertised-wrong-iss': 'authorization/client-validates-iss',
  },
  async run(t) {
    judge(t, 'rejects-unadvertised-wrong-iss', await issResponseJudged(t, 'auth/iss-unexpected', { iss: 'wrong', issAdvertised: false }, false, 'a response with iss https://issuer.invalid from a server that does not advertise iss'));
  },
});
