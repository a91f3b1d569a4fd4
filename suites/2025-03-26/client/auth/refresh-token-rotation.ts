import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, hasBearer, param, that } from '#api';

/**
 * Ours (the official suite has no refresh scenario): the authorization server issues refresh
 * tokens and rotates them, each refresh returning a new one and revoking the one used. The
 * client's access token is refused as expired on the first initialize, tools/list and tools/call
 * that carry one (those the revision and the client have: two are enough). A client
 * that refreshes must present, the second time, the refresh token the first refresh returned,
 * never the one that was rotated out. The server is found both ways: through Protected Resource
 * Metadata (2025-06-18 on) and as metadata at the MCP origin (2025-03-26).
 */
export default clientScenario({
  title: 'A client refreshing again presents the rotated refresh token, not the old one',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'discards-rotated': 'authorization/client-discards-rotated-refresh-token',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/refresh-token-rotation', {
      server: { rotateRefreshTokens: true, issueRefreshTokens: true },
      // The audience is not what is judged here (2025-03-26 clients send no resource).
      protection: { prmAt: ['path'], challengeNamesPrm: true, asAtOrigin: 'metadata', anyAudience: true, expireOn: ['initialize', 'tools/list', 'tools/call'] },
    });
    if (!run.mcp.some((r) => r.status === 401 && hasBearer(r))) return t.blocked(`no request came with a token to refuse as expired (${endOf(run)})`);
    const refreshes = run.asRequests.filter((r) => r.endpoint === 'token' && param(r, 'grant_type') === 'refresh_token');
    if (refreshes.length < 2) {
      return t.notApplicable('discards-rotated', `the client refreshed ${refreshes.length === 0 ? 'never' : 'once'}: with no refresh after a rotation there is no old refresh token to reuse (authorizing anew is allowed)`);
    }
    // Every refresh rotates: a refresh token presented twice was rotated out the first time.
    const seen = new Set<string>();
    const reused = refreshes.filter((r) => {
      const token = param(r, 'refresh_token') ?? '';
      const again = seen.has(token);
      seen.add(token);
      return again;
    });
    t.check('discards-rotated', that(reused.length === 0, 'each refresh presents the refresh token the previous one returned, none presented twice', { refreshes: refreshes.map(describeAsRequest), reusedRotatedToken: reused.length }));
  },
});
