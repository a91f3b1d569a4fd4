/**
 * The harness authorizing itself with a protected server's authorization server (`--authorize`),
 * as an MCP client of the revision would: the Protected Resource Metadata (the challenge's
 * resource_metadata, then the well-known URLs), its first authorization server's metadata in the
 * revision's order, a client (the one given with --client-id, else one registered by DCR), then a
 * token: client credentials for a confidential client the server allows it for, else the
 * authorization code with PKCE S256, `state` and `resource`, the authorization server's redirect
 * read from its Location when it approves without a page.
 *
 * Every exchange goes to the transcript given, every secret into the run's redactor first
 * (oauth-client.ts). Requests go to the MCP server's origin and to the authorization server the
 * metadata names, nowhere else; redirects are never followed.
 */
import { compareRevisions, wireVersionOf, type Revision } from '../revisions.js';
import type { Redactor } from '../util/redact.js';
import type { Transcript } from '../util/transcript.js';
import { authorizeInBrowser, BrowserAuthorizationError, BrowserUnavailableError, withoutQuery } from './browser.js';
import { bearerChallenge } from './challenge.js';
import { sameOrigin, wellKnownMetadataUrls } from './resource-metadata.js';
import { isObject, OAuthClient, type ClientCredentials } from './oauth-client.js';
import { newPkce } from './pkce.js';
import { scopesOf } from './tokens.js';

export interface SelfAuthorization {
  /** The MCP endpoint (the resource the token is for). */
  mcpUrl: string;
  /** Whose text says how to discover and register. */
  revision: Revision;
  /** The WWW-Authenticate of the server's 401, if any. */
  challenge?: string;
  /** A client registered beforehand (--client-id, --client-secret). */
  client?: { id: string; secret?: string };
  transcript: Transcript;
  redactor: Redactor;
  timeoutMs: number;
  /**
   * How to get through an authorization server that shows a page (login, consent): real headless
   * Chromium (runner/auth/browser.ts), pressing `approveSelector` or an approve-like button, filling
   * `fill` fields (field = name of the environment variable holding the value).
   */
  browser?: { approveSelector?: string; fill?: Readonly<Record<string, string>> };
}

/** What the harness obtained: a token, from which authorization server, how; and the means to get others. */
export interface Obtained {
  token: string;
  issuer: string;
  /** One line for the report: the client and the grant used. */
  how: string;
  /**
   * Another token from the same authorization server and client, for these scopes (none: the
   * request names no scope), its exchanges recorded in `transcript`; `scope` is what the token
   * response says was granted, when it says. `resource` names another spelling of the MCP server's
   * URL in place of the one tested (from 2025-06-18, where the requests name one).
   */
  grant(scopes: readonly string[], transcript: Transcript, opts?: { resource?: string }): Promise<{ token: string; scope?: string } | { problem: string }>;
}

/** The redirect URI the harness registers and names: loopback, a port of its own (nothing listens; the redirect is read, not followed). */
const REDIRECT_URI = 'http://127.0.0.1:33418/callback';

/** Obtains an access token, or says precisely why it could not. */
export async function authorizeHarness(o: SelfAuthorization): Promise<Obtained | { problem: string }> {
  const early = compareRevisions(o.revision, '2025-06-18') < 0;
  const client$ = (transcript: Transcript): OAuthClient => new OAuthClient({ transcript, redactor: o.redactor, timeoutMs: o.timeoutMs, ...(early ? { protocolVersion: wireVersionOf(o.revision) } : {}) });
  const oauth = client$(o.transcript);
  const note = (text: string): void => void o.transcript.note(text);
  try {
    const challenge = o.challenge !== undefined ? bearerChallenge(o.challenge) : undefined;
    // 1. Which authorization server: the metadata's first (2025-06-18 on); the MCP server's origin before.
    let issuer: string;
    let scopes = scopesOf(challenge?.params.scope);
    if (early) issuer = new URL(o.mcpUrl).origin;
    else {
      const found = await resourceMetadata(oauth, o.mcpUrl, challenge?.params.resource_metadata, note);
      if ('problem' in found) return found;
      issuer = found.issuer;
      if (scopes.length === 0) scopes = found.scopes;
    }
    note(`authorizing the harness with ${issuer}`);
    // 2. Its metadata, in the revision's order (2025-03-26: the default endpoints when there is none).
    const discovery = await oauth.discover(issuer, o.revision);
    const metadata = discovery.found?.metadata ?? discovery.defaults;
    if (!metadata) return { problem: `no authorization server metadata for ${issuer} (${discovery.tried.map((t) => `${t.candidate.url}: ${t.exchange.status ?? t.exchange.error}`).join('; ')})` };
    const endpoint = (name: string): string | undefined => (typeof metadata[name as keyof typeof metadata] === 'string' ? (metadata[name as keyof typeof metadata] as string) : undefined);
    const tokenEndpoint = endpoint('token_endpoint');
    if (tokenEndpoint === undefined) return { problem: `the metadata of ${issuer} names no token_endpoint` };
    const authorizationEndpoint = endpoint('authorization_endpoint');
    const grants = Array.isArray((metadata as Record<string, unknown>).grant_types_supported) ? ((metadata as Record<string, unknown>).grant_types_supported as unknown[]) : undefined;

    // 3. A client: the one given, else one of its own by Dynamic Client Registration.
    let client: ClientCredentials;
    let clientHow: string;
    if (o.client) {
      client = { id: o.client.id, ...(o.client.secret !== undefined ? { secret: o.client.secret } : {}) };
      clientHow = `the client ${o.client.id} given`;
    } else {
      const registration = endpoint('registration_endpoint');
      if (registration === undefined) return { problem: `${issuer} offers no registration_endpoint: give a client registered with it (--client-id, --client-secret), or a token (--auth-token)` };
      const registered = await oauth.register(registration, {
        client_name: 'mcp-conformance',
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        ...(compareRevisions(o.revision, '2026-07-28') >= 0 ? { application_type: 'native' } : {}),
      });
      if (registered.clientId === undefined) return { problem: `registration at ${registration} gave no client_id (HTTP ${registered.exchange.status ?? registered.exchange.error})` };
      client = { id: registered.clientId, ...(registered.clientSecret !== undefined ? { secret: registered.clientSecret } : {}) };
      clientHow = `a client it registered at ${registration}`;
    }

    // 4. A token for these scopes: client credentials for a confidential client the server allows
    // it for, else the authorization code with PKCE (through the server's page in Chromium if it shows one).
    const grant = async (wanted: readonly string[], via: OAuthClient, say: (text: string) => void, resource: Record<string, string> = early ? {} : { resource: o.mcpUrl }): Promise<{ token: string; how: string; scope?: string } | { problem: string }> => {
      // What the token response says was granted (RFC 6749 Section 5.1: present when it differs from what was asked).
      const granted = (answer: { exchange: { json?: unknown } }): { scope?: string } => (isObject(answer.exchange.json) && typeof answer.exchange.json.scope === 'string' ? { scope: answer.exchange.json.scope } : {});
      const scope: Record<string, string> = wanted.length > 0 ? { scope: wanted.join(' ') } : {};
      if (client.secret !== undefined && grants?.includes('client_credentials')) {
        const answer = await via.token(tokenEndpoint, { grant_type: 'client_credentials', ...resource, ...scope }, client);
        if (answer.accessToken !== undefined) return { token: answer.accessToken, how: 'client credentials', ...granted(answer) };
        say(`client credentials refused (${answer.error ?? `HTTP ${answer.exchange.status}`}); trying the authorization code`);
      }
      if (authorizationEndpoint === undefined) return { problem: `the metadata of ${issuer} names no authorization_endpoint` };
      const pkce = newPkce();
      o.redactor.add(pkce.verifier, pkce.state);
      const params = { response_type: 'code', client_id: client.id, redirect_uri: REDIRECT_URI, code_challenge: pkce.challenge, code_challenge_method: 'S256', state: pkce.state, ...resource, ...scope };
      const first = await via.authorize(authorizationEndpoint, params);
      let response: { code?: string; state?: string; error?: string } = first;
      let how = 'authorization code with PKCE';
      if (first.code === undefined || !first.toRedirectUri) {
        const status = first.exchange.status;
        // A page now, or a redirect to one (a login form) rather than back to the client.
        const page = (status === 200 && (first.exchange.headers['content-type'] ?? '').includes('html')) || (first.location !== undefined && !first.toRedirectUri);
        if (!page) {
          return { problem: `the authorization request got ${first.error !== undefined ? `error=${first.error}` : `HTTP ${status ?? first.exchange.error}`}${first.location ? ` to ${first.location.origin}${first.location.pathname}` : ''}, no code` };
        }
        // A login or consent page: a person's part, played by headless Chromium.
        const walked = await throughBrowser(authorizationEndpoint, params, o, say);
        if ('problem' in walked) return walked;
        response = walked;
        how = `authorization code with PKCE, through the authorization server's page in Chromium (${walked.steps} step${walked.steps === 1 ? '' : 's'})`;
      }
      if (response.code === undefined) return { problem: `the authorization server sent the browser back with ${response.error !== undefined ? `error=${response.error}` : 'no code'}` };
      if (response.state !== pkce.state) return { problem: 'the authorization response did not carry back the state the harness sent: the code is not redeemed' };
      const answer = await via.token(tokenEndpoint, { grant_type: 'authorization_code', code: response.code, redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier, ...resource }, client);
      if (answer.accessToken === undefined) return { problem: `the token request was refused (${answer.error ?? `HTTP ${answer.exchange.status ?? answer.exchange.error}`})` };
      return { token: answer.accessToken, how, ...granted(answer) };
    };

    const got = await grant(scopes, oauth, note);
    if ('problem' in got) return got;
    return {
      token: got.token,
      issuer,
      how: `${clientHow}, ${got.how}`,
      grant: async (wanted, transcript, opts = {}) => {
        const via = client$(transcript);
        try {
          const more = await grant(wanted, via, (text) => void transcript.note(text), early ? {} : { resource: opts.resource ?? o.mcpUrl });
          return 'problem' in more ? more : { token: more.token, ...(more.scope !== undefined ? { scope: more.scope } : {}) };
        } finally {
          via.close();
        }
      },
    };
  } finally {
    oauth.close();
  }
}

/**
 * Walks the authorization server's pages in headless Chromium to the redirect, and reads the code,
 * state and error from where the browser was sent (every value a secret before anything records it).
 */
async function throughBrowser(
  endpoint: string,
  params: Record<string, string>,
  o: SelfAuthorization,
  note: (text: string) => void,
): Promise<{ code?: string; state?: string; error?: string; steps: number } | { problem: string }> {
  const url = new URL(endpoint);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  note(`${withoutQuery(endpoint)} answers with a page: walking it in headless Chromium`);
  try {
    const walked = await authorizeInBrowser(url.href, {
      redirectUri: REDIRECT_URI,
      ...(o.browser?.approveSelector !== undefined ? { approveSelector: o.browser.approveSelector } : {}),
      ...(o.browser?.fill ? { fill: o.browser.fill } : {}),
      onSecret: (value) => void o.redactor.add(value),
      timeoutMs: Math.max(30_000, o.timeoutMs * 3),
    });
    const back = new URL(walked.redirectUrl);
    const read = (name: string): string | undefined => back.searchParams.get(name) ?? undefined;
    const [code, state, error] = [read('code'), read('state'), read('error')];
    if (code !== undefined) o.redactor.add(code);
    for (const step of walked.steps) note(`browser: ${step}`);
    return { ...(code !== undefined ? { code } : {}), ...(state !== undefined ? { state } : {}), ...(error !== undefined ? { error } : {}), steps: walked.steps.length };
  } catch (err) {
    if (err instanceof BrowserUnavailableError || err instanceof BrowserAuthorizationError) return { problem: `${withoutQuery(endpoint)} shows a page, and the browser could not get through it: ${err.message}` };
    throw err;
  }
}

/** The first authorization server and the scopes of the Protected Resource Metadata, found as a client of 2025-11-25 finds it. */
async function resourceMetadata(oauth: OAuthClient, mcpUrl: string, named: string | undefined, note: (text: string) => void): Promise<{ issuer: string; scopes: string[] } | { problem: string }> {
  const candidates = [...new Set([...(named !== undefined && sameOrigin(named, mcpUrl) ? [named] : []), ...wellKnownMetadataUrls(mcpUrl).map((c) => c.url)])];
  if (named !== undefined && !sameOrigin(named, mcpUrl)) note(`not fetched: resource_metadata ${named} is on another origin than the MCP server`);
  for (const url of candidates) {
    const exchange = await oauth.get(url);
    if (exchange.status !== 200 || !isObject(exchange.json)) continue;
    const servers = exchange.json.authorization_servers;
    const first = Array.isArray(servers) ? servers.find((s): s is string => typeof s === 'string' && URL.canParse(s)) : undefined;
    if (first === undefined) return { problem: `the Protected Resource Metadata at ${url} names no authorization server` };
    const supported = Array.isArray(exchange.json.scopes_supported) ? exchange.json.scopes_supported.filter((s): s is string => typeof s === 'string') : [];
    return { issuer: first, scopes: supported };
  }
  return { problem: `no Protected Resource Metadata at ${candidates.join(', ')}` };
}
