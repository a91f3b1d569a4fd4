import { authorizedRun, AUTH_TAG, bearerJudged, describeAsRequest, describeAuthRequest, judge, ownTokensJudged, param, pkceJudged, prmUrlAt, redirectJudged, registeredRedirectJudged, tokenInQuery, clientScenario, that } from '#api';

/**
 * The basic flow (the official suite's auth/metadata-default): the endpoint answers 401 with a
 * Bearer challenge naming its Protected Resource Metadata (the MCP path inserted into the
 * well-known URL); the authorization server's metadata is at the RFC 8414 location; it offers
 * Dynamic Client Registration and approves at once. The client must find everything from the
 * challenge, authorize with PKCE S256, state and resource, and send the token in the header on
 * every request afterwards.
 */
export default clientScenario({
  title: 'A client authorizes with PKCE S256, state, resource; the token on every request',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'as-from-prm': 'authorization/client-uses-prm',
    'uses-pkce': 'authorization/client-uses-pkce',
    'pkce-s256': 'authorization/client-pkce-s256',
    'sends-state': 'authorization/client-uses-state',
    'redirect-loopback-or-https': 'authorization/client-redirect-uri-localhost-or-https',
    'registered-redirect': 'authorization/client-registers-redirect-uri',
    'resource-in-authorization': 'authorization/client-resource-parameter',
    'resource-in-token': 'authorization/client-resource-parameter',
    'resource-canonical': 'authorization/client-resource-canonical-uri',
    'resource-most-specific': 'authorization/client-resource-most-specific',
    'bearer-header': 'authorization/client-bearer-header',
    'token-every-request': 'authorization/client-token-every-request',
    'token-not-in-query': 'authorization/token-not-in-query',
    'own-as-tokens': 'authorization/client-tokens-from-own-as',
  },
  async run(t) {
    // The authorization server lets PKCE and redirect URI faults through (they are judged here, not refused there), so one fault hides no later check.
    const run = await authorizedRun(t, 'auth/metadata-default', { server: { requirePkce: false, pkceMethods: ['S256', 'plain'], redirectMatch: 'prefix' }, protection: { prmAt: ['path'], challengeNamesPrm: true, challengeScope: 'mcp:read' } });
    const { requests, mcp, authorizations, tokenRequests, asRequests, url, origin } = run;
    const first401 = requests.find((r) => r.path === '/mcp' && r.status === 401);
    if (first401 === undefined) return t.blocked('the client made no request to the endpoint that got 401');
    const prmUrl = prmUrlAt(origin, 'path');
    const prmGet = requests.find((r) => r.n > first401.n && `${origin}${r.path}` === prmUrl);
    const asMetadata = asRequests.find((r) => r.endpoint === 'metadata');
    t.check('as-from-prm', that(prmGet !== undefined && asMetadata !== undefined, `the PRM (${prmUrl}) is read, and the authorization server it names is asked for its metadata`, { prm: prmGet === undefined ? 'not read' : describeAuthRequest(prmGet), authorizationServer: asRequests.map(describeAsRequest).slice(0, 6) }));
    const authorization = authorizations[0];
    if (authorization === undefined) return t.blocked(`the client never sent an authorization request (it ended: exit ${run.end.code ?? run.end.signal}; ${run.end.stderr.slice(-2).join(' | ')})`);
    const token = tokenRequests[0];
    const pkce = pkceJudged(authorization, token);
    t.check('uses-pkce', pkce.uses);
    judge(t, 'pkce-s256', pkce.s256);
    t.check('sends-state', that((param(authorization, 'state') ?? '') !== '', 'the authorization request carries a state', { state: param(authorization, 'state') !== undefined }));
    t.check('redirect-loopback-or-https', redirectJudged(authorization));
    judge(t, 'registered-redirect', registeredRedirectJudged(run, authorization));
    const resource = param(authorization, 'resource');
    t.check('resource-in-authorization', that(resource !== undefined, 'the authorization request carries resource', resource ?? null));
    if (token === undefined) return t.blocked('the client never redeemed its authorization code');
    t.check('resource-in-token', that(param(token, 'resource') !== undefined, 'the token request carries resource', param(token, 'resource') ?? null));
    const given = [resource, param(token, 'resource')].filter((r): r is string => r !== undefined);
    t.check('resource-canonical', that(given.length > 0 && given.every((r) => namesServer(r, url)), `resource is a canonical URI of the server (its origin in lower case, no fragment, a path that leads to ${url})`, given));
    if (given.length === 0) t.untestable('resource-most-specific', 'the client sent no resource parameter');
    else t.check('resource-most-specific', that(given.every((r) => r.replace(/\/$/, '') === url), `resource is the most specific URI of the server, the MCP URL ${url} itself`, given));
    const bearer = bearerJudged(mcp, first401);
    t.check('bearer-header', bearer.header);
    judge(t, 'token-every-request', bearer.every);
    const inQuery = requests.filter(tokenInQuery);
    t.check('token-not-in-query', that(inQuery.length === 0, 'no request carries the token in its query string', inQuery.map(describeAuthRequest).slice(0, 8)));
    t.check('own-as-tokens', ownTokensJudged(run));
  },
});

/** Whether a resource parameter is a canonical URI naming the server at `url`: same origin as written (lower case), no query or fragment, its path the MCP path or a leading segment of it. */
function namesServer(resource: string, url: string): boolean {
  let given: URL;
  try {
    given = new URL(resource);
  } catch {
    return false;
  }
  const server = new URL(url);
  const path = given.pathname.replace(/\/$/, '');
  const written = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(resource)?.[0] ?? '';
  return written === written.toLowerCase() && given.origin === server.origin && given.search === '' && given.hash === '' && !resource.includes('#') && (path === '' || path === server.pathname || server.pathname.startsWith(`${path}/`));
}
