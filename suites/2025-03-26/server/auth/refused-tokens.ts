import { challengedAll, exchangeEvidence, is401, MADE_UP_TOKEN, postWith, requireProtected, served, sessionlessRequest, tamperedToken, scenario, type HttpExchange } from '#api';

// The server validates every token it is given and answers a bad one with 401 (basic/authorization,
// access token usage and error handling; OAuth 2.1 Section 5.2): made up, tampered with, expired, or
// given in the query string, where no token may travel.
export default scenario({
  title: 'A made-up, tampered, expired or query-string token is refused with 401',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'made-up-token-401': 'authorization/server-401-invalid-or-expired',
    'tampered-token-401': 'authorization/server-validates-tokens',
    'expired-token-401': 'authorization/server-401-invalid-or-expired',
    'query-token-refused': 'authorization/token-not-in-query',
    'refusal-challenge': 'authorization/server-bearer-challenge',
  },
  async run(t) {
    const { connection } = await requireProtected(t);
    const body = (id: string): string => sessionlessRequest(connection, id);
    const refusals: { exchange: HttpExchange; what: string }[] = [];
    const refusedToken = async (check: 'made-up-token-401' | 'tampered-token-401' | 'expired-token-401', token: string, what: string): Promise<void> => {
      const exchange = await postWith(connection, body(`auth-${check}`), { token });
      refusals.push({ exchange, what });
      t.check(check, is401(exchange, what));
    };

    await refusedToken('made-up-token-401', MADE_UP_TOKEN, 'a request with a token no authorization server issued');

    const valid = t.auth.tokens.valid;
    if (valid === undefined) {
      t.notApplicable('tampered-token-401', 'needs a valid token to tamper with: pass --auth-token');
      t.notApplicable('query-token-refused', 'needs a valid token: pass --auth-token');
    } else {
      // The control: the same request with the token as given is served, or nothing below shows anything.
      const control = await postWith(connection, body('auth-valid-token'), { token: valid });
      if (!served(control)) {
        t.untestable('tampered-token-401', `the --auth-token given was not accepted (${exchangeEvidence(control)}), so refusing a changed copy of it shows nothing`);
        t.untestable('query-token-refused', `the --auth-token given was not accepted in the Authorization header (${exchangeEvidence(control)})`);
      } else {
        await refusedToken('tampered-token-401', tamperedToken(valid, t.auth.redactor), 'a request with a copy of the valid token with one character changed');
        const url = new URL(connection.http!.url);
        url.searchParams.set('access_token', valid);
        t.note('POST to the endpoint with the valid token as ?access_token= and no Authorization header');
        const query = await postWith(connection, body('auth-query-token'), 'none', { url: url.href });
        refusals.push({ exchange: query, what: 'a request with the token in the query string' });
        t.check('query-token-refused', {
          ...is401(query, 'a request whose only token is in the query string'),
          ...(served(query) ? { message: 'the server took the token from the query string: read tokens from the Authorization header only, and answer as if none was sent' } : {}),
        });
      }
    }

    const expired = t.auth.tokens.expired;
    if (expired === undefined) t.notApplicable('expired-token-401', 'needs an expired token from the server\'s authorization server: pass --auth-token-expired');
    else await refusedToken('expired-token-401', expired, 'a request with an expired token');

    t.check('refusal-challenge', challengedAll(refusals));
  },
});
