import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, that } from '#api';

/**
 * The official suite's auth/metadata-issuer-mismatch: the authorization server's metadata names
 * an issuer other than the one its URL was built from. The client must not use that metadata: no
 * registration, no authorization request.
 */
export default clientScenario({
  title: 'A client does not use authorization server metadata naming another issuer',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'refuses-metadata': 'authorization/client-checks-as-issuer',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/metadata-issuer-mismatch', { server: { metadataOverrides: { issuer: 'https://issuer.invalid' } }, protection: { prmAt: ['path'], challengeNamesPrm: true } });
    if (!run.asRequests.some((r) => r.endpoint === 'metadata')) return t.blocked(`the client never read the authorization server's metadata (${endOf(run)})`);
    const used = run.asRequests.filter((r) => r.endpoint === 'register' || r.endpoint === 'authorize' || r.endpoint === 'token');
    t.check('refuses-metadata', that(used.length === 0, 'no registration, authorization or token request after metadata naming issuer https://issuer.invalid', used.map(describeAsRequest)));
  },
});
