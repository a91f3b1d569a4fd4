import { AUTH_TAG, authorizedRun, clientScenario, endOf, param, that } from '#api';

/**
 * The official suite's auth/offline-access-not-supported (2026-07-28): the authorization server's
 * scopes_supported does not list offline_access. The text lets a client ask for it only where it is
 * listed, so no authorization request here carries it (graded by that permission's MAY).
 */
export default clientScenario({
  title: 'A client does not ask for offline_access where the server does not list it',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'only-when-listed': 'authorization/client-offline-access-when-listed',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/offline-access-not-supported', { server: { scopesSupported: ['mcp:read', 'mcp:write'] }, protection: { prmAt: ['path'], challengeNamesPrm: true, challengeScope: 'mcp:read' } });
    if (run.authorizations.length === 0) return t.blocked(`the client sent no authorization request (${endOf(run)})`);
    const scopes = run.authorizations.map((r) => param(r, 'scope') ?? '');
    t.check('only-when-listed', that(scopes.every((s) => !s.split(' ').includes('offline_access')), 'no authorization request asks for offline_access', scopes));
  },
});
