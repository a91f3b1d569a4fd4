import { authorizedRun, AUTH_TAG, describeAsRequest, describeAuthRequest, hasBearer, param, prmUrlAt, s256, tokenInQuery, clientScenario, that } from '#api';

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
    'resource-in-authorization': 'authorization/client-resource-parameter',
    'resource-in-token': 'authorization/client-resource-parameter',
    'resource-canonical': 'authorization/client-resource-canonical-uri',
    'bearer-header': 'authorization/client-bearer-header',
    'token-every-request': 'authorization/client-token-every-request',
    'token-not-in-query': 'authorization/token-not-in-query',
  },
  async run(t) {
    // The authorization server lets PKCE faults through (they are judged here, not refused there), so one fault hides no later check.
    const run = await authorizedRun(t, 'auth/metadata-default', { server: { requirePkce: false, pkceMethods: ['S256', 'plain'] }, protection: { prmAt: ['path'], challengeNamesPrm: true, challengeScope: 'mcp:read' } });
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
    const challenge = param(authorization, 'code_challenge');
    const verifier = param(token, 'code_verifier');
    t.check('uses-pkce', that(challenge !== undefined && (token === undefined || verifier !== undefined), 'the authorization request carries code_challenge and the token request code_verifier', { code_challenge: challenge !== undefined, code_verifier: token === undefined ? 'no token request' : verifier !== undefined }));
    if (challenge === undefined) t.untestable('pkce-s256', 'the authorization request carries no code_challenge');
    else {
      const method = param(authorization, 'code_challenge_method');
      t.check('pkce-s256', that(method === 'S256' && (verifier === undefined || s256(verifier) === challenge), 'code_challenge_method=S256, and the verifier hashes to the challenge', { code_challenge_method: method ?? null, verifierMatches: verifier === undefined ? 'no verifier' : s256(verifier) === challenge }));
    }
    t.check('sends-state', that((param(authorization, 'state') ?? '') !== '', 'the authorization request carries a state', { state: param(authorization, 'state') !== undefined }));
    const redirect = param(authorization, 'redirect_uri') ?? '';
    t.check('redirect-loopback-or-https', that(/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/])/.test(redirect), 'the redirect_uri is a localhost (loopback) URL or an https one', redirect === '' ? null : redirect));
    const resource = param(authorization, 'resource');
    t.check('resource-in-authorization', that(resource !== undefined, 'the authorization request carries resource', resource ?? null));
    if (token === undefined) return t.blocked('the client never redeemed its authorization code');
    t.check('resource-in-token', that(param(token, 'resource') !== undefined, 'the token request carries resource', param(token, 'resource') ?? null));
    const given = [resource, param(token, 'resource')].filter((r): r is string => r !== undefined);
    t.check('resource-canonical', that(given.length > 0 && given.every((r) => r.replace(/\/$/, '') === url), `resource is the server's canonical URI ${url}`, given));
    const after = mcp.filter((r) => r.n > first401.n);
    const firstBearer = after.find(hasBearer);
    t.check('bearer-header', that(firstBearer !== undefined, 'a request after the authorization carries Authorization: Bearer with the token', after.map(describeAuthRequest).slice(0, 8)));
    if (firstBearer === undefined) t.untestable('token-every-request', 'no request carried the token in the Authorization header');
    else {
      const bare = mcp.filter((r) => r.n > firstBearer.n && !hasBearer(r));
      t.check('token-every-request', that(bare.length === 0, 'every request after the first one with the token carries it too', bare.map(describeAuthRequest).slice(0, 8)));
    }
    const inQuery = requests.filter(tokenInQuery);
    t.check('token-not-in-query', that(inQuery.length === 0, 'no request carries the token in its query string', inQuery.map(describeAuthRequest).slice(0, 8)));
  },
});
