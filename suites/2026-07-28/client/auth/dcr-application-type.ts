import { AUTH_TAG, authorizedRun, clientScenario, endOf, that } from '#api';

/**
 * Dynamic Client Registration at 2026-07-28 (the official suite's sep-837 check): the registration
 * request must name an application_type, "native" for a client whose redirect URIs are on
 * localhost or a loopback address; and a client that wants refresh tokens lists refresh_token in its
 * grant_types (the reference does).
 */
export default clientScenario({
  title: 'A client registering dynamically names application_type native and refresh',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'application-type': 'authorization/client-dcr-application-type',
    'native-for-loopback': 'authorization/client-dcr-application-type-fits',
    'grant-types-refresh': 'authorization/client-grant-types-refresh',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/dcr-application-type', { protection: { prmAt: ['path'], challengeNamesPrm: true } });
    const registration = run.registrations[0];
    if (registration === undefined) return t.blocked(`the client did not register (${endOf(run)})`);
    const grants = Array.isArray(registration.params.grant_types) ? registration.params.grant_types.map(String) : [];
    t.check('grant-types-refresh', that(grants.includes('refresh_token'), 'the registration lists refresh_token in grant_types', registration.params.grant_types ?? null));
    const type = registration.params.application_type;
    t.check('application-type', that(typeof type === 'string' && type !== '', 'the registration request has application_type', type ?? null));
    const uris = Array.isArray(registration.params.redirect_uris) ? registration.params.redirect_uris.map(String) : [];
    const loopback = uris.length > 0 && uris.every((u) => /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/)/.test(u));
    if (type === undefined) t.untestable('native-for-loopback', 'the registration request has no application_type');
    else if (!loopback) t.untestable('native-for-loopback', `its redirect URIs are not all on loopback: ${JSON.stringify(uris)}`);
    else t.check('native-for-loopback', that(type === 'native', 'application_type "native" for loopback redirect URIs', { application_type: type, redirect_uris: uris }));
  },
});
