import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, param, that } from '#api';

/** How many registration requests a client may send in all after a refusal (a retry with adjusted values is allowed; a loop is not). */
const MAX_REGISTRATIONS = 3;

/**
 * Ours: the authorization server's metadata advertises public clients (token endpoint auth
 * method `none`), yet its registration endpoint refuses every request for one (400
 * invalid_client_metadata). With no client id, the client must not start the authorization flow;
 * it may retry with adjusted values a few times, then stop (and report it, which the harness does
 * not judge).
 */
export default clientScenario({
  title: 'A client whose registration is refused neither authorizes nor loops',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'stops-after-refusal': 'authorization/client-handles-registration-refusal',
    'client-id-first': 'authorization/client-obtains-client-id',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/registration-refused', {
      server: { metadataOverrides: { token_endpoint_auth_methods_supported: ['none'] }, tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'] },
      protection: { prmAt: ['path'], challengeNamesPrm: true },
    });
    const refused = run.registrations.find((r) => r.status !== undefined && r.status >= 400);
    if (refused === undefined) return t.blocked(`no registration was refused: the client ${run.registrations.length === 0 ? 'never registered' : 'registered as a confidential client, which is accepted'} (${endOf(run)})`);
    const issued = run.as.records.registrations.map((r) => r.clientId);
    const withoutId = run.authorizations.filter((r) => !issued.includes(param(r, 'client_id') ?? ''));
    t.check('stops-after-refusal', that(run.registrations.length <= MAX_REGISTRATIONS && withoutId.length === 0, `after the refusal, at most ${MAX_REGISTRATIONS} registration requests in all, and no authorization request without a client id the server issued`, { registrations: run.registrations.map(describeAsRequest), authorizationsWithoutIssuedId: withoutId.length }));
    t.check('client-id-first', that(withoutId.length === 0, 'every authorization request carries a client id the server issued', run.authorizations.map((r) => param(r, 'client_id') ?? null)));
  },
});
