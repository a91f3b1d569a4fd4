import { AUTH_TAG, clientScenario, issResponseJudged, judge } from '#api';

/**
 * The official suite's auth/iss-supported (2026-07-28, RFC 9207): the metadata advertises
 * authorization_response_iss_parameter_supported and the response's iss is the issuer, character
 * for character. The client must accept it: redeem the code. (The rejecting scenarios beside it
 * mean something only if a good response still goes through.)
 */
export default clientScenario({
  title: 'A client accepts an authorization response whose iss is its issuer',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'accepts-correct-iss': 'authorization/client-validates-iss',
  },
  async run(t) {
    judge(t, 'accepts-correct-iss', await issResponseJudged(t, 'auth/iss-supported', { iss: 'correct', issAdvertised: true }, true, 'a response whose iss is the issuer'));
  },
});
