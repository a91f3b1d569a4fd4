import { ANY_REDIRECT, AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, param, PRE_REGISTERED, that } from '#api';

/**
 * The official suite's auth/pre-registration: MCP_CONFORMANCE_CONTEXT gives client_id and
 * client_secret (pre-registered with the authorization server, which also offers Dynamic Client
 * Registration). The client must use them, and not register.
 */
export default clientScenario({
  title: 'A client with pre-registered credentials uses them instead of registering',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'uses-preregistered': 'authorization/client-supports-preregistration',
    'no-registration': 'authorization/client-registration-priority',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/pre-registration', {
      server: { clients: [{ id: PRE_REGISTERED.client_id, secret: PRE_REGISTERED.client_secret, redirectUris: ANY_REDIRECT }], redirectMatch: 'prefix' },
      protection: { prmAt: ['path'], challengeNamesPrm: true },
      context: { ...PRE_REGISTERED },
    });
    const first = run.authorizations[0];
    if (first === undefined && run.registrations.length === 0) return t.blocked(`the client neither registered nor sent an authorization request (${endOf(run)})`);
    t.check('uses-preregistered', that(first !== undefined && param(first, 'client_id') === PRE_REGISTERED.client_id, `the authorization request's client_id is ${PRE_REGISTERED.client_id}`, first === undefined ? 'no authorization request' : (param(first, 'client_id') ?? null)));
    t.check('no-registration', that(run.registrations.length === 0, 'no Dynamic Client Registration request', run.registrations.map(describeAsRequest)));
  },
});
