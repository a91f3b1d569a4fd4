import { afterEach, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type RunningAuthorizationServer } from '../runner/auth/authorization-server.js';
import { OAuthClient, metadataCandidates } from '../runner/auth/oauth-client.js';
import { newPkce } from '../runner/auth/pkce.js';
import { Redactor } from '../runner/util/redact.js';
import { Transcript } from '../runner/util/transcript.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
let as: RunningAuthorizationServer | undefined;
afterEach(async () => {
  await as?.close();
  as = undefined;
});

describe('the harness as an OAuth client', () => {
  it('builds the metadata URLs in each revision\'s order', () => {
    expect(metadataCandidates('https://a.example/t/', '2025-03-26').map((c) => c.url)).toEqual(['https://a.example/.well-known/oauth-authorization-server']);
    expect(metadataCandidates('https://a.example/t', '2025-06-18').map((c) => c.url)).toEqual(['https://a.example/.well-known/oauth-authorization-server/t']);
    expect(metadataCandidates('https://a.example/t', '2025-11-25').map((c) => c.url)).toEqual([
      'https://a.example/.well-known/oauth-authorization-server/t',
      'https://a.example/.well-known/openid-configuration/t',
      'https://a.example/t/.well-known/openid-configuration',
    ]);
    expect(metadataCandidates('https://a.example/', 'draft').map((c) => c.url)).toEqual(['https://a.example/.well-known/oauth-authorization-server', 'https://a.example/.well-known/openid-configuration']);
  });

  it('discovers, registers, authorizes and redeems, recording every exchange with its secrets redacted', async () => {
    as = await startAuthorizationServer({ issuerPath: '/t', metadataAt: ['openid-appended'] });
    const redactor = Redactor.of([]);
    const recorded = new Transcript('oauth', redactor);
    const client = new OAuthClient({ transcript: recorded, redactor, timeoutMs: 5000 });
    const discovery = await client.discover(as.issuer, '2026-07-28');
    expect(discovery.tried.map((t) => t.exchange.status)).toEqual([404, 404, 200]);
    const meta = discovery.found!.metadata;
    const reg = await client.register(meta.registration_endpoint as string, { redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_post' });
    expect(reg.exchange.status).toBe(201);
    const pkce = newPkce();
    const auth = await client.authorize(meta.authorization_endpoint as string, { response_type: 'code', client_id: reg.clientId!, redirect_uri: REDIRECT, code_challenge: pkce.challenge, code_challenge_method: 'S256', state: pkce.state });
    expect(auth).toMatchObject({ toRedirectUri: true, state: pkce.state, iss: as.issuer });
    const tokens = await client.token(meta.token_endpoint as string, { grant_type: 'authorization_code', code: auth.code!, code_verifier: pkce.verifier, redirect_uri: REDIRECT }, { id: reg.clientId!, secret: reg.clientSecret!, method: 'client_secret_post' });
    expect(tokens.accessToken).toBeDefined();
    const text = JSON.stringify(recorded.entries);
    for (const secret of [reg.clientSecret!, auth.code!, pkce.verifier, pkce.state, tokens.accessToken!, tokens.refreshToken!]) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    client.close();
  });

  it('2025-03-26: no metadata at the origin (404) means the default endpoints', async () => {
    as = await startAuthorizationServer({ metadataAt: [] });
    const client = new OAuthClient({ transcript: new Transcript('oauth', Redactor.of([])), redactor: Redactor.of([]), timeoutMs: 5000, protocolVersion: '2025-03-26' });
    const discovery = await client.discover(`${as.url}/mcp`, '2025-03-26');
    expect(discovery.found).toBeUndefined();
    expect(discovery.defaults).toEqual({ authorization_endpoint: `${as.url}/authorize`, token_endpoint: `${as.url}/token`, registration_endpoint: `${as.url}/register` });
    expect(as.records.requests[0]!.headers['mcp-protocol-version']).toBe('2025-03-26');
    client.close();
  });
});
