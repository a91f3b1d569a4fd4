/**
 * PKCE (RFC 7636) and the other one-time values of an authorization request, as the harness makes
 * them when it acts as an OAuth client. Every value here is a secret of the run: add it to the run's
 * redactor before recording anything that holds it.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A code_verifier: 43 characters of the unreserved set (32 random bytes, base64url; RFC 7636 Section 4.1). */
export function newVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** The code_challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))) for S256, the verifier itself for plain (Section 4.2). */
export function challengeOf(verifier: string, method: 'S256' | 'plain' = 'S256'): string {
  return method === 'plain' ? verifier : createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A `state` value: unguessable, so a redirect that carries it back belongs to this request. */
export function newState(): string {
  return randomBytes(16).toString('base64url');
}

/** A verifier, its S256 challenge and a state, for one authorization request. */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
  state: string;
}

export function newPkce(): PkcePair {
  const verifier = newVerifier();
  return { verifier, challenge: challengeOf(verifier), method: 'S256', state: newState() };
}
