import { AUTH_TAG, clientScenario, issResponseJudged, judge } from '#api';

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
    judge(t, 'rejects-wrong-iss', await issResponseJudged(t, 'auth/iss-wrong-issuer', { iss: 'wrong' }, false, 'a response with iss https://issuer.invalid'));
  },
});
