/**
 * Access tokens of the authorization servers this project runs itself: the reference's (the one
 * under test in the reference's protected mode) and the ones the harness hosts for clients under
 * test. They are JWTs in the RFC 9068 profile (`typ: at+jwt`) signed with HMAC-SHA256 under a key
 * the authorization server and its resource servers share, so a resource server validates a token
 * without asking anyone: signature (a tampered token fails), expiry, audience.
 *
 * Nothing outside these fixtures depends on the format: a server under test may use any token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token says (RFC 9068 Section 2.2 claims, the ones these fixtures use). */
export interface TokenClaims {
  /** The authorization server's issuer identifier. */
  iss: string;
  /** The resource (RFC 8707) the token is for: the canonical URI of the MCP server. */
  aud: string;
  /** The user, or for client credentials the client. */
  sub: string;
  client_id: string;
  /** Space-separated scopes granted. */
  scope: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  /** Unique per token, so two tokens minted in the same second differ. */
  jti: string;
}

/** Why a token is refused; `malformed` and `signature` are both an invalid token to a client. */
export type TokenProblem = 'malformed' | 'signature' | 'expired' | 'audience';

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'at+jwt' }));

/** A fresh random signing key (32 bytes, base64url). */
export function newTokenKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Mints a token. `ttlSeconds` may be negative: a token that expired that long ago (what the
 * expired-token checks need without waiting for one to expire).
 */
export function mintToken(key: string, claims: Omit<TokenClaims, 'iat' | 'exp' | 'jti'> & { ttlSeconds: number; now?: number }): string {
  const { ttlSeconds, now = Date.now(), ...rest } = claims;
  const iat = Math.floor(now / 1000);
  const body: TokenClaims = { ...rest, iat: Math.min(iat, iat + ttlSeconds - 60), exp: iat + ttlSeconds, jti: randomBytes(9).toString('base64url') };
  const signingInput = `${HEADER}.${base64url(JSON.stringify(body))}`;
  return `${signingInput}.${sign(key, signingInput)}`;
}

/**
 * The claims of a token this key signed, or why it is refused. `audience`, when given, must equal
 * the token's `aud` after both are put in the canonical form (see {@link sameResource}).
 */
export function readToken(key: string, token: string, expect: { audience?: string; now?: number } = {}): { claims: TokenClaims } | { problem: TokenProblem } {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { problem: 'malformed' };
  const given = Buffer.from(parts[2]!, 'base64url');
  const wanted = Buffer.from(sign(key, `${parts[0]}.${parts[1]}`), 'base64url');
  // base64url decoding ignores stray characters, so compare the text too: a token with a changed
  // character in its signature must fail even when the decoded bytes happen to be the same.
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted) || parts[2] !== wanted.toString('base64url')) return { problem: 'signature' };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { problem: 'malformed' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.aud !== 'string' || typeof claims.scope !== 'string') return { problem: 'malformed' };
  if (claims.exp * 1000 <= (expect.now ?? Date.now())) return { problem: 'expired' };
  if (expect.audience !== undefined && !sameResource(claims.aud, expect.audience)) return { problem: 'audience' };
  return { claims };
}

/** The scopes of a space-separated scope string (RFC 6749 Section 3.3), without empties. */
export function scopesOf(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter((s) => s !== '');
}

/**
 * Whether two resource identifiers name the same resource: scheme and host compare
 * case-insensitively (URL parsing lowers them), the fragment is not part of a resource, and one
 * trailing slash makes no difference (the MCP text's canonical URI form).
 */
export function sameResource(a: string, b: string): boolean {
  const canonical = (uri: string): string | undefined => {
    try {
      const url = new URL(uri);
      url.hash = '';
      return url.href.replace(/\/$/, '');
    } catch {
      return undefined;
    }
  };
  const ca = canonical(a);
  return ca !== undefined && ca === canonical(b);
}

function sign(key: string, input: string): string {
  return createHmac('sha256', key).update(input).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
