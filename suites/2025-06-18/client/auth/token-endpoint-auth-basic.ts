import { AUTH_TAG, clientScenario, judge, tokenEndpointAuthJudged } from '#api';

/**
 * The official suite's auth/token-endpoint-auth-basic (2025-06-18 on): the authorization server offers
 * one token endpoint authentication method, client_secret_basic: the id and secret its registration gave, in an
 * Authorization: Basic header.
 * The client registers by Dynamic Client Registration and must authenticate its token request so.
 */
export default clientScenario({
  title: 'A client authenticates at the token endpoint with HTTP Basic where offered',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'token-endpoint-auth': 'authorization/client-token-endpoint-auth-method',
  },
  async run(t) {
    judge(t, 'token-endpoint-auth', await tokenEndpointAuthJudged(t, 'client_secret_basic'));
  },
});
