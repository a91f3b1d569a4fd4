import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, describeAuthRequest, endOf, param, that } from '#api';

/** tools/call needs mcp:write; the challenge of its 403 names only that scope. */
const NEEDS_WRITE = (method: string) => (method === 'tools/call' ? { scope: 'mcp:write', challenge: 'mcp:write' } : undefined);

/**
 * The official suite's auth/scope-step-up: the first authorization is for mcp:read (the 401's
 * scope); tools/call then gets 403 insufficient_scope naming mcp:write. The client must authorize
 * again with the challenged scope and send tools/call again, which is then served.
 */
export default clientScenario({
  title: 'On 403 insufficient_scope a client steps up with the challenged scope, retries',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'steps-up': 'authorization/client-step-up',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/scope-step-up', { protection: { prmAt: ['path'], challengeNamesPrm: true, challengeScope: 'mcp:read', scopesSupported: ['mcp:read', 'mcp:write'], needs: NEEDS_WRITE } });
    const calls = run.mcp.filter((r) => r.messages.some((m) => m.method === 'tools/call'));
    const refused = calls.find((r) => r.status === 403);
    if (refused === undefined) return t.blocked(`no tools/call got the 403 (${endOf(run)})`);
    const later = run.authorizations.slice(1);
    const stepUp = later.find((r) => (param(r, 'scope') ?? '').split(' ').includes('mcp:write'));
    const served = calls.find((r) => r.n > refused.n && r.status === 200);
    t.check('steps-up', that(stepUp !== undefined && served !== undefined, 'after the 403, an authorization request with scope mcp:write, then tools/call again, served', { authorizations: run.authorizations.map((r) => `${describeAsRequest(r)} scope=${param(r, 'scope') ?? '(none)'}`), toolsCalls: calls.map(describeAuthRequest) }));
  },
});
