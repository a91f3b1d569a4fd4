import { challengedAll, challengeOf, describeRevision, is401, methodWith, postWith, requireProtected, served, exchangeEvidence, scenario, type HttpExchange } from '#api';

// A protected server refuses every request that comes without a token, each with a Bearer challenge
// (basic/authorization, error handling; OAuth 2.1 Section 5.3 and RFC 6750 Section 3).
export default scenario({
  title: 'Every request without an access token gets 401 and a Bearer challenge',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'first-request-401': 'authorization/server-401-without-token',
    'every-request-401': 'authorization/server-401-without-token',
    'bearer-challenge': 'authorization/server-bearer-challenge',
    'no-error-code-without-token': 'authorization/server-no-error-code-without-token',
  },
  async run(t) {
    const { refused } = await requireProtected(t);
    const probes: { exchange: HttpExchange; what: string }[] = [{ exchange: refused, what: 'the first request without a token' }];
    t.check('first-request-401', is401(refused, 'a request without an access token'));

    const stateful = describeRevision(t.revision).stateful;
    const token = t.auth.tokens.valid;
    if (stateful && token === undefined) {
      t.notApplicable('every-request-401', 'needs a session, and so a token: pass --auth-token to check requests after initialize');
    } else {
      // Stateful: a session opened with the run's token, then its requests without it. Stateless: no session to open.
      const connection = stateful ? await t.ready() : await t.connect();
      const inSession = stateful;
      const request = await postWith(connection, connection.requestBody('auth-no-token-request', stateful ? undefined : 'tools/list'), 'none', { inSession });
      const notification = await postWith(connection, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'auth-no-such-request', reason: 'authorization probe' } }), 'none', { inSession });
      const later = [
        { exchange: request, what: stateful ? 'a ping of the session without a token' : 'tools/list without a token' },
        { exchange: notification, what: 'a notification without a token' },
      ];
      if (stateful) {
        // A server that offers no GET stream or no DELETE answers 405 to them whoever asks: that says nothing about tokens.
        for (const method of ['GET', 'DELETE'] as const) {
          const exchange = await methodWith(connection, method, 'none');
          if (exchange.status === 405) t.note(`not judged: ${method} without a token got 405 (the server does not offer ${method} at all)`);
          else later.push({ exchange, what: `${method} of the session without a token` });
        }
      }
      probes.push(...later);
      const wrong = later.filter(({ exchange }) => exchange.status !== 401);
      t.check('every-request-401', {
        ok: wrong.length === 0,
        expected: 'HTTP 401 for every request without a token, not only the first',
        ...(wrong.length ? { actual: wrong.map(({ exchange, what }) => `${what}: ${exchangeEvidence(exchange)}`).join('; '), message: wrong.some(({ exchange }) => served(exchange)) ? 'check the token on every request (every POST, GET and DELETE), not only on the one that opens a session' : 'answer a request without a token with 401 and a Bearer challenge' } : {}),
        frames: later.map(({ exchange }) => exchange.seq),
      });
    }

    t.check('bearer-challenge', challengedAll(probes));
    const coded = probes.filter(({ exchange }) => {
      const found = challengeOf(exchange);
      return exchange.status === 401 && 'challenge' in found && (found.challenge.params.error !== undefined || found.challenge.params.error_description !== undefined);
    });
    t.check('no-error-code-without-token', {
      ok: coded.length === 0,
      expected: 'no error code in the challenge to a request that carried no token (RFC 6750 Section 3.1)',
      ...(coded.length ? { actual: coded.map(({ exchange, what }) => `${what}: WWW-Authenticate: ${exchange.headers['www-authenticate']}`).join('; '), message: 'leave error and error_description out of the challenge when the request had no Authorization header; send error="invalid_token" only for a token that was refused' } : {}),
      frames: probes.map(({ exchange }) => exchange.seq),
    });
  },
});
