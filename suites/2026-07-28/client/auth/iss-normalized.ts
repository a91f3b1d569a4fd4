import { AUTH_TAG, clientScenario, issResponseJudged, judge } from '#api';

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
    judge(t, 'exact-compare', await issResponseJudged(t, 'auth/iss-normalized', { iss: 'normalised' }, false, "a response whose iss is the issuer with a '/' added"));
  },
});
