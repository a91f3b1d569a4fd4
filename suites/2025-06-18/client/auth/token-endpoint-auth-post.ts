import { AUTH_TAG, clientScenario, judge, tokenEndpointAuthJudged } from '#api';

/**
 * The official suite's auth/token-endpoint-auth-post (2025-06-18 on): the authorization server offers
 * one token endpoint authentication method, client_secret_post: client_id and client_secret in the form body.
 * The client registers by Dynamic Client Registration and must authenticate its token request so.
 */
export default clientScenario({
  title: 'A client sends client_secret in the token request form where offered',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'token-endpoint-auth': 'authorization/client-token-endpoint-auth-method',
  },
  async run(t) {
    judge(t, 'token-endpoint-auth', await tokenEndpointAuthJudged(t, 'client_secret_post'));
  },
});
