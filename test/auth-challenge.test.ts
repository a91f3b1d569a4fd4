import { describe, expect, it } from 'vitest';
import { bearerChallenge, parseChallenges } from '../runner/auth/challenge.js';

describe('WWW-Authenticate parsing', () => {
  it('reads a Bearer challenge with quoted and token parameters', () => {
    const { challenges, problem } = parseChallenges('Bearer resource_metadata="http://127.0.0.1:1/.well-known/oauth-protected-resource/mcp", scope="a b", error=invalid_token');
    expect(problem).toBeUndefined();
    expect(challenges).toEqual([{ scheme: 'Bearer', params: { resource_metadata: 'http://127.0.0.1:1/.well-known/oauth-protected-resource/mcp', scope: 'a b', error: 'invalid_token' } }]);
  });

  it('keeps commas and escaped quotes inside quoted strings, and reads several challenges', () => {
    const { challenges } = parseChallenges('Basic realm="a, \\"b\\"", BEARER Realm=x,error_description="no, really" , Negotiate abc==');
    expect(challenges.map((c) => c.scheme)).toEqual(['Basic', 'BEARER', 'Negotiate']);
    expect(challenges[0]!.params.realm).toBe('a, "b"');
    expect(challenges[1]!.params).toEqual({ realm: 'x', error_description: 'no, really' });
    expect(challenges[2]!.token68).toBe('abc==');
    expect(bearerChallenge('Basic realm=x, bearer')?.scheme).toBe('bearer');
  });

  it('a scheme alone, and what cannot be parsed', () => {
    expect(parseChallenges('Bearer').challenges).toEqual([{ scheme: 'Bearer', params: {} }]);
    expect(parseChallenges('Bearer scope="unterminated').problem).toMatch(/unterminated/);
    expect(parseChallenges('"junk"').problem).toMatch(/scheme/);
    expect(bearerChallenge(undefined)).toBeUndefined();
  });
});
