import { AUTH_TAG, authorizedRun, clientScenario, endOf, param, that } from '#api';

/**
 * The official suite's auth/scope-from-www-authenticate: the 401 challenge names the scopes
 * (`mcp:read mcp:extra`), the PRM's scopes_supported only `mcp:read` (a subset of them). The first
 * authorization must ask for the challenged scopes, all of them: the challenge is authoritative,
 * whatever its relation to scopes_supported.
 */
export default clientScenario({
  title: 'A client asks for the challenged scopes, even those scopes_supported lacks',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'challenge-scope': 'authorization/client-scope-selection',
    'not-limited-to-supported': 'authorization/client-challenge-scopes-authoritative',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/scope-from-www-authenticate', { server: { scopesSupported: null }, protection: { prmAt: ['path'], challengeNamesPrm: true, challengeScope: 'mcp:read mcp:extra', scopesSupported: ['mcp:read'] } });
    const first = run.authorizations[0];
    if (first === undefined) return t.blocked(`the client sent no authorization request (${endOf(run)})`);
    const asked = (param(first, 'scope') ?? '').split(' ').filter(Boolean);
    t.check('challenge-scope', that(asked.includes('mcp:read') && asked.includes('mcp:extra'), 'the first authorization request asks for the challenged scopes (mcp:read mcp:extra)', param(first, 'scope') ?? null));
    t.check('not-limited-to-supported', that(asked.includes('mcp:extra'), 'it asks for mcp:extra too, which the challenge names and scopes_supported does not', param(first, 'scope') ?? null));
  },
});
