import { tokenEndpointAuthScenario } from '#api';

/**
 * The official suite's auth/token-endpoint-auth-post (2025-06-18 on): the authorization server offers
 * one token endpoint authentication method, client_secret_post: client_id and client_secret in the form body. The client
 * registers by Dynamic Client Registration and must authenticate its token request so.
 */
export default tokenEndpointAuthScenario('client_secret_post', 'A client sends client_secret in the token request form where offered');
