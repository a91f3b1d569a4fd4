import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, prmRequests, that } from '#api';

/**
 * The official suite's auth/resource-mismatch: the PRM's resource is another server's
 * (https://evil.example.com/mcp). The client must not use it: no authorization request follows.
 */
export default clientScenario({
  title: 'A client does not use Protected Resource Metadata for another resource',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'refuses-foreign-prm': 'authorization/client-checks-prm-resource',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/resource-mismatch', { protection: { prmAt: ['path'], challengeNamesPrm: true, prmResource: 'https://evil.example.com/mcp' } });
    if (prmRequests(run).length === 0) return t.blocked(`the client never read the PRM (${endOf(run)})`);
    t.check('refuses-foreign-prm', that(run.authorizations.length === 0 && run.tokenRequests.length === 0, 'no authorization or token request after a PRM whose resource is https://evil.example.com/mcp', run.asRequests.map(describeAsRequest)));
  },
});
