import { AUTH_TAG, authorizedRun, clientScenario, describeAuthRequest, endOf, that } from '#api';

/**
 * No refresh token is issued; when the client calls a tool, its access token is refused as expired
 * (401 invalid_token). A client that does not rely on refresh tokens authorizes again and sends the
 * request once more, which is then served.
 */
export default clientScenario({
  title: 'A client whose access token is refused, with no refresh token, authorizes again',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    reauthorizes: 'authorization/client-no-refresh-assumption',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/token-expired-reauth', { server: { issueRefreshTokens: false }, protection: { prmAt: ['path'], challengeNamesPrm: true, expireOn: ['tools/call'] } });
    const calls = run.mcp.filter((r) => r.messages.some((m) => m.method === 'tools/call'));
    const refused = calls.find((r) => r.status === 401);
    if (refused === undefined) return t.blocked(`no tools/call came with a token to refuse (${endOf(run)})`);
    const served = calls.find((r) => r.n > refused.n && r.status === 200);
    t.check('reauthorizes', that(run.authorizations.length >= 2 && served !== undefined, 'after the refused token, a new authorization, then tools/call again, served', { authorizationRequests: run.authorizations.length, toolsCalls: calls.map(describeAuthRequest) }));
  },
});
