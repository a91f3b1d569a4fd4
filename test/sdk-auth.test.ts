/**
 * The SDK's protected server example as a real target (fixtures/third-party/sdk-auth-server.ts runs it
 * on loopback ports), the way test support obtains a token from its demo authorization server
 * (test/support/sdk-auth.ts), and the SDK OAuth client fixture (fixtures/third-party/sdk-oauth-client.ts)
 * completing against it. What the server answers is pinned here as raw HTTP; the verdicts of the
 * harness's checks on it are pinned elsewhere.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSdkAuthServer, type SdkAuthTarget } from '../fixtures/third-party/sdk-auth.js';
import { root } from './support/cli.js';
import { authorizationServerMetadataUrl, obtainToken, resourceMetadataOf, tokenSet } from './support/sdk-auth.js';
import { runScript, type ScriptExit } from './support/scripts.js';

const dist = join(root, 'dist');
const oauthClient = join(dist, 'fixtures', 'third-party', 'sdk-oauth-client.js');

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'sdk-auth.test', version: '0' } } };

function postInitialize(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(INITIALIZE) });
}

/** Status, WWW-Authenticate and body of a response (the body read to its end). */
async function seen(response: Response): Promise<{ status: number; challenge: string | null; body: string }> {
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.text() };
}

function groupAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs the OAuth client fixture against `url` until it exits. */
const runClient = (url: string, env: Record<string, string> = {}): Promise<ScriptExit> => runScript(oauthClient, [url], env);

let open: SdkAuthTarget;
let strict: SdkAuthTarget;

beforeAll(async () => {
  [open, strict] = await Promise.all([startSdkAuthServer(dist, { clockHook: true }), startSdkAuthServer(dist, { strict: true })]);
});

afterAll(async () => {
  await Promise.all([open?.stop(), strict?.stop()]);
});

describe('the SDK protected server example', () => {
  it('announces its URLs on localhost ports bound to loopback, and its challenge and metadata point at its demo authorization server', async () => {
    expect(open.url).toMatch(/^http:\/\/localhost:\d+\/mcp$/);
    expect(open.issuer).toMatch(/^http:\/\/localhost:\d+\/$/);
    const denied = await seen(await postInitialize(open.url));
    expect(denied.status).toBe(401);
    expect(resourceMetadataOf(denied.challenge)).toBe(open.resourceMetadata);
    const prm = (await (await fetch(open.resourceMetadata)).json()) as Record<string, unknown>;
    expect(prm).toMatchObject({ resource: open.url, authorization_servers: [open.issuer], scopes_supported: ['mcp:tools'] });
    const metadata = (await (await fetch(authorizationServerMetadataUrl(open.issuer))).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({ issuer: open.issuer, code_challenge_methods_supported: ['S256'] });
  });

  it('accepts a token from its own authorization server, and answers an unknown or tampered one with 500 and no challenge', async () => {
    const token = await obtainToken(open.url);
    expect(token.issuer).toBe(open.issuer);
    const accepted = await seen(await postInitialize(open.url, { authorization: `Bearer ${token.accessToken}` }));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toContain('"protocolVersion"');

    const tampered = token.accessToken.slice(0, -1) + (token.accessToken.endsWith('a') ? 'b' : 'a');
    for (const bad of ['not-a-token', tampered]) {
      // The example's introspecting verifier throws a plain Error for a token it does not know, which
      // requireBearerAuth turns into a server error instead of a 401 invalid_token challenge.
      expect(await seen(await postInitialize(open.url, { authorization: `Bearer ${bad}` }))).toEqual({ status: 500, challenge: null, body: '{"error":"server_error","error_description":"Internal Server Error"}' });
    }
    const inQuery = await seen(await postInitialize(`${open.url}?access_token=${encodeURIComponent(token.accessToken)}`));
    expect(inQuery.status).toBe(401);
    expect(inQuery.challenge).toContain('Missing Authorization header');
  });

  it('answers a token that has expired (its clock moved two hours ahead) with 500 and no challenge as well', async () => {
    const tokens = await tokenSet(open);
    expect((await seen(await postInitialize(open.url, { authorization: `Bearer ${tokens.valid}` }))).status).toBe(200);
    expect(await seen(await postInitialize(open.url, { authorization: `Bearer ${tokens.expired}` }))).toEqual({ status: 500, challenge: null, body: '{"error":"server_error","error_description":"Internal Server Error"}' });
    expect(tokens.wrongAudience).toBeDefined();
  });

  it('without --oauth-strict accepts a token issued for another resource; with it, its authorization server refuses to issue one', async () => {
    const foreign = await obtainToken(open.url, { resource: 'https://other.example/mcp' });
    expect((await seen(await postInitialize(open.url, { authorization: `Bearer ${foreign.accessToken}` }))).status).toBe(200);

    const own = await obtainToken(strict.url);
    expect((await seen(await postInitialize(strict.url, { authorization: `Bearer ${own.accessToken}` }))).status).toBe(200);
    await expect(obtainToken(strict.url, { resource: 'https://other.example/mcp' })).rejects.toThrow(/^token: HTTP 500 /);
  });
});

describe('the SDK OAuth client fixture', () => {
  it('authorizes itself against the example (dynamic registration, PKCE, 302), lists its tools and calls one', async () => {
    expect(await runClient(open.url)).toEqual({ code: 0, stderr: '' });
  });

  it('uses the pre-registered client of MCP_CONFORMANCE_CONTEXT instead of registering', async () => {
    const registered = (await (
      await fetch(new URL('/register', open.issuer), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'client_secret_post' }),
      })
    ).json()) as { client_id: string; client_secret: string };
    const context = (clientId: string): Record<string, string> => ({ MCP_CONFORMANCE_CONTEXT: JSON.stringify({ name: 'auth/pre-registration', client_id: clientId, client_secret: registered.client_secret }) });
    expect(await runClient(open.url, context(registered.client_id))).toEqual({ code: 0, stderr: '' });
    // An id the authorization server never issued: the client uses it as given and is refused.
    const unknown = await runClient(open.url, context('never-registered'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^sdk-oauth-client: .*/m);
  });

  it('leaves no process behind once stopped', async () => {
    const target = await startSdkAuthServer(dist);
    await target.stop();
    expect(groupAlive(target.pid)).toBe(false);
  });
});
