import { asWellKnownPaths, AUTH_TAG, authorizedRun, clientScenario, endOf, PRM_PATHS, prmRequests, that } from '#api';

/**
 * The official suite's auth/metadata-var2: no resource_metadata in the challenge and no PRM with
 * the MCP path, only at the root; the authorization server's issuer has a path (/tenant1) and its
 * RFC 8414 metadata is at the path-inserted URL. The client must fall back to the root PRM after the
 * path one, and insert the issuer's path into the metadata URL.
 */
export default clientScenario({
  title: 'A client falls back to the root PRM, and inserts the issuer path for metadata',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'prm-root-after-path': 'authorization/client-prm-discovery-order',
    'as-path-insertion': 'authorization/client-as-metadata-discovery-order',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/metadata-var2', { server: { issuerPath: '/tenant1', metadataAt: ['oauth'] }, protection: { prmAt: ['root'], challengeNamesPrm: false } });
    const prm = prmRequests(run).map((r) => r.path);
    if (prm.length === 0) return t.blocked(`the client asked for no Protected Resource Metadata (${endOf(run)})`);
    t.check('prm-root-after-path', that(prm[0] === PRM_PATHS.path && prm[1] === PRM_PATHS.root, `${PRM_PATHS.path} first, then ${PRM_PATHS.root}`, prm));
    const wellKnown = asWellKnownPaths(run);
    if (wellKnown.length === 0) return t.blocked(`the client asked the authorization server for no metadata (${endOf(run)})`);
    t.check('as-path-insertion', that(wellKnown[0] === '/.well-known/oauth-authorization-server/tenant1', 'the first metadata request is /.well-known/oauth-authorization-server/tenant1 (path insertion)', wellKnown));
  },
});
