import { challengeOf, exchangeEvidence, refusedForScope, requireProtected, scopeLimitedToken, scopesOf, scenario } from '#api';

// From 2025-11-25 a valid token without the scopes a request needs gets 403 with an
// insufficient_scope challenge saying which scopes would do (basic/authorization, runtime
// insufficient scope errors; RFC 6750 Section 3.1).
export default scenario({
  title: 'A token lacking a needed scope gets 403 insufficient_scope, naming the scopes',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'insufficient-scope-403': 'authorization/server-403-insufficient-scope',
  },
  async run(t) {
    const { connection } = await requireProtected(t);
    const limited = await scopeLimitedToken(t);
    if (limited === undefined) return t.skip('needs a valid token with fewer scopes than the server needs: pass --auth-token-insufficient-scope, or --authorize');
    if ('problem' in limited) return t.blocked(limited.problem);
    const tried = await refusedForScope(t, connection, limited.token);
    if ('served' in tried) return t.skip(`the server served every request made with the limited token (${tried.served.join(', ')}): none of them needs a scope it lacks`);
    const { exchange, what } = tried.refused;
    const found = challengeOf(exchange);
    const params = 'challenge' in found ? found.challenge.params : {};
    const problems = [
      ...(exchange.status !== 403 ? [`HTTP ${exchange.status ?? 'none'} instead of 403`] : []),
      ...('problem' in found ? [found.problem] : []),
      ...('challenge' in found && params.error !== 'insufficient_scope' ? [`error=${params.error ?? '(none)'} instead of insufficient_scope`] : []),
      ...('challenge' in found && scopesOf(params.scope).length === 0 ? ['no scope parameter naming the scopes needed'] : []),
      ...('challenge' in found && params.resource_metadata === undefined ? ['no resource_metadata'] : []),
    ];
    t.check('insufficient-scope-403', {
      ok: problems.length === 0,
      expected: `HTTP 403 with WWW-Authenticate: Bearer error="insufficient_scope", scope="<scopes needed>", resource_metadata="<metadata URL>" for ${what} with a token lacking a scope`,
      actual: `${exchangeEvidence(exchange)}; WWW-Authenticate: ${exchange.headers['www-authenticate'] ?? '(none)'}`,
      frames: [exchange.seq],
      ...(problems.length ? { message: `${problems.join('; ')}: a client steps up only when told which scopes to ask for` } : {}),
    });
  },
});
