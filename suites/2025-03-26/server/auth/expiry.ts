import { exchangeEvidence, postWith, requireProtected, served, sessionlessRequest, scenario } from '#api';

// 2025-03-26 asks servers to enforce token expiry (basic/authorization, security considerations):
// an expired token no longer opens anything. The status it gets is refused-tokens' business; the
// rotation half is the authorization server's (authorization-server/refresh-rotation).
export default scenario({
  title: 'An expired access token is no longer served',
  role: 'server',
  until: '2025-06-18',
  transports: ['streamable-http'],
  checks: {
    'expired-token-not-served': 'authorization/server-enforces-expiry',
  },
  async run(t) {
    const expired = t.auth.tokens.expired;
    if (expired === undefined) return t.skip('needs an expired token from the server\'s authorization server: pass --auth-token-expired');
    const { connection } = await requireProtected(t);
    const exchange = await postWith(connection, sessionlessRequest(connection, 'auth-expired'), { token: expired });
    t.check('expired-token-not-served', {
      ok: exchange.status !== undefined && !served(exchange),
      expected: 'a request with an expired token refused',
      actual: exchangeEvidence(exchange),
      frames: [exchange.seq],
      ...(served(exchange) ? { message: 'check each token\'s expiry (its exp claim, or what introspection says) on every request and refuse one that has expired' } : {}),
    });
  },
});
