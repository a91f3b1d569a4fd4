import { AUTH_TAG, authorizedRun, clientScenario, describeAuthRequest, endOf, hasBearer, that } from '#api';

const METADATA = '/.well-known/oauth-authorization-server';

/**
 * The official suite's auth/2025-03-26-oauth-endpoint-fallback: at 2025-03-26, with no metadata at
 * the MCP origin (404), the client uses the default endpoints /authorize, /token and /register
 * there, after asking for the metadata first.
 */
export default clientScenario({
  title: 'At 2025-03-26 a client without origin metadata uses the default endpoints',
  role: 'client',
  transports: ['streamable-http'],
  until: '2025-06-18',
  tags: [AUTH_TAG],
  checks: {
    'metadata-first': 'authorization/client-metadata-before-defaults',
    'default-endpoints': 'authorization/client-default-endpoints',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/2025-03-26-oauth-endpoint-fallback', { protection: { prmAt: [], challengeNamesPrm: false, asAtOrigin: 'defaults', anyAudience: true } });
    const first401 = run.mcp.find((r) => r.status === 401);
    if (first401 === undefined) return t.blocked(`no request to the endpoint got 401 (${endOf(run)})`);
    const after = run.requests.filter((r) => r.n > first401.n && r.path !== '/mcp');
    const metadata = after.findIndex((r) => r.path === METADATA);
    const defaults = after.findIndex((r) => ['/authorize', '/token', '/register'].includes(r.path));
    t.check('metadata-first', that(metadata >= 0 && (defaults < 0 || metadata < defaults), `${METADATA} is asked for before any default endpoint`, after.map(describeAuthRequest).slice(0, 8)));
    const authorize = after.some((r) => r.path === '/authorize');
    const token = after.some((r) => r.path === '/token' && r.status === 200);
    const served = run.mcp.some((r) => r.n > first401.n && hasBearer(r) && r.status === 200);
    t.check('default-endpoints', that(authorize && token && served, 'the client authorizes at /authorize, redeems at /token, and its requests with the token are served', after.map(describeAuthRequest).slice(0, 8)));
  },
});
