import { tokenEndpointAuthScenario } from '#api';

/**
 * The official suite's auth/token-endpoint-auth-basic (2025-06-18 on): the authorization server offers
 * one token endpoint authentication method, client_secret_basic: the id and secret its registration gave, in an
 * Authorization: Basic header. The client
 * registers by Dynamic Client Registration and must authenticate its token request so.
 */
export default tokenEndpointAuthScenario('client_secret_basic', 'A client authenticates at the token endpoint with HTTP Basic where offered');
