import { AUTH_TAG, authorizedRun, clientScenario, describeAuthRequest, endOf, that } from '#api';

const METADATA = '/.well-known/oauth-authorization-server';

/**
 * At 2025-03-26 (ours; the official suite has the mismatch only with Protected Resource Metadata):
 * the metadata at the MCP origin names another issuer than that origin. The client must not use
 * it (RFC 8414 Section 3.3): no request to the endpoints it names. Nor may it fall back to the
 * default endpoints: those are for an origin without metadata, and this one has some.
 */
export default clientScenario({
  title: 'At 2025-03-26 a client refuses origin metadata naming another issuer',
  role: 'client',
  transports: ['streamable-http'],
  until: '2025-06-18',
  tags: [AUTH_TAG],
  checks: {
    'refuses-metadata': 'authorization/client-checks-as-issuer',
    'no-default-fallback': 'authorization/client-metadata-before-defaults',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/2025-03-26-oauth-metadata-issuer-mismatch', { protection: { prmAt: [], challengeNamesPrm: false, asAtOrigin: 'metadata', originIssuer: 'https://issuer.invalid', anyAudience: true } });
    const metadata = run.requests.find((r) => r.path === METADATA);
    if (metadata === undefined) return t.blocked(`the client never asked for ${METADATA} at the MCP origin (${endOf(run)})`);
    const after = run.requests.filter((r) => r.n > metadata.n && r.path !== '/mcp');
    const named = after.filter((r) => r.path.startsWith('/oauth/'));
    t.check('refuses-metadata', that(named.length === 0, 'no request to the endpoints named by metadata whose issuer is https://issuer.invalid', named.map(describeAuthRequest)));
    const defaults = after.filter((r) => ['/authorize', '/token', '/register'].includes(r.path));
    t.check('no-default-fallback', that(defaults.length === 0, 'no request to the default endpoints either: the origin has metadata, only it is not to be used', defaults.map(describeAuthRequest)));
  },
});
