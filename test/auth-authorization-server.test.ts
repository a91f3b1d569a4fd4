import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServerOptions, type RunningAuthorizationServer } from '../runner/auth/authorization-server.js';
import { readToken } from '../runner/auth/tokens.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const VERIFIER = 'v'.repeat(50);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

let running: RunningAuthorizationServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: AuthorizationServerOptions = {}): Promise<RunningAuthorizationServer> {
  running = await startAuthorizationServer({ clients: [{ id: 'pub', redirectUris: [REDIRECT] }, { id: 'conf', secret: 'conf-secret', redirectUris: [REDIRECT] }], ...options });
  return running;
}

/** The authorization endpoint's answer, not followed. */
async function authorize(as: RunningAuthorizationServer, params: Record<string, string>): Promise<Response> {
  const url = new URL(`${as.issuer}/authorize`);
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: 'pub', redirect_uri: REDIRECT, code_challenge: CHALLENGE, code_challenge_method: 'S256', state: 'st-1', ...params })) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

async function code(as: RunningAuthorizationServer, params: Record<string, string> = {}): Promise<string> {
  const res = await authorize(as, params);
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!).searchParams.get('code')!;
}

async function token(as: RunningAuthorizationServer, params: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${as.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(params) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const redeem = (c: string, extra: Record<string, string> = {}): Record<string, string> => ({ grant_type: 'authorization_code', code: c, client_id: 'pub', redirect_uri: REDIRECT, code_verifier: VERIFIER, ...extra });

describe('the authorization server of our own', () => {
  it('serves its metadata where configured, with issuer and endpoints under the issuer path', async () => {
    const as = await start({ issuerPath: '/tenant1', metadataAt: ['oauth', 'openid-appended'] });
    expect(as.metadataUrls).toEqual([`${as.url}/.well-known/oauth-authorization-server/tenant1`, `${as.url}/tenant1/.well-known/openid-configuration`]);
    for (const url of as.metadataUrls) {
      const doc = (await (await fetch(url)).json()) as Record<string, unknown>;
      expect(doc).toMatchObject({ issuer: as.issuer, token_endpoint: `${as.issuer}/token`, code_challenge_methods_supported: ['S256'], authorization_response_iss_parameter_supported: true });
    }
    expect((await fetch(`${as.url}/.well-known/oauth-authorization-server`)).status).toBe(404);
    expect((await fetch(`${as.url}/.well-known/openid-configuration/tenant1`)).status).toBe(404);
  });

  it('approves at once with code, state and iss; redeems once with the right verifier; tokens name the resource', async () => {
    const as = await start({ tokenKey: 'k'.repeat(43) });
    const res = await authorize(as, { resource: 'http://127.0.0.1:7/mcp' });
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('iss')).toBe(as.issuer);
    const c = location.searchParams.get('code')!;
    const first = await token(as, redeem(c));
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const read = readToken('k'.repeat(43), first.body.access_token as string, { audience: 'http://127.0.0.1:7/mcp' });
    expect(read).toHaveProperty('claims');
    expect(await token(as, redeem(c))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a wrong or missing verifier, another client, another redirect_uri', async () => {
    const as = await start();
    expect(await token(as, redeem(await code(as), { code_verifier: 'w'.repeat(50) }))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const missing = redeem(await code(as));
    delete missing.code_verifier;
    expect(await token(as, missing)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await token(as, redeem(await code(as), { client_id: 'conf', client_secret: 'conf-secret' }))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await token(as, redeem(await code(as), { redirect_uri: 'http://127.0.0.1:9/other' }))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // Without PKCE verification (a defect), the wrong verifier goes through.
    await running!.close();
    const lax = await start({ verifyPkce: false });
    expect((await token(lax, redeem(await code(lax), { code_verifier: 'w'.repeat(50) }))).status).toBe(200);
  });

  it('never redirects to an unregistered redirect_uri; sends other errors back with iss', async () => {
    const as = await start();
    const foreign = await authorize(as, { redirect_uri: 'http://127.0.0.1:9/callback/../evil' });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
    expect((await authorize(as, { redirect_uri: `${REDIRECT}x` })).status).toBe(400);
    const noPkce = await authorize(as, { code_challenge_method: 'plain' });
    const location = new URL(noPkce.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('iss')).toBe(as.issuer);
    await running!.close();
    const prefix = await start({ redirectMatch: 'prefix', iss: 'omitted' });
    const loose = await authorize(prefix, { redirect_uri: `${REDIRECT}x` });
    expect(loose.status).toBe(302);
    expect(new URL(loose.headers.get('location')!).searchParams.has('iss')).toBe(false);
  });

  it('registers clients (201, client_id, application_type recorded) and refuses bad metadata with 400', async () => {
    const as = await start();
    const post = (body: string): Promise<Response> => fetch(`${as.issuer}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const res = await post(JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', application_type: 'native' }));
    expect(res.status).toBe(201);
    const info = (await res.json()) as { client_id: string; client_secret?: string };
    expect(info.client_secret).toBeUndefined();
    expect(as.records.registrations[0]).toMatchObject({ clientId: info.client_id, metadata: { application_type: 'native' } });
    expect((await token(as, redeem(await code(as, { client_id: info.client_id }), { client_id: info.client_id }))).status).toBe(200);
    expect((await post(JSON.stringify({ redirect_uris: ['not a uri'] }))).status).toBe(400);
    expect((await post('{')).status).toBe(400);
    const confidential = (await (await post(JSON.stringify({ redirect_uris: [REDIRECT] }))).json()) as { client_id: string; client_secret: string };
    const basic = `Basic ${Buffer.from(`${confidential.client_id}:${confidential.client_secret}`).toString('base64')}`;
    expect((await token(as, { grant_type: 'client_credentials' }, { authorization: basic })).status).toBe(200);
    expect((await token(as, { grant_type: 'client_credentials', client_id: 'pub' })).body).toMatchObject({ error: 'unauthorized_client' });
  });

  it('rotates refresh tokens: the used one is refused afterwards (unless rotation is off)', async () => {
    const as = await start();
    const first = await token(as, redeem(await code(as, { scope: 'mcp:read' })));
    const refresh = first.body.refresh_token as string;
    const second = await token(as, { grant_type: 'refresh_token', refresh_token: refresh, client_id: 'pub' });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(refresh);
    expect(await token(as, { grant_type: 'refresh_token', refresh_token: refresh, client_id: 'pub' })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    await running!.close();
    const stale = await start({ rotateRefreshTokens: false });
    const kept = (await token(stale, redeem(await code(stale)))).body.refresh_token as string;
    expect((await token(stale, { grant_type: 'refresh_token', refresh_token: kept, client_id: 'pub' })).status).toBe(200);
    expect((await token(stale, { grant_type: 'refresh_token', refresh_token: kept, client_id: 'pub' })).status).toBe(200);
    expect(stale.records.requests.filter((r) => r.endpoint === 'token')).toHaveLength(3);
  });
});

describe('the consent page variant', () => {
  it('shows the client and the redirect host, and redirects with a code only once approved', async () => {
    const as = await start({ consentPage: true });
    const shown = await authorize(as, {});
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('<strong id="redirect-host">127.0.0.1:9</strong>');
    const request = /name="request" value="([^"]+)"/.exec(html)![1]!;
    const decide = (decision: string): Promise<Response> =>
      fetch(`${as.issuer}/authorize/decision`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ request, decision }) });
    const approved = await decide('approve');
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect((await token(as, redeem(location.searchParams.get('code')!))).status).toBe(200);
    expect((await decide('approve')).status).toBe(400);
    await running!.close();
    const hidden = await start({ consentPage: true, consentShowsRedirectHost: false });
    expect(await (await authorize(hidden, {})).text()).not.toContain('127.0.0.1:9');
  });
});
