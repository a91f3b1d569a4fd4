import { AUTH_TAG, authorizedRun, challengePrmJudged, clientScenario, dcrJudged, describeAsRequest, endOf, prmRequests, that } from '#api';

/**
 * From 2025-06-18 to 2025-11-25 (ours): the PRM is only at a URL the 401 challenge names; the
 * authorization server's issuer has a path (/tenant1), so its endpoints (/tenant1/authorize,
 * /tenant1/token, /tenant1/register) are found only in its metadata; it offers Dynamic Client
 * Registration. The client must follow the challenge, take the endpoints from the metadata, and
 * register itself. (From 2025-11-25 on, registration has another order, and metadata-var3 follows
 * the challenge.)
 */
export default clientScenario({
  title: 'A client follows the challenge, uses the metadata endpoints and registers',
  role: 'client',
  transports: ['streamable-http'],
  until: '2025-11-25',
  tags: [AUTH_TAG],
  checks: {
    'parses-challenge': 'authorization/client-parses-www-authenticate',
    'uses-as-metadata': 'authorization/client-uses-as-metadata',
    'supports-dcr': 'authorization/client-supports-dcr',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/as-metadata-endpoints', { server: { issuerPath: '/tenant1' }, protection: { prmAt: ['custom'], challengeNamesPrm: true } });
    if (prmRequests(run).length === 0) return t.blocked(`the client asked for no Protected Resource Metadata (${endOf(run)})`);
    t.check('parses-challenge', challengePrmJudged(run));
    const metadata = run.asRequests.find((r) => r.endpoint === 'metadata' && r.status === 200);
    if (metadata === undefined) return t.blocked(`the client never read the authorization server's metadata (${endOf(run)})`);
    const after = run.asRequests.filter((r) => r.n > metadata.n && r.endpoint !== 'metadata' && !r.path.includes('/.well-known/'));
    if (after.length === 0) {
      t.untestable('uses-as-metadata', `the client sent the authorization server nothing after its metadata (${endOf(run)})`);
    } else {
      const elsewhere = after.filter((r) => !['register', 'authorize', 'token'].includes(r.endpoint));
      const ok = t.check('uses-as-metadata', that(elsewhere.length === 0 && run.authorizations.length > 0, 'the registration, authorization and token requests go to the endpoints the metadata names (under /tenant1)', after.map(describeAsRequest).slice(0, 6)));
      if (!ok) return t.untestable('supports-dcr', 'the client did not use the endpoints of the metadata, the registration endpoint among them');
    }
    t.check('supports-dcr', dcrJudged(run));
  },
});
