import { describe, expect, it } from 'vitest';
import { mintToken, newTokenKey, readToken, sameResource, scopesOf } from '../runner/auth/tokens.js';

const key = newTokenKey();
const claims = { iss: 'http://127.0.0.1:1/', aud: 'http://127.0.0.1:2/mcp', sub: 'user', client_id: 'c', scope: 'mcp:read mcp:write' };

describe('fixture access tokens', () => {
  it('reads back what was minted, for the right audience', () => {
    const token = mintToken(key, { ...claims, ttlSeconds: 60 });
    const read = readToken(key, token, { audience: 'http://127.0.0.1:2/mcp/' });
    expect('claims' in read && read.claims.scope).toBe('mcp:read mcp:write');
  });

  it('refuses a changed character anywhere, another key, expiry and another audience', () => {
    const token = mintToken(key, { ...claims, ttlSeconds: 60 });
    for (const at of [5, token.indexOf('.') + 3, token.length - 1]) {
      const changed = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
      expect(readToken(key, changed)).toHaveProperty('problem');
    }
    expect(readToken(newTokenKey(), token)).toEqual({ problem: 'signature' });
    expect(readToken(key, mintToken(key, { ...claims, ttlSeconds: -3600 }))).toEqual({ problem: 'expired' });
    expect(readToken(key, token, { audience: 'http://127.0.0.1:3/mcp' })).toEqual({ problem: 'audience' });
    expect(readToken(key, 'opaque')).toEqual({ problem: 'malformed' });
  });

  it('compares resources in canonical form and splits scopes', () => {
    expect(sameResource('HTTP://Example.COM/mcp', 'http://example.com/mcp/')).toBe(true);
    expect(sameResource('http://example.com/mcp#x', 'http://example.com/mcp')).toBe(true);
    expect(sameResource('http://example.com/mcp', 'http://example.com/other')).toBe(false);
    expect(scopesOf(' a  b ')).toEqual(['a', 'b']);
    expect(scopesOf(undefined)).toEqual([]);
  });
});
