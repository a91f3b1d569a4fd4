/**
 * An access token from a protected MCP server's authorization server, obtained the way an OAuth
 * client would, in plain fetch calls (test support only; the harness's own client is
 * runner/auth/oauth-client.ts): the 401 challenge names the protected resource metadata, that names
 * the authorization server, whose RFC 8414 metadata gives the endpoints; then dynamic registration
 * (public client), an authorization code with PKCE S256 read from the 302's Location (for an
 * authorization server that approves at once, as the SDK's demo one does; `approve` puts a browser
 * there instead), and the token request with `resource`.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface ObtainTokenOptions {
  /** The `resource` sent in the authorization and token requests; default: the MCP URL. */
  resource?: string;
  /** Default `http://127.0.0.1:9/callback` (never contacted: the code is read from the Location header). */
  redirectUri?: string;
  /** Space-separated scopes to ask for; default none. */
  scope?: string;
  /**
   * Plays the user agent: given the authorization URL, returns the URL the authorization server sent
   * it to. Default: one GET without following redirects, the answer read from the 302's Location.
   */
  approve?: (authorizationUrl: URL, redirectUri: string) => Promise<string>;
}

/** The default user agent: the authorization server approves at once with a 302 to the redirect URI. */
async function approveAtOnce(authorizationUrl: URL): Promise<string> {
  const approval = await fetch(authorizationUrl, { redirect: 'manual' });
  await approval.body?.cancel();
  const location = approval.headers.get('location');
  if (approval.status !== 302 || !location) throw new Error(`authorization: expected a 302, got ${approval.status} (Location ${location})`);
  return new URL(location, authorizationUrl).href;
}

export interface ObtainedToken {
  accessToken: string;
  tokenType: string;
  expiresIn: number | undefined;
  clientId: string;
  issuer: string;
  resourceMetadataUrl: string;
  /** The whole token response. */
  response: Record<string, unknown>;
}

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

/** The `resource_metadata` parameter of a Bearer challenge (a simple reading, enough for a known server). */
export function resourceMetadataOf(challenge: string | null): string | undefined {
  return challenge?.match(/resource_metadata="([^"]*)"/)?.[1];
}

/** RFC 8414 §3.1: `/.well-known/oauth-authorization-server` inserted before the issuer's path (a lone `/` counts as none). */
export function authorizationServerMetadataUrl(issuer: string): string {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-authorization-server${path}`;
}

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Runs the whole flow against `mcpUrl` and returns the token (throws with the failing step's status and body). */
export async function obtainToken(mcpUrl: string, options: ObtainTokenOptions = {}): Promise<ObtainedToken> {
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:9/callback';
  const resource = options.resource ?? mcpUrl;

  const probe = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
  await probe.body?.cancel();
  const resourceMetadataUrl = resourceMetadataOf(probe.headers.get('www-authenticate'));
  if (probe.status !== 401 || !resourceMetadataUrl) throw new Error(`expected a 401 naming resource_metadata, got ${probe.status} ${probe.headers.get('www-authenticate')}`);

  const prm = await json(await fetch(resourceMetadataUrl), 'protected resource metadata');
  const issuer = (prm['authorization_servers'] as string[] | undefined)?.[0];
  if (!issuer) throw new Error(`no authorization_servers in ${JSON.stringify(prm)}`);
  const metadata = await json(await fetch(authorizationServerMetadataUrl(issuer)), 'authorization server metadata');
  const endpoint = (name: string): string => {
    const value = metadata[name];
    if (typeof value !== 'string') throw new Error(`no ${name} in the authorization server metadata`);
    return value;
  };

  const registration = await json(
    await fetch(endpoint('registration_endpoint'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'mcp-conformance test support',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    }),
    'registration',
  );
  const clientId = String(registration['client_id']);

  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const authorize = new URL(endpoint('authorization_endpoint'));
  const query: Record<string, string> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    state,
    resource,
    ...(options.scope ? { scope: options.scope } : {}),
  };
  for (const [name, value] of Object.entries(query)) authorize.searchParams.set(name, value);
  const callback = new URL(await (options.approve ?? approveAtOnce)(authorize, redirectUri));
  if (!callback.href.startsWith(redirectUri)) throw new Error(`authorization: redirected to ${callback.origin}${callback.pathname}, not to the redirect URI`);
  if (callback.searchParams.get('state') !== state) throw new Error('authorization: state not echoed');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`authorization refused: ${callback.searchParams.get('error')} ${callback.searchParams.get('error_description') ?? ''}`);

  const tokens = await json(
    await fetch(endpoint('token_endpoint'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id: clientId, resource }),
    }),
    'token',
  );
  const accessToken = tokens['access_token'];
  if (typeof accessToken !== 'string') throw new Error(`token: no access_token in ${JSON.stringify(Object.keys(tokens))}`);
  return {
    accessToken,
    tokenType: String(tokens['token_type']),
    expiresIn: typeof tokens['expires_in'] === 'number' ? tokens['expires_in'] : undefined,
    clientId,
    issuer,
    resourceMetadataUrl,
    response: tokens,
  };
}

/** The tokens the CLI's `--auth-token`, `--auth-token-expired` and `--auth-token-wrong-audience` take. */
export interface TokenSet {
  valid: string;
  expired: string;
  /** Undefined when the authorization server will not issue one (the SDK example with --oauth-strict). */
  wrongAudience: string | undefined;
}

/**
 * A valid, an expired and (when the authorization server issues it) a wrong-audience token for a server
 * whose clock can be moved ahead (the SDK example started with `clockHook`): a token is obtained, the
 * clock moved past its lifetime, then the others are obtained. Every token obtained before the call is
 * expired after it.
 */
export async function tokenSet(target: { url: string; advanceClock(): Promise<void> }, otherResource = 'https://other.example/mcp'): Promise<TokenSet> {
  const expired = (await obtainToken(target.url)).accessToken;
  await target.advanceClock();
  const valid = (await obtainToken(target.url)).accessToken;
  const wrongAudience = await obtainToken(target.url, { resource: otherResource }).then(
    (token) => token.accessToken,
    () => undefined,
  );
  return { valid, expired, wrongAudience };
}
