import { AUTH_TAG, authorizedRun, bearerJudged, clientScenario, dcrJudged, describeAsRequest, describeAuthRequest, endOf, judge, pkceJudged, redirectJudged, that } from '#api';

const METADATA = '/.well-known/oauth-authorization-server';

/**
 * The official suite's auth/2025-03-26-oauth-metadata-backcompat: at 2025-03-26 the MCP server is
 * its own authorization server. No PRM; the metadata is at the MCP URL's origin (its path dropped)
 * and names endpoints under /oauth there. The client must ask for it with MCP-Protocol-Version and
 * use the endpoints it names: registration (Dynamic Client Registration is offered), then the
 * authorization code with PKCE S256 to a loopback or https redirect URI, then the token in the
 * Authorization header of every request.
 */
export default clientScenario({
  title: 'At 2025-03-26 a client reads the metadata at the MCP origin and uses it',
  role: 'client',
  transports: ['streamable-http'],
  until: '2025-06-18',
  tags: [AUTH_TAG],
  checks: {
    'base-url-metadata': 'authorization/client-base-url-drops-path',
    'version-header': 'authorization/client-discovery-version-header',
    'uses-metadata-endpoints': 'authorization/client-uses-as-metadata',
    'supports-dcr': 'authorization/client-supports-dcr',
    'uses-pkce': 'authorization/client-uses-pkce',
    'pkce-s256': 'authorization/client-pkce-s256',
    'redirect-loopback-or-https': 'authorization/client-redirect-uri-localhost-or-https',
    'bearer-header': 'authorization/client-bearer-header',
    'token-every-request': 'authorization/client-token-every-request',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/2025-03-26-oauth-metadata-backcompat', {
      // PKCE faults are let through (judged here, not refused there), so one fault hides no later check.
      server: { requirePkce: false, pkceMethods: ['S256', 'plain'] },
      protection: { prmAt: [], challengeNamesPrm: false, asAtOrigin: 'metadata', anyAudience: true },
    });
    const first401 = run.mcp.find((r) => r.status === 401);
    if (first401 === undefined) return t.blocked(`no request to the endpoint got 401 (${endOf(run)})`);
    const after = run.requests.filter((r) => r.n > first401.n && r.path !== '/mcp');
    const metadata = after.find((r) => r.path === METADATA);
    t.check('base-url-metadata', that(metadata !== undefined, `a GET of ${METADATA} at the MCP origin (the MCP path dropped)`, after.map(describeAuthRequest).slice(0, 8)));
    if (metadata === undefined) return t.blocked(`the client never asked for ${METADATA}`);
    // The version the client speaks: before its initialize is answered (the 401 came first) that is the one it
    // offers, which for a client of a later revision is that revision's, not this scenario's.
    const version = t.target.offered ?? '2025-03-26';
    t.check('version-header', that(metadata.headers['mcp-protocol-version'] === version, `the metadata request carries MCP-Protocol-Version: ${version} (the version the client offers in initialize)`, metadata.headers['mcp-protocol-version'] ?? null));
    const used = after.filter((r) => ['/authorize', '/token', '/register', '/oauth/authorize', '/oauth/token', '/oauth/register'].includes(r.path));
    if (used.length === 0) t.untestable('uses-metadata-endpoints', `the client made no registration, authorization or token request (${endOf(run)})`);
    const usesMetadata = used.length === 0 || t.check('uses-metadata-endpoints', that(used.every((r) => r.path.startsWith('/oauth/')) && run.authorizations.length > 0, 'the authorization (and registration, token) requests go to the endpoints the metadata names (/oauth/...)', { origin: used.map(describeAuthRequest), authorizationServer: run.asRequests.map(describeAsRequest) }));
    if (usesMetadata) t.check('supports-dcr', dcrJudged(run));
    else t.untestable('supports-dcr', 'the client did not use the endpoints of the metadata, the registration endpoint among them');
    const authorization = run.authorizations[0];
    if (authorization === undefined) return t.blocked(`the client never sent an authorization request (${endOf(run)})`);
    const pkce = pkceJudged(authorization, run.tokenRequests[0]);
    t.check('uses-pkce', pkce.uses);
    judge(t, 'pkce-s256', pkce.s256);
    t.check('redirect-loopback-or-https', redirectJudged(authorization));
    const bearer = bearerJudged(run.mcp, first401);
    t.check('bearer-header', bearer.header);
    judge(t, 'token-every-request', bearer.every);
  },
});
