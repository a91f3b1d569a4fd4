import { exchangeEvidence, forgedToken, namedByServer, postWith, requireProtected, served, sessionlessRequest, scenario } from '#api';

// From 2025-06-18 a server accepts only tokens its authorization server issued for it
// (basic/authorization, token handling). A token for another resource is audience's probe; here,
// well-formed tokens naming this resource and its issuer that the issuer never signed: one signed
// with a key of the harness's own, and one with no signature at all (alg none).
export default scenario({
  title: 'A token for this server that its authorization server never signed is refused',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'other-key-token-refused': 'authorization/server-rejects-foreign-tokens',
    'unsigned-token-refused': 'authorization/server-rejects-foreign-tokens',
  },
  async run(t) {
    const { connection, refused } = await requireProtected(t);
    // Claims as a real token's would be: the issuer and scopes the server names, where it names them.
    const named = await namedByServer(connection, refused, (text) => t.note(text));
    const claims = { audience: connection.http!.url, issuer: t.auth.issuer ?? named.issuer ?? new URL(connection.http!.url).origin, scopes: named.scopes };
    t.note(`forged tokens claim iss=${claims.issuer}, aud=${claims.audience}, scope="${claims.scopes.join(' ')}"`);
    for (const [check, signing, what] of [
      ['other-key-token-refused', 'other-key', 'a JWT for this server signed with a key its authorization server does not hold'],
      ['unsigned-token-refused', 'unsigned', 'an unsigned JWT (alg none) for this server'],
    ] as const) {
      const exchange = await postWith(connection, sessionlessRequest(connection, `auth-${signing}`), { token: forgedToken(claims, signing) });
      t.check(check, {
        ok: exchange.status !== undefined && !served(exchange),
        expected: `${what} refused`,
        actual: exchangeEvidence(exchange),
        frames: [exchange.seq],
        ...(served(exchange) ? { message: `${what} was served: verify every token's signature with the authorization server's key (and refuse alg none) before believing its claims` } : {}),
      });
    }
  },
});
