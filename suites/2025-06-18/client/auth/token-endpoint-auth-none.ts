import { AUTH_TAG, clientScenario, judge, tokenEndpointAuthJudged } from '#api';

/**
 * The official suite's auth/token-endpoint-auth-none (2025-06-18 on): the authorization server offers
 * one token endpoint authentication method, none: a public client, client_id in the form and no secret
 * anywhere.
 * The client registers by Dynamic Client Registration and must authenticate its token request so.
 */
export default clientScenario({
  title: 'A public client sends only its client_id to the token endpoint where offered',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'token-endpoint-auth': 'authorization/client-token-endpoint-auth-method',
  },
  async run(t) {
    judge(t, 'token-endpoint-auth', await tokenEndpointAuthJudged(t, 'none'));
  },
});
