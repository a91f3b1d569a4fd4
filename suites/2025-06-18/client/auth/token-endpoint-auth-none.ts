import { tokenEndpointAuthScenario } from '#api';

/**
 * The official suite's auth/token-endpoint-auth-none (2025-06-18 on): the authorization server offers
 * one token endpoint authentication method, none: a public client, client_id in the form and no secret
 * anywhere. The client
 * registers by Dynamic Client Registration and must authenticate its token request so.
 */
export default tokenEndpointAuthScenario('none', 'A public client sends only its client_id to the token endpoint where offered');
