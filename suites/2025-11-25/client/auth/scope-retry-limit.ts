import { AUTH_TAG, authorizedRun, clientScenario, describeAuthRequest, that } from '#api';

/** The most authorizations for one operation the harness takes as "a few" (the official suite's limit). */
const MAX_RETRIES = 3;

/**
 * The official suite's auth/scope-retry-limit: tools/call needs a scope the authorization server
 * never grants (mcp:admin), so every try gets 403 insufficient_scope again. The client must give up
 * after a few authorizations, not loop.
 */
export default clientScenario({
  title: 'A client refused with 403 insufficient_scope again stops after a few tries',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    bounded: 'authorization/client-step-up-retry-limit',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/scope-retry-limit', {
      protection: { prmAt: ['path'], challengeNamesPrm: true, challengeScope: 'mcp:read', scopesSupported: ['mcp:read', 'mcp:write'], needs: (method) => (method === 'tools/call' ? { scope: 'mcp:admin', challenge: 'mcp:admin' } : undefined) },
    });
    const refused = run.mcp.find((r) => r.status === 403);
    if (refused === undefined) return t.blocked('no request got the 403');
    const retries = run.authorizations.length - 1;
    t.check('bounded', that(retries <= MAX_RETRIES, `at most ${MAX_RETRIES} authorizations after the first 403`, { authorizationsAfterFirst: retries, refusedRequests: run.mcp.filter((r) => r.status === 403).length, first403: describeAuthRequest(refused) }));
  },
});
