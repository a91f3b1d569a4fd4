import { exchangeEvidence, is401, MADE_UP_TOKEN, noResultIn, postWith, requireProtected, served, sessionlessRequest, tamperedToken, scenario, type HttpExchange } from '#api';

// From 2025-06-18 tokens are bound to their audience (RFC 8707): a token the authorization server
// issued for another resource is refused, and a refused token is refused before anything runs
// (basic/authorization, token handling).
export default scenario({
  title: 'A token for another resource is refused, and a refused request returns nothing',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'wrong-audience-401': 'authorization/server-validates-audience',
    'refused-returns-nothing': 'authorization/server-validates-before-processing',
  },
  async run(t) {
    const { connection, refused } = await requireProtected(t);
    const body = (id: string): string => sessionlessRequest(connection, id);
    const refusals: { exchange: HttpExchange; what: string }[] = [{ exchange: refused, what: 'a request without a token' }];
    refusals.push({ exchange: await postWith(connection, body('auth-made-up'), { token: MADE_UP_TOKEN }), what: 'a request with a made-up token' });

    const valid = t.auth.tokens.valid;
    if (valid !== undefined) refusals.push({ exchange: await postWith(connection, body('auth-tampered'), { token: tamperedToken(valid, t.auth.redactor) }), what: 'a request with a tampered token' });
    const wrong = t.auth.tokens.wrongAudience;
    if (wrong === undefined) {
      t.notApplicable('wrong-audience-401', 'needs a token the same authorization server issued for another resource: pass --auth-token-wrong-audience');
    } else {
      const exchange = await postWith(connection, body('auth-wrong-audience'), { token: wrong });
      refusals.push({ exchange, what: 'a request with a token issued for another resource' });
      t.check('wrong-audience-401', {
        ...is401(exchange, 'a request with a token issued for another resource'),
        ...(served(exchange) ? { message: 'check the token\'s audience (its aud claim, or what introspection says) against this server\'s canonical URI and refuse a token for any other resource' } : {}),
      });
    }

    // Only requests the server refused are judged: one it served is another check's failure.
    const judged = refusals.filter(({ exchange }) => exchange.status !== undefined && !served(exchange));
    const returned = judged.filter(({ exchange, what }) => !noResultIn(exchange, what).ok);
    t.check('refused-returns-nothing', {
      ok: returned.length === 0,
      expected: 'no JSON-RPC result in any refused answer',
      ...(returned.length ? { actual: returned.map(({ exchange, what }) => `${what}: ${exchangeEvidence(exchange)}`).join('; '), message: 'validate the token before processing the request: a refused request must have no effect and return nothing' } : {}),
      frames: judged.map(({ exchange }) => exchange.seq),
    });
  },
});
