import { asWellKnownPaths, AUTH_TAG, authorizedRun, clientScenario, endOf, param, PRM_PATHS, prmRequests, that } from '#api';

/**
 * The official suite's auth/metadata-var1: the challenge names no resource_metadata, the PRM is at
 * the well-known URL with the MCP path inserted (none at the root), and the authorization server
 * publishes OpenID Connect Discovery only. The client must try the path-inserted PRM URL first, and
 * the OAuth metadata URL before the OpenID one, and use the OpenID document. The server does not
 * advertise Client ID Metadata Documents, so the client must not present a URL as its client id.
 */
export default clientScenario({
  title: 'Without resource_metadata a client tries the path PRM first, then OAuth, OpenID',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'prm-path-first': 'authorization/client-prm-discovery-order',
    'as-oauth-then-openid': 'authorization/client-as-metadata-discovery-order',
    'uses-openid': 'authorization/client-supports-oauth-and-oidc-discovery',
    'no-cimd-unadvertised': 'authorization/client-checks-cimd-support',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/metadata-var1', { server: { metadataAt: ['openid-inserted'] }, protection: { prmAt: ['path'], challengeNamesPrm: false } });
    const prm = prmRequests(run).map((r) => r.path);
    if (prm.length === 0) return t.blocked(`the client asked for no Protected Resource Metadata (${endOf(run)})`);
    t.check('prm-path-first', that(prm[0] === PRM_PATHS.path, `the first PRM request is ${PRM_PATHS.path}`, prm));
    const wellKnown = asWellKnownPaths(run);
    if (wellKnown.length === 0) return t.blocked(`the client asked the authorization server for no metadata (${endOf(run)})`);
    const oauth = wellKnown.indexOf('/.well-known/oauth-authorization-server');
    const openid = wellKnown.indexOf('/.well-known/openid-configuration');
    t.check('as-oauth-then-openid', that(oauth === 0 && openid > oauth, 'the OAuth metadata URL first, then the OpenID one', wellKnown));
    t.check('uses-openid', that(openid >= 0 && run.authorizations.length > 0, 'an authorization request built from the OpenID discovery document', { wellKnown, authorizationRequests: run.authorizations.length }));
    if (run.authorizations.length === 0) return t.untestable('no-cimd-unadvertised', `the client sent no authorization request (${endOf(run)})`);
    const ids = run.authorizations.map((r) => param(r, 'client_id') ?? null);
    t.check('no-cimd-unadvertised', that(ids.every((id) => id !== null && !/^https?:\/\//i.test(id)), 'no URL as client id: the server does not advertise client_id_metadata_document_supported', ids));
  },
});
