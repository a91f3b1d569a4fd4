import { exchangeEvidence, postWith, refusedForScope, requireProtected, scopeLimitedToken, served, sessionlessRequest, scenario, type Credential } from '#api';

// Each authorization error has its status (basic/authorization, error handling): 401 when a token is
// missing or invalid, 403 for insufficient scope, 400 for a malformed request. RFC 6750 Section 3.1
// says how to tell them apart: a header with another scheme carries no token at all (401); "Bearer"
// with no token is malformed, or a token that cannot be valid: 400 or 401, never served or a 5xx.
export default scenario({
  title: 'Authorization errors get 401, 403 or 400 as the error handling table says',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'empty-bearer-400-or-401': 'authorization/server-error-status-codes',
    'other-scheme-401': 'authorization/server-error-status-codes',
    'insufficient-scope-status-403': 'authorization/server-error-status-codes',
  },
  async run(t) {
    const { connection } = await requireProtected(t);
    const send = (credential: Credential, id: string) => postWith(connection, sessionlessRequest(connection, id), credential);
    const judge = (check: 'empty-bearer-400-or-401' | 'other-scheme-401', exchange: Awaited<ReturnType<typeof send>>, allowed: readonly number[], what: string, fix: string): void =>
      void t.check(check, {
        ok: exchange.status !== undefined && allowed.includes(exchange.status),
        expected: `HTTP ${allowed.join(' or ')} for ${what}`,
        actual: exchangeEvidence(exchange),
        frames: [exchange.seq],
        ...(exchange.status !== undefined && !allowed.includes(exchange.status) ? { message: served(exchange) ? `${what} was served: ${fix}` : fix } : {}),
      });

    const empty = await send({ header: 'Bearer' }, 'auth-empty-bearer');
    judge('empty-bearer-400-or-401', empty, [400, 401], 'an Authorization header of "Bearer" with no token', 'answer it as a malformed request (400, error="invalid_request") or as a request without a valid token (401 with a Bearer challenge)');
    // Credentials of a scheme the server does not take are no token at all (RFC 6750 Section 3.1).
    const basic = await send({ header: `Basic ${Buffer.from('mcp-conformance:not-a-password').toString('base64')}` }, 'auth-basic');
    judge('other-scheme-401', basic, [401], 'an Authorization header of the Basic scheme', 'answer credentials of another scheme as a request without a token: 401 with a Bearer challenge');

    const limited = await scopeLimitedToken(t);
    if (limited === undefined) return t.notApplicable('insufficient-scope-status-403', 'needs a valid token with fewer scopes than the server needs: pass --auth-token-insufficient-scope, or --authorize');
    if ('problem' in limited) return t.untestable('insufficient-scope-status-403', limited.problem);
    const tried = await refusedForScope(t, connection, limited.token);
    if ('served' in tried) return t.notApplicable('insufficient-scope-status-403', `every request made with the limited token was served (${tried.served.join(', ')}): none of them needs a scope it lacks`);
    const { exchange, what } = tried.refused;
    t.check('insufficient-scope-status-403', {
      ok: exchange.status === 403,
      expected: `HTTP 403 for ${what} with a valid token lacking a scope it needs`,
      actual: exchangeEvidence(exchange),
      frames: [exchange.seq],
      ...(exchange.status !== 403 ? { message: 'answer a valid token that lacks a needed scope with 403 (error="insufficient_scope"), not as an invalid token' } : {}),
    });
  },
});
