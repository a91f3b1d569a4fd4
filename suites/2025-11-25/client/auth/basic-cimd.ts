import { ANY_REDIRECT, AUTH_TAG, authorizedRun, CIMD_URL, clientScenario, describeAsRequest, endOf, param, that } from '#api';

/**
 * The official suite's auth/basic-cimd: the authorization server advertises
 * client_id_metadata_document_supported (and also offers Dynamic Client Registration). A client
 * with no pre-registered credentials must identify itself by the https URL of its metadata
 * document rather than register. The harness's server knows the official suite's client id URL
 * (it fetches no document, as the official suite's does not).
 */
export default clientScenario({
  title: 'A client uses a metadata document URL as client id where the server supports it',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'cimd-before-dcr': 'authorization/client-registration-priority',
    'cimd-url': 'authorization/client-cimd-url',
    'supports-cimd': 'authorization/client-supports-cimd',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/basic-cimd', {
      server: { cimdAdvertised: true, clients: [{ id: CIMD_URL, redirectUris: ANY_REDIRECT }], redirectMatch: 'prefix' },
      protection: { prmAt: ['path'], challengeNamesPrm: true },
    });
    const first = run.authorizations[0];
    if (first === undefined && run.registrations.length === 0) return t.blocked(`the client neither registered nor sent an authorization request (${endOf(run)})`);
    const clientId = param(first, 'client_id');
    const url = /^https:\/\/[^/]+\/./.test(clientId ?? '');
    t.check('cimd-before-dcr', that(run.registrations.length === 0 && url, 'no Dynamic Client Registration: the client id is a metadata document URL', { registrations: run.registrations.map(describeAsRequest), client_id: clientId ?? null }));
    const isUrl = first !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(clientId ?? '');
    t.check('supports-cimd', that(isUrl && run.registrations.length === 0, 'the client identifies itself by a URL client id (its metadata document), not by a registration', { client_id: clientId ?? null, registrations: run.registrations.length }));
    if (!isUrl) return t.untestable('cimd-url', 'the client did not use a URL as its client id');
    t.check('cimd-url', that(url, 'the client id URL is https and has a path', clientId ?? null));
  },
});
