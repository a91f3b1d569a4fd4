import { AUTH_TAG, authorizedRun, clientScenario, endOf, param, that } from '#api';

/**
 * The official suite's auth/scope-from-scopes-supported: the challenge names no scope; the PRM
 * lists scopes_supported. The first authorization must ask for all of them.
 */
export default clientScenario({
  title: 'Without a challenged scope a client asks for every scope of scopes_supported',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'all-supported': 'authorization/client-scope-selection',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/scope-from-scopes-supported', { protection: { prmAt: ['path'], challengeNamesPrm: true, scopesSupported: ['mcp:read', 'mcp:write'] } });
    const first = run.authorizations[0];
    if (first === undefined) return t.blocked(`the client sent no authorization request (${endOf(run)})`);
    const asked = (param(first, 'scope') ?? '').split(' ').filter(Boolean).sort();
    t.check('all-supported', that(JSON.stringify(asked) === JSON.stringify(['mcp:read', 'mcp:write']), 'scope is every scope of scopes_supported: mcp:read mcp:write', param(first, 'scope') ?? null));
  },
});
