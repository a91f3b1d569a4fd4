import { asWellKnownPaths, AUTH_TAG, authorizedRun, challengePrmJudged, clientScenario, endOf, PRM_PATHS, prmRequests, that } from '#api';

/**
 * The official suite's auth/metadata-var3: the PRM is only at a custom URL, which the challenge's
 * resource_metadata names; the issuer has a path and publishes OpenID discovery appended to it
 * (/tenant1/.well-known/openid-configuration), the last URL of the order.
 */
export default clientScenario({
  title: "A client reads the challenge's PRM, and an issuer path's metadata URLs in order",
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'prm-from-challenge': 'authorization/client-prm-discovery-order',
    'parses-challenge': 'authorization/client-parses-www-authenticate',
    'as-order': 'authorization/client-as-metadata-discovery-order',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/metadata-var3', { server: { issuerPath: '/tenant1', metadataAt: ['openid-appended'] }, protection: { prmAt: ['custom'], challengeNamesPrm: true } });
    const prm = prmRequests(run).map((r) => r.path);
    if (prm.length === 0) return t.blocked(`the client asked for no Protected Resource Metadata (${endOf(run)})`);
    t.check('prm-from-challenge', that(prm[0] === PRM_PATHS.custom, `the first PRM request is the challenge's resource_metadata (${PRM_PATHS.custom})`, prm));
    t.check('parses-challenge', challengePrmJudged(run));
    const wellKnown = asWellKnownPaths(run);
    if (wellKnown.length === 0) return t.blocked(`the client asked the authorization server for no metadata (${endOf(run)})`);
    const order = ['/.well-known/oauth-authorization-server/tenant1', '/.well-known/openid-configuration/tenant1', '/tenant1/.well-known/openid-configuration'];
    t.check('as-order', that(JSON.stringify(wellKnown.slice(0, 3)) === JSON.stringify(order), `the metadata URLs in order: ${order.join(', ')}`, wellKnown));
  },
});
