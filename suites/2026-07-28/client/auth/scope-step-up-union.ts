import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, param, that } from '#api';

/** tools/call needs mcp:write; the challenge of its 403 names only that scope. */
const NEEDS_WRITE = (method: string) => (method === 'tools/call' ? { scope: 'mcp:write', challenge: 'mcp:write' } : undefined);

/**
 * The step-up of 2026-07-28 (the official suite's sep-2350 check of auth/scope-step-up): the 403
 * names only the scope tools/call lacks (mcp:write); the new authorization must ask for it together
 * with the scopes asked for before (mcp:read), their union.
 */
export default clientScenario({
  title: 'A client stepping up asks for its earlier scopes and the challenged ones',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    union: 'authorization/client-reauth-keeps-granted-scopes',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/scope-step-up', { protection: { prmAt: ['path'], challengeNamesPrm: true, challengeScope: 'mcp:read', scopesSupported: ['mcp:read', 'mcp:write'], needs: NEEDS_WRITE } });
    const stepUp = run.authorizations[1];
    if (stepUp === undefined) return t.blocked(`the client did not authorize again after the 403 (${endOf(run)})`);
    const asked = (param(stepUp, 'scope') ?? '').split(' ');
    t.check('union', that(asked.includes('mcp:read') && asked.includes('mcp:write'), 'the step-up asks for mcp:read (asked before) and mcp:write (challenged)', `${describeAsRequest(stepUp)} scope=${param(stepUp, 'scope') ?? '(none)'}`));
  },
});
