import { AUTH_TAG, authorizedRun, clientScenario, endOf, param, that } from '#api';

/**
 * The official suite's auth/offline-access-scope (2026-07-28): the authorization server lists
 * offline_access in scopes_supported and refresh_token in grant_types_supported. A client that wants
 * refresh tokens lists refresh_token in the grant_types it registers (SHOULD), and may add
 * offline_access to its scope (MAY: reported, never failing the run).
 */
export default clientScenario({
  title: 'A client may ask for offline_access where the authorization server lists it',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'refresh-grant-registered': 'authorization/client-grant-types-refresh',
    'offline-access-requested': 'authorization/client-offline-access-when-listed',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/offline-access-scope', { server: { scopesSupported: ['mcp:read', 'mcp:write', 'offline_access'] }, protection: { prmAt: ['path'], challengeNamesPrm: true, challengeScope: 'mcp:read' } });
    const registration = run.registrations[0];
    if (registration === undefined) t.untestable('refresh-grant-registered', `the client did not register by Dynamic Client Registration (${endOf(run)})`);
    else {
      const grants = Array.isArray(registration.params.grant_types) ? registration.params.grant_types.map(String) : [];
      t.check('refresh-grant-registered', that(grants.includes('refresh_token'), 'the registration lists refresh_token in grant_types', registration.params.grant_types ?? null));
    }
    const authorization = run.authorizations[0];
    if (authorization === undefined) return t.blocked(`the client sent no authorization request (${endOf(run)})`);
    const scope = param(authorization, 'scope') ?? '';
    t.check('offline-access-requested', that(scope.split(' ').includes('offline_access'), "the authorization request's scope includes offline_access", run.authorizations.map((r) => param(r, 'scope') ?? null)));
  },
});
