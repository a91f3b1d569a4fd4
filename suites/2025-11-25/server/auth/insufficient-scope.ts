import { challengeOf, describeRevision, exchangeEvidence, postWith, requireProtected, scopesOf, served, sessionlessRequest, scenario, type HttpExchange } from '#api';

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
    const limited = t.auth.tokens.insufficientScope;
    if (limited === undefined) return t.skip('needs a valid token with fewer scopes than the server needs: pass --auth-token-insufficient-scope');
    const { connection } = await requireProtected(t);
    // Where a scope is missing is the server's business: the first request, or one of a session opened with the run's own token.
    const tried: { exchange: HttpExchange; what: string }[] = [{ exchange: await postWith(connection, sessionlessRequest(connection, 'auth-limited'), { token: limited }), what: 'the first request' }];
    const valid = t.auth.tokens.valid;
    if (served(tried[0]!.exchange) && valid !== undefined) {
      const session = describeRevision(t.revision).stateful ? await t.ready() : await t.connect();
      for (const method of ['tools/list', 'resources/list', 'prompts/list']) {
        tried.push({ exchange: await postWith(session, session.requestBody(`auth-limited-${method}`, method), { token: limited }, { inSession: describeRevision(t.revision).stateful }), what: method });
      }
    }
    const refused = tried.find(({ exchange }) => !served(exchange));
    if (!refused) return t.skip(`the server served every request made with the limited token (${tried.map((x) => x.what).join(', ')}): none of them needs a scope it lacks`);
    const { exchange, what } = refused;
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
