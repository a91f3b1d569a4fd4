/**
 * Checks of an authorization server (topic `authorization-server/`): the harness acts as an OAuth
 * client of it (runner/auth/oauth-client.ts) and judges what it answers. The probes make the
 * requests (each on a fresh code, so one refusal never spoils the next probe); the verdict functions
 * turn the evidence into Assertions whose failures say what to change.
 *
 * Codes are obtained only from an authorization endpoint that approves at once (a redirect straight
 * back to the redirect URI); one that shows a page blocks the probes that need a code, with the reason.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startCimdHost, type CimdHost } from '../auth/cimd-host.js';
import { authorizeInBrowser, BrowserAuthorizationError, BrowserUnavailableError } from '../auth/browser.js';
import type { Assertion, ServerScenarioContext } from '../engine/scenario.js';
import { AuthorizationServerBusy, isObject, metadataCandidates, OAuthClient, type AuthorizationResponse, type ClientCredentials, type Discovery, type OAuthExchange, type TokenResponse } from '../auth/oauth-client.js';
import { newPkce, type PkcePair } from '../auth/pkce.js';
import { compareRevisions, wireVersionOf, type Revision } from '../revisions.js';

/**
 * The redirect URI of the clients the harness registers itself. Nothing listens there: the
 * authorization response is read from the Location header and never followed.
 */
export const HARNESS_REDIRECT_URI = 'http://127.0.0.1:45381/callback';

/** A client the probes act as. */
export interface ProbeClient extends ClientCredentials {
  redirectUri: string;
  /** Where it came from, for notes. */
  origin: 'pre-registered' | 'registered' | 'metadata-document';
}

/** The authorization server under test and how to reach it. */
export interface AuthorizationServerTarget {
  /** Its issuer identifier (2025-03-26: the MCP server's URL, whose origin is the authorization base URL). */
  issuer: string;
  revision: Revision;
  oauth: OAuthClient;
  /**
   * Gets a page-showing authorization endpoint through its page (a browser driver): given the
   * authorization request's URL, the URL the user agent was finally sent to (the redirect URI with
   * code or error), or undefined when it never got there. Without it, such a server gives no codes.
   */
  approve?: (authorizationUrl: string) => Promise<string | undefined>;
  /** Pre-registered credentials, with the redirect URI registered for them (default {@link HARNESS_REDIRECT_URI}). */
  client?: { id: string; secret?: string; redirectUri?: string };
  /** The run's memo (t.auth.once): clients registered once per run and shared. */
  once?: <T>(key: string, make: () => Promise<T>) => Promise<T>;
  /** The harness's https host of client metadata documents (one per run), and where its CA was written. */
  documents?: () => Promise<{ host: CimdHost; caFile?: string }>;
  note(text: string): void;
}

/** The endpoints a client of the revision uses: from the metadata, or 2025-03-26's defaults. */
export interface Endpoints {
  authorization?: string;
  token?: string;
  registration?: string;
}

/**
 * One authorization server as the probes see it: its metadata (discovered once), its endpoints,
 * and the clients the probes act as (pre-registered, or registered by DCR when offered).
 */
export class AuthorizationServerProbe {
  discovery: Discovery | undefined;
  /** Clients registered by this probe, when the run shares none (`once` absent). */
  private readonly registered = new Map<string, Promise<ProbeClient | { unavailable: string }>>();

  constructor(readonly target: AuthorizationServerTarget) {}

  /** The issuer the metadata must state: the issuer, or (2025-03-26) the origin of the MCP server's URL. */
  get expectedIssuer(): string {
    return compareRevisions(this.target.revision, '2025-06-18') < 0 ? new URL(this.target.issuer).origin : this.target.issuer;
  }

  async discover(): Promise<Discovery> {
    this.discovery ??= await this.target.oauth.discover(this.target.issuer, this.target.revision);
    return this.discovery;
  }

  get metadata(): Record<string, unknown> | undefined {
    return this.discovery?.found?.metadata;
  }

  endpoints(): Endpoints {
    const meta = this.metadata;
    if (!meta) {
      const defaults = this.discovery?.defaults;
      return defaults ? { authorization: defaults.authorization_endpoint, token: defaults.token_endpoint, registration: defaults.registration_endpoint } : {};
    }
    const url = (name: string): string | undefined => (typeof meta[name] === 'string' ? meta[name] : undefined);
    return { authorization: url('authorization_endpoint'), token: url('token_endpoint'), registration: url('registration_endpoint') };
  }

  /**
   * A client to act as: `any` prefers the pre-registered one; `public` needs one without a secret;
   * `another` a second one, distinct from what `any` gives (both by DCR when nothing pre-registered
   * fits). A client registered by DCR is registered once per run and registration endpoint, and
   * shared by every scenario of the run (`once`): an authorization server limiting registrations
   * sees a handful, not one per scenario.
   */
  async client(kind: 'any' | 'public' | 'another'): Promise<ProbeClient | { unavailable: string }> {
    const pre = this.target.client;
    const preClient: ProbeClient | undefined = pre ? { id: pre.id, ...(pre.secret !== undefined ? { secret: pre.secret } : {}), redirectUri: pre.redirectUri ?? HARNESS_REDIRECT_URI, origin: 'pre-registered' } : undefined;
    if (kind === 'any' && preClient) return preClient;
    if (kind === 'public' && preClient && preClient.secret === undefined) return preClient;
    const endpoint = this.endpoints().registration;
    if (!endpoint || (this.metadata && this.metadata.registration_endpoint === undefined)) {
      return { unavailable: `the authorization server offers no registration endpoint, and ${kind === 'another' ? 'a second client' : kind === 'public' ? 'no public (secret-less) client was' : 'no client was'} given (--client-id${kind === 'another' ? ' names one client only' : ''})` };
    }
    const method = kind === 'public' ? 'none' : this.registrationMethod();
    const index = kind === 'another' && !preClient ? 2 : 1;
    const make = async (): Promise<ProbeClient | { unavailable: string }> => {
      const made = await this.register(method);
      if ('unavailable' in made) return made;
      return made.client ?? { unavailable: `registration at ${endpoint} gave no client (${oauthEvidence(made.exchange)})` };
    };
    const key = `authorization-server client ${endpoint} ${method} #${index}`;
    let first = false;
    const fresh = (): Promise<ProbeClient | { unavailable: string }> => {
      first = true;
      return make();
    };
    const shared = this.target.once;
    if (!shared && !this.registered.has(key)) this.registered.set(key, fresh());
    const got = await (shared ? shared(key, fresh) : this.registered.get(key)!);
    if (!first && !('unavailable' in got)) this.target.note(`acting as the client ${got.id} registered earlier in this run (${method}, client ${index} of this registration endpoint)`);
    return got;
  }

  /** How a client the harness registers authenticates: `none` when the server offers it (or says nothing), else a secret. */
  private registrationMethod(): NonNullable<ClientCredentials['method']> {
    const offered = Array.isArray(this.metadata?.token_endpoint_auth_methods_supported) ? (this.metadata.token_endpoint_auth_methods_supported as unknown[]) : undefined;
    return offered === undefined || offered.includes('none') ? 'none' : offered.includes('client_secret_basic') ? 'client_secret_basic' : 'client_secret_post';
  }

  /** Registers a client by DCR with good metadata (public when the server offers `none`, or when asked); the client when one came. */
  async register(method?: ClientCredentials['method']): Promise<{ exchange: OAuthExchange; client?: ProbeClient } | { unavailable: string }> {
    const endpoint = this.endpoints().registration;
    if (!endpoint) return { unavailable: 'the authorization server offers no registration endpoint' };
    const chosen = method ?? this.registrationMethod();
    const result = await this.target.oauth.register(endpoint, registrationMetadata(chosen));
    const status = result.exchange.status;
    if (result.clientId === undefined || status === undefined || status >= 300) return { exchange: result.exchange };
    const client: ProbeClient = { id: result.clientId, ...(result.clientSecret !== undefined ? { secret: result.clientSecret } : {}), method: result.clientSecret !== undefined ? (chosen === 'none' ? 'client_secret_basic' : chosen) : 'none', redirectUri: HARNESS_REDIRECT_URI, origin: 'registered' };
    return { exchange: result.exchange, client };
  }

  /** An authorization request for `client` with a fresh PKCE pair and state; `params` override or add (a null removes). */
  async authorize(client: ProbeClient, params: Record<string, string | null> = {}): Promise<{ response: AuthorizationResponse; pkce: PkcePair } | { unavailable: string }> {
    const endpoint = this.endpoints().authorization;
    if (!endpoint) return { unavailable: 'no authorization endpoint is known (no metadata, and the revision has no defaults)' };
    const pkce = newPkce();
    const all: Record<string, string | null> = {
      response_type: 'code',
      client_id: client.id,
      redirect_uri: client.redirectUri,
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
      state: pkce.state,
      ...params,
    };
    const sent: Record<string, string> = {};
    for (const [name, value] of Object.entries(all)) if (value !== null) sent[name] = value;
    return { response: await this.target.oauth.authorize(endpoint, sent), pkce };
  }

  /**
   * A code for `client`, or why none came: an authorization endpoint that shows a page (no
   * immediate redirect) or redirects with an error leaves the probe without one.
   */
  async code(client: ProbeClient, params: Record<string, string | null> = {}): Promise<{ code: string; pkce: PkcePair; response: AuthorizationResponse } | { unavailable: string }> {
    const got = await this.authorize(client, params);
    if ('unavailable' in got) return got;
    const { response, pkce } = got;
    if (response.code !== undefined && response.toRedirectUri) return { code: response.code, pkce, response };
    const approve = this.target.approve;
    if (approve && response.exchange.status === 200 && response.location === undefined) {
      const landed = await approve(response.exchange.url);
      const url = landed === undefined ? undefined : new URL(landed);
      const code = url?.searchParams.get('code');
      if (url && code && `${url.origin}${url.pathname}` === new URL(client.redirectUri).origin + new URL(client.redirectUri).pathname) {
        this.target.oauth.redactor.add(code);
        return { code, pkce, response: { ...response, location: url, toRedirectUri: true, code, ...optional(url, 'state'), ...optional(url, 'iss') } };
      }
      return { unavailable: `the authorization page did not lead back to the redirect URI with a code${url ? ` (it led to ${url.origin}${url.pathname}${url.searchParams.get('error') ? `, error=${url.searchParams.get('error')}` : ''})` : ''}` };
    }
    return { unavailable: `the authorization endpoint gave no code at once (${oauthEvidence(response.exchange)}${response.error ? `, error=${response.error}` : ''}): codes are obtained only from an authorization server that approves without a page` };
  }

  /** Redeems a code as `client` with the pair's verifier; `params` override or add (a null removes). */
  async redeem(client: ProbeClient, code: string, pkce: PkcePair, params: Record<string, string | null> = {}): Promise<TokenResponse> {
    const all: Record<string, string | null> = { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: pkce.verifier, ...params };
    const sent: Record<string, string> = {};
    for (const [name, value] of Object.entries(all)) if (value !== null) sent[name] = value;
    return this.target.oauth.token(this.endpoints().token ?? '', sent, client);
  }

  async refresh(client: ProbeClient, refreshToken: string): Promise<TokenResponse> {
    return this.target.oauth.token(this.endpoints().token ?? '', { grant_type: 'refresh_token', refresh_token: refreshToken }, client);
  }
}

function optional(url: URL, name: 'state' | 'iss'): { state?: string; iss?: string } {
  const value = url.searchParams.get(name);
  return value === null ? {} : { [name]: value };
}

/** Client metadata for a DCR request the harness makes (RFC 7591 Section 2; application_type from 2026-07-28). */
export function registrationMetadata(method: string): Record<string, unknown> {
  return {
    client_name: 'mcp-conformance',
    redirect_uris: [HARNESS_REDIRECT_URI],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: method,
    application_type: 'native',
  };
}

/** An exchange in words without any secret: status, and for JSON its `error` or its field names; for a redirect, where to and which parameters. */
export function oauthEvidence(exchange: OAuthExchange): string {
  if (exchange.status === undefined) return `no response: ${exchange.error ?? 'unknown error'}`;
  const location = exchange.headers.location;
  if (location !== undefined) {
    try {
      const url = new URL(location, exchange.url);
      const names = [...url.searchParams.keys()];
      const error = url.searchParams.get('error');
      return `HTTP ${exchange.status} to ${url.origin}${url.pathname}${names.length ? ` with ${names.join(', ')}` : ''}${error ? ` (error=${error})` : ''}`;
    } catch {
      return `HTTP ${exchange.status} to an unparsable Location`;
    }
  }
  if (isObject(exchange.json)) {
    const json = exchange.json;
    if (typeof json.error === 'string') return `HTTP ${exchange.status} error=${json.error}${typeof json.error_description === 'string' ? ` (${json.error_description.slice(0, 120)})` : ''}`;
    return `HTTP ${exchange.status} JSON with ${Object.keys(json).join(', ') || 'no fields'}`;
  }
  const type = exchange.headers['content-type'];
  return `HTTP ${exchange.status}${type ? ` ${type.split(';')[0]}` : ''}${exchange.body ? ` (${exchange.body.length} bytes)` : ''}`;
}

// ----- Metadata -----

/** The metadata was served at one of the revision's well-known URLs, as JSON (RFC 8414 Section 3.2). */
export function metadataServed(discovery: Discovery, where: string): Assertion {
  const found = discovery.found;
  const tried = discovery.tried.map((t) => `${t.candidate.url}: ${oauthEvidence(t.exchange)}`);
  const type = found?.exchange.headers['content-type'] ?? '';
  const json = type.toLowerCase().split(';')[0]!.trim() === 'application/json';
  const ok = found !== undefined && json;
  return {
    ok,
    expected: `authorization server metadata (a JSON object, Content-Type application/json) at ${where}`,
    actual: tried,
    ...(ok
      ? {}
      : { message: found ? `the metadata came with Content-Type ${type || '(none)'}: serve it as application/json` : `serve the metadata document at ${discovery.tried[0]?.candidate.url ?? where}` }),
    frames: discovery.tried.map((t) => t.exchange.seq),
  };
}

/** RFC 8414 Section 2: issuer, authorization_endpoint, token_endpoint and response_types_supported (with `code`). */
export function metadataRequiredFields(metadata: Record<string, unknown>, frames: number[]): Assertion {
  const missing = ['issuer', 'authorization_endpoint', 'token_endpoint'].filter((f) => typeof metadata[f] !== 'string');
  const types = metadata.response_types_supported;
  if (!Array.isArray(types) || !types.every((x) => typeof x === 'string')) missing.push('response_types_supported');
  const ok = missing.length === 0;
  return {
    ok,
    expected: 'issuer, authorization_endpoint, token_endpoint (strings) and response_types_supported (an array of strings) in the metadata',
    actual: `fields present: ${Object.keys(metadata).join(', ')}`,
    ...(ok ? {} : { message: `add ${missing.join(', ')} to the metadata (RFC 8414 Section 2)` }),
    frames,
  };
}

/**
 * RFC 8414 Section 3.3 (and from 2026-07-28 the MCP text): `issuer` is identical to the issuer the
 * well-known URL was built from. An issuer without a path matches with or without its final `/`
 * (the same URL); anything else must be the same string.
 */
export function issuerIdentical(metadata: Record<string, unknown>, expected: string, frames: number[]): Assertion {
  const stated = metadata.issuer;
  const sameOrigin = (a: string, b: string): boolean => {
    try {
      const x = new URL(a);
      const y = new URL(b);
      return x.pathname === '/' && y.pathname === '/' && x.href === y.href && !/[?#]/.test(a + b);
    } catch {
      return false;
    }
  };
  const ok = typeof stated === 'string' && (stated === expected || sameOrigin(stated, expected));
  return {
    ok,
    expected: `issuer "${expected}" in the metadata, identical to the issuer its URL was built from`,
    actual: typeof stated === 'string' ? `issuer "${stated}"` : `issuer ${JSON.stringify(stated) ?? 'absent'}`,
    ...(ok ? {} : { message: `state "issuer": "${expected}" exactly: clients discard metadata whose issuer differs from the one they looked up` }),
    frames,
  };
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * OAuth 2.1 Section 1.5: every endpoint is https. A loopback host (localhost, 127.0.0.0/8, [::1]) is
 * let through over http, as OAuth 2.1 allows for loopback traffic: a server under test on this
 * machine is judged on everything else. Every other http URL fails.
 */
export function endpointsHttps(metadata: Record<string, unknown>, frames: number[]): Assertion {
  const urls = Object.entries(metadata).filter(([name, value]) => (name === 'issuer' || name.endsWith('_endpoint') || name === 'jwks_uri') && typeof value === 'string') as Array<[string, string]>;
  const plain: string[] = [];
  const loopback: string[] = [];
  for (const [name, value] of urls) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      plain.push(`${name} (not a URL)`);
      continue;
    }
    if (url.protocol === 'https:') continue;
    if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) loopback.push(name);
    else plain.push(`${name} ${url.protocol}//${url.host}`);
  }
  const ok = plain.length === 0;
  return {
    ok,
    expected: 'https URLs for the issuer and every endpoint in the metadata (http is let through only on a loopback host)',
    actual: `${urls.length} URLs${loopback.length ? `; on a loopback host over http (let through): ${loopback.join(', ')}` : ''}${plain.length ? `; not https: ${plain.join(', ')}` : ''}`,
    ...(ok ? {} : { message: `serve ${plain.join(', ')} over https` }),
    frames,
  };
}

/** `code_challenge_methods_supported` lists S256: MCP clients (2025-11-25 on) refuse to go on otherwise. */
export function s256Advertised(metadata: Record<string, unknown>, frames: number[]): Assertion {
  const methods = metadata.code_challenge_methods_supported;
  const ok = Array.isArray(methods) && methods.includes('S256');
  return {
    ok,
    expected: 'code_challenge_methods_supported containing "S256" in the metadata',
    actual: methods === undefined ? 'code_challenge_methods_supported absent' : `code_challenge_methods_supported: ${JSON.stringify(methods)}`,
    ...(ok ? {} : { message: 'support PKCE with S256 and list it in code_challenge_methods_supported: MCP clients refuse an authorization server that does not advertise it' }),
    frames,
  };
}

// ----- Token endpoint verdicts -----

/** A control: the token request with everything right got tokens; without it a refusal proves nothing. */
export function tokensIssued(token: TokenResponse): boolean {
  return token.exchange.status === 200 && token.accessToken !== undefined;
}

/**
 * A token request the server must refuse: no access token, and an error status. Judged by what the
 * rule is about, that the grant is denied; a refusal with 5xx instead of 400 invalid_grant denies it
 * all the same, and is judged by the responses scenario's `token-error-400` (OAuth 2.1 Section 3.2.4).
 */
export function tokenRefused(token: TokenResponse, what: string, fix: string, wantError = 'invalid_grant'): Assertion {
  const status = token.exchange.status;
  const ok = status !== undefined && (status < 200 || status >= 300) && token.accessToken === undefined;
  return {
    ok,
    expected: `${what} refused (HTTP 400, error=${wantError})`,
    actual: oauthEvidence(token.exchange),
    ...(ok ? {} : { message: token.accessToken !== undefined ? `tokens were issued: ${fix}` : `not refused with a 4xx: ${fix}` }),
    frames: [token.exchange.seq],
  };
}

// ----- Authorization endpoint verdicts -----

/** OAuth 2.1 Section 4.1.2: the authorization response carries the request's `state`, exactly. */
export function stateEchoed(response: AuthorizationResponse, sent: string): Assertion {
  const ok = response.state === sent;
  return {
    ok,
    expected: 'the state of the authorization request back in the authorization response, unchanged',
    actual: response.state === undefined ? `no state in the response (${oauthEvidence(response.exchange)})` : 'another state value',
    ...(ok ? {} : { message: 'return the state parameter exactly as the client sent it: clients match responses to their requests by it (CSRF protection)' }),
    frames: [response.exchange.seq],
  };
}

/** OAuth 2.1 Section 3.2.3: a response holding tokens carries Cache-Control: no-store. */
export function tokenNotCached(token: TokenResponse): Assertion {
  const value = token.exchange.headers['cache-control'];
  const ok = value !== undefined && value.split(',').some((d) => d.trim().toLowerCase() === 'no-store');
  return {
    ok,
    expected: 'Cache-Control: no-store on the token response',
    actual: value === undefined ? 'no Cache-Control header' : `Cache-Control: ${value}`,
    ...(ok ? {} : { message: 'send Cache-Control: no-store with every token response, so no cache keeps the tokens' }),
    frames: [token.exchange.seq],
  };
}

/** An authorization request with a redirect_uri not registered for the client is not redirected to it (OAuth 2.1 Sections 2.3.1, 4.1.2.1). */
export function notRedirectedTo(response: AuthorizationResponse, uri: string): Assertion {
  const redirected = response.location !== undefined && response.location.href.startsWith(uri);
  return {
    ok: !redirected,
    expected: `no redirect to the unregistered redirect_uri ${uri} (an error shown by the authorization server itself)`,
    actual: oauthEvidence(response.exchange),
    ...(redirected ? { message: 'compare redirect_uri with the registered ones character for character (only a loopback IP literal\'s port may differ) and show an error page, never a redirect, when none matches' } : {}),
    frames: [response.exchange.seq],
  };
}

/** RFC 9207 Section 2: the authorization response (success and error) carries `iss`, exactly the issuer. */
export function issInResponse(responses: AuthorizationResponse[], issuer: string): Assertion {
  const wrong = responses.filter((r) => r.iss !== issuer);
  const ok = wrong.length === 0;
  return {
    ok,
    expected: `iss=${issuer} in every authorization response (success and error redirects)`,
    actual: responses.map((r) => `${r.error ? `error=${r.error}` : 'code'}: ${r.iss === undefined ? 'no iss' : `iss=${r.iss}`}`).join('; '),
    ...(ok ? {} : { message: `add iss=${issuer} (the issuer exactly) to every redirect back to the client, errors included` }),
    frames: responses.map((r) => r.exchange.seq),
  };
}

/** RFC 9207 Section 2.3: a server that sends `iss` advertises authorization_response_iss_parameter_supported: true. */
export function issAdvertised(metadata: Record<string, unknown>, frames: number[]): Assertion {
  const value = metadata.authorization_response_iss_parameter_supported;
  const ok = value === true;
  return {
    ok,
    expected: 'authorization_response_iss_parameter_supported: true in the metadata (the server sends iss)',
    actual: value === undefined ? 'authorization_response_iss_parameter_supported absent' : `authorization_response_iss_parameter_supported: ${JSON.stringify(value)}`,
    ...(ok ? {} : { message: 'set authorization_response_iss_parameter_supported to true: clients only insist on iss when it is advertised' }),
    frames,
  };
}

// ----- Registration verdicts -----

/** RFC 7591 Section 3.2.1: 201 Created with client_id. */
export function registrationCreated(exchange: OAuthExchange): Assertion {
  const body = isObject(exchange.json) ? exchange.json : undefined;
  const hasId = typeof body?.client_id === 'string' && body.client_id !== '';
  const ok = exchange.status === 201 && hasId;
  return {
    ok,
    expected: 'HTTP 201 with a client_id for a valid registration request',
    actual: oauthEvidence(exchange),
    ...(ok ? {} : { message: `${exchange.status !== 201 ? `answer a successful registration with 201 Created (not ${exchange.status ?? 'nothing'})` : ''}${exchange.status !== 201 && !hasId ? ' and ' : ''}${hasId ? '' : 'return the issued client_id in the body'}` }),
    frames: [exchange.seq],
  };
}

/** RFC 7591 Section 3.2.2: 400 with invalid_redirect_uri or invalid_client_metadata. */
export function registrationRefused(exchange: OAuthExchange, what: string): Assertion {
  const error = isObject(exchange.json) ? exchange.json.error : undefined;
  const ok = exchange.status === 400 && typeof error === 'string';
  return {
    ok,
    expected: `HTTP 400 with an RFC 7591 error (invalid_redirect_uri or invalid_client_metadata) for ${what}`,
    actual: oauthEvidence(exchange),
    ...(ok ? {} : { message: `refuse ${what} with HTTP 400 and a JSON body {"error": "invalid_redirect_uri" | "invalid_client_metadata"}` }),
    frames: [exchange.seq],
  };
}

// ----- Refresh verdicts -----

/** OAuth 2.1 Section 4.3.1 for public clients: a refresh returns a new refresh token. */
export function refreshRotated(first: string, refreshed: TokenResponse): Assertion {
  const ok = tokensIssued(refreshed) && refreshed.refreshToken !== undefined && refreshed.refreshToken !== first;
  return {
    ok,
    expected: 'a new refresh token in the answer to a refresh by a public client',
    actual: tokensIssued(refreshed) ? (refreshed.refreshToken === undefined ? 'no refresh_token in the answer' : refreshed.refreshToken === first ? 'the same refresh token again' : 'a new refresh token') : oauthEvidence(refreshed.exchange),
    ...(ok ? {} : { message: 'rotate refresh tokens of public clients: issue a new one with every refresh and revoke the one used' }),
    frames: [refreshed.exchange.seq],
  };
}

// ----- Probes: the requests of each scenario -----

type Unavailable = { unavailable: string };

/** PKCE: a control (right verifier), then a wrong verifier and a missing one, each on its own code. */
export async function probePkce(probe: AuthorizationServerProbe): Promise<{ control: TokenResponse; wrong: TokenResponse; missing: TokenResponse } | Unavailable> {
  const client = await probe.client('any');
  if ('unavailable' in client) return client;
  const redeemed = async (change: Record<string, string | null>): Promise<TokenResponse | Unavailable> => {
    const got = await probe.code(client);
    return 'unavailable' in got ? got : probe.redeem(client, got.code, got.pkce, change);
  };
  const control = await redeemed({});
  if ('unavailable' in control) return control;
  if (!tokensIssued(control)) return { unavailable: `a token request with the right code_verifier was refused (${oauthEvidence(control.exchange)}), so a refusal of a wrong one would show nothing` };
  const wrong = await redeemed({ code_verifier: newPkce().verifier });
  if ('unavailable' in wrong) return wrong;
  const missing = await redeemed({ code_verifier: null });
  if ('unavailable' in missing) return missing;
  return { control, wrong, missing };
}

/** A code redeemed, then the same code again. */
export async function probeCodeReuse(probe: AuthorizationServerProbe): Promise<{ first: TokenResponse; second: TokenResponse } | Unavailable> {
  const client = await probe.client('any');
  if ('unavailable' in client) return client;
  const got = await probe.code(client);
  if ('unavailable' in got) return got;
  const first = await probe.redeem(client, got.code, got.pkce);
  if (!tokensIssued(first)) return { unavailable: `the first redemption of a code was refused (${oauthEvidence(first.exchange)})` };
  return { first, second: await probe.redeem(client, got.code, got.pkce) };
}

/**
 * A code redeemed by another client (when a second client can be had), and a code redeemed with
 * another redirect_uri than its authorization request's (same client, right verifier).
 */
export async function probeCodeBinding(probe: AuthorizationServerProbe): Promise<{ otherClient: TokenResponse | Unavailable; otherRedirect: TokenResponse } | Unavailable> {
  const client = await probe.client('any');
  if ('unavailable' in client) return client;
  const control = await probe.code(client);
  if ('unavailable' in control) return control;
  const ok = await probe.redeem(client, control.code, control.pkce);
  if (!tokensIssued(ok)) return { unavailable: `a code redeemed by its own client was refused (${oauthEvidence(ok.exchange)})` };
  const forRedirect = await probe.code(client);
  if ('unavailable' in forRedirect) return forRedirect;
  const otherRedirect = await probe.redeem(client, forRedirect.code, forRedirect.pkce, { redirect_uri: otherPath(client.redirectUri) });
  const other = await probe.client('another');
  let otherClient: TokenResponse | Unavailable = other as Unavailable;
  if (!('unavailable' in other)) {
    const forClient = await probe.code(client);
    otherClient = 'unavailable' in forClient ? forClient : await probe.redeem(other, forClient.code, forClient.pkce, { redirect_uri: client.redirectUri });
  }
  return { otherClient, otherRedirect };
}

/** The registered redirect URI with its path changed: `/callback` becomes `/callback-other`. */
function otherPath(uri: string): string {
  const url = new URL(uri);
  url.pathname = `${url.pathname.replace(/\/$/, '')}-other`;
  return url.href;
}

/**
 * Authorization requests with redirect URIs that are not registered: the registered one with a
 * longer path (what a prefix match lets through) and with a path below it. Preceded by a control
 * with the registered URI, which must come back with a code.
 */
export async function probeRedirectUris(probe: AuthorizationServerProbe): Promise<{ uris: string[]; responses: AuthorizationResponse[] } | Unavailable> {
  const client = await probe.client('any');
  if ('unavailable' in client) return client;
  const control = await probe.code(client);
  if ('unavailable' in control) return control;
  const base = client.redirectUri.replace(/\/$/, '');
  const uris = [`${base}-evil`, `${base}/evil`];
  const responses: AuthorizationResponse[] = [];
  for (const uri of uris) {
    const got = await probe.authorize(client, { redirect_uri: uri });
    if ('unavailable' in got) return got;
    responses.push(got.response);
  }
  return { uris, responses };
}

/** A valid registration, and one whose redirect URI is no URI. */
export async function probeRegistration(probe: AuthorizationServerProbe): Promise<{ good: OAuthExchange; bad: OAuthExchange } | Unavailable> {
  const endpoint = probe.endpoints().registration;
  if (!endpoint || (probe.metadata && probe.metadata.registration_endpoint === undefined)) return { unavailable: 'the authorization server offers no registration endpoint (registration_endpoint absent)' };
  const good = await probe.register();
  if ('unavailable' in good) return good;
  const bad = await probe.target.oauth.register(endpoint, { ...registrationMetadata('none'), redirect_uris: ['not a uri'] });
  return { good: good.exchange, bad: bad.exchange };
}

/** A public client's tokens, a refresh, and the first refresh token used again. */
export async function probeRefresh(probe: AuthorizationServerProbe): Promise<{ first: TokenResponse; refreshed: TokenResponse; replay?: TokenResponse } | Unavailable> {
  const client = await probe.client('public');
  if ('unavailable' in client) return client;
  const got = await probe.code(client, { scope: null });
  if ('unavailable' in got) return got;
  const first = await probe.redeem(client, got.code, got.pkce);
  if (!tokensIssued(first)) return { unavailable: `the code was not redeemed (${oauthEvidence(first.exchange)})` };
  if (first.refreshToken === undefined) return { unavailable: 'the server issued no refresh token to a public client, so there is nothing to rotate' };
  const refreshed = await probe.refresh(client, first.refreshToken);
  if (!tokensIssued(refreshed)) return { first, refreshed };
  return { first, refreshed, replay: await probe.refresh(client, first.refreshToken) };
}

/**
 * An authorization response with a code, and an error redirect (an unsupported response_type with a
 * valid client and redirect URI, which OAuth 2.1 Section 4.1.2.1 sends back to the client); `error`
 * is absent when the server showed that error itself instead (then only the success is judged).
 */
export async function probeIss(probe: AuthorizationServerProbe): Promise<{ success: AuthorizationResponse; error?: AuthorizationResponse } | Unavailable> {
  const client = await probe.client('any');
  if ('unavailable' in client) return client;
  const success = await probe.code(client);
  if ('unavailable' in success) return success;
  const error = await probe.authorize(client, { response_type: 'mcp-conformance-unsupported' });
  if ('unavailable' in error) return error;
  if (!error.response.toRedirectUri || error.response.error === undefined) {
    probe.target.note(`an unsupported response_type was not redirected back with an error (${oauthEvidence(error.response.exchange)}): iss is judged on the successful response only`);
    return { success: success.response };
  }
  return { success: success.response, error: error.response };
}

// ----- Scenario bodies: shared by the scenarios of each revision and by the unit tests -----

/** What the scenario bodies below use of a scenario context (a ServerScenarioContext is one). */
export interface AsCheckContext {
  readonly revision: Revision;
  check(id: string, assertion: Assertion): boolean;
  notApplicable(id: string, reason: string): void;
  untestable(id: string, reason: string): void;
  skip(reason: string): never;
  blocked(reason: string): never;
  note(text: string): void;
}

/** Discovers the metadata, or blocks the scenario when there is none to probe with. */
async function endpointsOrBlock(t: AsCheckContext, probe: AuthorizationServerProbe, need: 'token' | 'registration' = 'token'): Promise<void> {
  const discovery = await probe.discover();
  if (!discovery.found && !discovery.defaults) t.blocked(`no authorization server metadata at ${discovery.tried.map((d) => d.candidate.url).join(', ')} (${discovery.tried.map((d) => oauthEvidence(d.exchange)).join('; ')})`);
  if (need === 'token' && (!probe.endpoints().authorization || !probe.endpoints().token)) t.blocked('the metadata names no authorization_endpoint or token_endpoint');
}

/**
 * Metadata checks: where it is served (`served` names the row-specific place in words), its
 * required fields, its issuer, https endpoints; from 2025-11-25 S256 advertised, and the PKCE
 * methods of an OpenID Connect Discovery document.
 */
export async function judgeMetadata(t: AsCheckContext, probe: AuthorizationServerProbe, where: string): Promise<void> {
  const discovery = await probe.discover();
  const early = compareRevisions(t.revision, '2025-06-18') < 0;
  if (early && discovery.found) {
    t.notApplicable('default-endpoints', 'the server serves metadata, so its endpoints are the ones the metadata names');
    t.check('metadata-at-root', metadataAtRoot(discovery));
  }
  if (early && !discovery.found) {
    // Metadata elsewhere than the root (where 2025-06-18 puts it, the path inserted) breaks the rule of this revision.
    const inserted = metadataCandidates(probe.target.issuer, '2025-06-18')[0]!;
    const elsewhere = inserted.url === discovery.tried[0]?.candidate.url ? undefined : await probe.target.oauth.get(inserted.url);
    if (elsewhere?.status === 200 && isObject(elsewhere.json)) t.check('metadata-at-root', metadataAtRoot(discovery, elsewhere));
    else t.notApplicable('metadata-at-root', 'the server serves no metadata at all');
  }
  if (!t.check('metadata-served', metadataServed(discovery, where)) && !discovery.found) {
    // 2025-03-26 only asks for metadata (SHOULD): without it the default endpoints must be there.
    if (early) {
      t.check('default-endpoints', await defaultEndpointsServed(probe));
      t.skip('the server serves no metadata (its default endpoints apply)');
    }
    t.blocked('no metadata document was found');
  }
  const found = discovery.found!;
  const frames = [found.exchange.seq];
  t.check('metadata-required-fields', metadataRequiredFields(found.metadata, frames));
  t.check('issuer-identical', issuerIdentical(found.metadata, probe.expectedIssuer, frames));
  t.check('https-endpoints', endpointsHttps(found.metadata, frames));
  if (compareRevisions(t.revision, '2025-11-25') >= 0) {
    t.check('s256-advertised', s256Advertised(found.metadata, frames));
    if (found.candidate.kind === 'openid') t.check('openid-pkce-methods', s256Advertised(found.metadata, frames));
    else t.notApplicable('openid-pkce-methods', 'the metadata was found as RFC 8414 authorization server metadata, not as an OpenID Connect Discovery document');
  }
}

/** 2025-03-26: the metadata is at the root of the origin, not at a path of its own (`elsewhere`: where it was found instead). */
function metadataAtRoot(discovery: Discovery, elsewhere?: OAuthExchange): Assertion {
  const root = discovery.tried[0]?.candidate.url ?? '';
  const ok = elsewhere === undefined;
  return {
    ok,
    expected: `the metadata at ${root} (the MCP server's origin with its path dropped)`,
    actual: ok ? `served at ${root}` : `not at ${root}, but at ${elsewhere.url}`,
    ...(ok ? {} : { message: `serve the metadata at ${root}: clients of 2025-03-26 look for it there only` }),
    frames: ok ? [discovery.found!.exchange.seq] : [...discovery.tried.map((d) => d.exchange.seq), elsewhere.seq],
  };
}

/**
 * 2025-03-26 without metadata: /authorize and /token at the root of the origin answer as OAuth
 * endpoints (anything but 404; the token endpoint with an OAuth error for an unknown code).
 */
async function defaultEndpointsServed(probe: AuthorizationServerProbe): Promise<Assertion> {
  const endpoints = probe.endpoints();
  const oauth = probe.target.oauth;
  const authorize = await oauth.authorize(endpoints.authorization!, { response_type: 'code', client_id: 'mcp-conformance-unknown-client' });
  const token = await oauth.token(endpoints.token!, { grant_type: 'authorization_code', code: 'mcp-conformance-unknown-code' }, { id: 'mcp-conformance-unknown-client' });
  const tokenAnswered = token.exchange.status !== undefined && token.exchange.status !== 404 && token.error !== undefined;
  const ok = authorize.exchange.status !== undefined && authorize.exchange.status !== 404 && tokenAnswered;
  return {
    ok,
    expected: `the default endpoints ${endpoints.authorization} and ${endpoints.token} served (the server has no metadata)`,
    actual: `authorize: ${oauthEvidence(authorize.exchange)}; token: ${oauthEvidence(token.exchange)}`,
    ...(ok ? {} : { message: 'serve the authorization endpoint at /authorize and the token endpoint at /token of the MCP server\'s origin, or publish metadata naming where they are' }),
    frames: [authorize.exchange.seq, token.exchange.seq],
  };
}

export async function judgePkce(t: AsCheckContext, probe: AuthorizationServerProbe): Promise<void> {
  await endpointsOrBlock(t, probe);
  const result = await probePkce(probe);
  if ('unavailable' in result) t.blocked(result.unavailable);
  t.check('wrong-verifier-refused', tokenRefused(result.wrong, 'a token request whose code_verifier does not match the code_challenge', 'verify code_verifier against the code_challenge of the authorization request (BASE64URL(SHA256(verifier)) for S256) and refuse a mismatch with invalid_grant'));
  t.check('missing-verifier-refused', tokenRefused(result.missing, 'a token request without code_verifier for a code issued with a code_challenge', 'require code_verifier whenever the authorization request carried a code_challenge'));
}

export async function judgeCodeReuse(t: AsCheckContext, probe: AuthorizationServerProbe): Promise<void> {
  await endpointsOrBlock(t, probe);
  const result = await probeCodeReuse(probe);
  if ('unavailable' in result) t.blocked(result.unavailable);
  t.check('code-reuse-refused', tokenRefused(result.second, 'a second token request with a code already redeemed', 'make codes single-use: refuse a code that was redeemed before (and revoke what it gave)'));
}

export async function judgeCodeBinding(t: AsCheckContext, probe: AuthorizationServerProbe): Promise<void> {
  await endpointsOrBlock(t, probe);
  const result = await probeCodeBinding(probe);
  if ('unavailable' in result) t.blocked(result.unavailable);
  if ('unavailable' in result.otherClient) t.notApplicable('other-client-refused', result.otherClient.unavailable);
  else t.check('other-client-refused', tokenRefused(result.otherClient, 'a code redeemed by a client other than the one it was issued to', 'bind each code to the client_id of its authorization request and refuse it to any other client'));
  t.check('other-redirect-uri-refused', tokenRefused(result.otherRedirect, 'a code redeemed with a redirect_uri other than its authorization request\'s', 'bind each code to the redirect_uri of its authorization request and refuse a token request that names another'));
}

export async function judgeRedirectUris(t: AsCheckContext, probe: AuthorizationServerProbe, ids: readonly string[]): Promise<void> {
  await endpointsOrBlock(t, probe);
  const result = await probeRedirectUris(probe);
  if ('unavailable' in result) t.blocked(result.unavailable);
  const verdicts = result.responses.map((r, i) => notRedirectedTo(r, result.uris[i]!));
  const failed = verdicts.find((v) => !v.ok);
  const combined: Assertion = failed ?? { ...verdicts[0]!, expected: `no redirect to the unregistered redirect URIs ${result.uris.join(' and ')}`, actual: verdicts.map((v) => v.actual).join('; '), frames: verdicts.flatMap((v) => v.frames ?? []) };
  for (const id of ids) t.check(id, combined);
}

/** `offeredId`: the check that registration is offered at all (a SHOULD until 2025-11-25), absent after. */
export async function judgeRegistration(t: AsCheckContext, probe: AuthorizationServerProbe, offeredId?: string): Promise<void> {
  await endpointsOrBlock(t, probe, 'registration');
  const result = await probeRegistration(probe);
  if (offeredId !== undefined) t.check(offeredId, registrationOffered(probe, result));
  if ('unavailable' in result) t.skip(result.unavailable);
  t.check('registration-created', registrationCreated(result.good));
  t.check('bad-metadata-refused', registrationRefused(result.bad, 'a registration whose redirect_uris holds no URI'));
}

/** Dynamic Client Registration is offered: a registration_endpoint in the metadata (2025-03-26 without metadata: /register). */
function registrationOffered(probe: AuthorizationServerProbe, result: { good: OAuthExchange } | Unavailable): Assertion {
  const ok = !('unavailable' in result);
  const frames = probe.discovery?.found ? [probe.discovery.found.exchange.seq] : (probe.discovery?.tried.map((d) => d.exchange.seq) ?? []);
  return {
    ok,
    expected: 'Dynamic Client Registration offered (registration_endpoint in the metadata)',
    actual: ok ? `registration_endpoint ${probe.endpoints().registration ?? ''}` : result.unavailable,
    ...(ok ? {} : { message: 'offer RFC 7591 Dynamic Client Registration and name it as registration_endpoint, so clients can register without a person\'s help' }),
    frames,
  };
}

/** OAuth 2.1 rules of the responses themselves: state echoed, token responses not cached. */
export async function judgeResponses(t: AsCheckContext, probe: AuthorizationServerProbe): Promise<void> {
  await endpointsOrBlock(t, probe);
  const client = await probe.client('any');
  if ('unavailable' in client) t.blocked(client.unavailable);
  let got: { response: AuthorizationResponse; pkce: PkcePair } | { unavailable: string } = await probe.authorize(client);
  if ('unavailable' in got) t.blocked(got.unavailable);
  // A server that shows a page first: its response is where the browser was sent in the end.
  if (got.response.location === undefined && got.response.exchange.status === 200) got = await probe.code(client);
  if ('unavailable' in got) t.blocked(got.unavailable);
  const response = got.response;
  if (!response.toRedirectUri) t.blocked(`the authorization request was not redirected back to the client (${oauthEvidence(response.exchange)})`);
  t.check('state-echoed', stateEchoed(response, got.pkce.state));
  if (response.code === undefined) t.blocked(`the authorization response held no code (${oauthEvidence(response.exchange)})`);
  const token = await probe.redeem(client, response.code, got.pkce);
  if (!tokensIssued(token)) t.blocked(`the code was not redeemed (${oauthEvidence(token.exchange)})`);
  t.check('token-no-store', tokenNotCached(token));
  // A grant no one issued: OAuth 2.1 Section 3.2.4 answers it with 400 invalid_grant.
  const madeUp = await probe.redeem(client, 'mcp-conformance-made-up-code', got.pkce);
  const status = madeUp.exchange.status;
  const ok = status === 400 && madeUp.error === 'invalid_grant' && madeUp.accessToken === undefined;
  t.check('token-error-400', {
    ok,
    expected: 'a token request with a code the server never issued answered HTTP 400 with error=invalid_grant',
    actual: oauthEvidence(madeUp.exchange),
    ...(ok ? {} : { message: madeUp.accessToken !== undefined ? 'tokens were issued for a code the server never issued' : 'answer an invalid, expired or reused grant with HTTP 400 and {"error":"invalid_grant"}, not with a server error: a client tells "start over" from "try later" by it' }),
    frames: [madeUp.exchange.seq],
  });
}

/**
 * Client ID Metadata Documents (2025-11-25 on), for a server that advertises them: the harness
 * publishes its client metadata on its own https host (127.0.0.1, a CA made for the run) and uses
 * the document's URL as client_id. A good document gets a code, fetched once and then cached (it is
 * served with max-age=600); a redirect_uri the document does not list, a document naming another
 * client_id and a document that is no JSON get none. A server that never fetches the document,
 * or fetches it and still refuses the good one, leaves the checks not testable: it may rightly
 * refuse loopback addresses or a CA it was not told to trust.
 */
export async function judgeCimd(t: AsCheckContext, probe: AuthorizationServerProbe): Promise<void> {
  await endpointsOrBlock(t, probe);
  const found = probe.discovery!.found;
  if (!found) t.blocked('no metadata document to advertise Client ID Metadata Documents in');
  const advertised = found.metadata.client_id_metadata_document_supported === true;
  const value = found.metadata.client_id_metadata_document_supported;
  t.check('cimd-advertised', {
    ok: advertised,
    expected: 'client_id_metadata_document_supported: true in the metadata (Client ID Metadata Documents supported)',
    actual: value === undefined ? 'client_id_metadata_document_supported absent' : `client_id_metadata_document_supported: ${JSON.stringify(value)}`,
    ...(advertised ? {} : { message: 'support Client ID Metadata Documents (an https URL as client_id, its metadata fetched from it) and say so with client_id_metadata_document_supported: true, so clients without a prior relationship need no registration' }),
    frames: [found.exchange.seq],
  });
  if (!advertised) t.skip('the authorization server does not advertise client_id_metadata_document_supported, so it need not take a metadata document URL as client_id');
  const hosted = await probe.target.documents?.();
  if (!hosted) t.blocked('the harness has no host for client metadata documents here');
  const { host, caFile } = hosted;
  const trust = caFile !== undefined ? `the harness's CA is ${caFile}` : 'the harness\'s CA is written to the run\'s folder (--out) as cimd-ca.pem';
  const document = (over: Record<string, unknown> = {}) => (url: string) => ({
    body: JSON.stringify({ client_id: url, client_name: 'mcp-conformance', redirect_uris: [HARNESS_REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'none', ...over }),
    cacheControl: 'max-age=600',
  });
  const clientAt = (url: string, redirectUri = HARNESS_REDIRECT_URI): ProbeClient => ({ id: url, method: 'none', redirectUri, origin: 'metadata-document' });
  const good = host.publish(document());
  t.note(`client metadata document at ${good} (${trust})`);
  const first = await probe.code(clientAt(good));
  const fetched = host.fetches(good);
  if ('unavailable' in first) {
    const tls = host.handshakeFailures.length > 0 ? `; TLS handshakes with the harness's host failed: ${[...new Set(host.handshakeFailures)].join('; ')}` : '';
    // The server's own words, when it showed an error page: often why it did not fetch.
    const last = probe.target.oauth.exchanges.at(-1);
    const words = last && last.status !== undefined && last.status >= 400 ? pageText(last.body).slice(0, 200) : '';
    const said = words ? `; it said: "${words}"` : '';
    if (fetched === 0) t.blocked(`the authorization server never fetched the harness's metadata document ${good} (${last ? oauthEvidence(last) : first.unavailable}${said}${tls}). A server may rightly refuse a loopback URL or a certificate of a CA it does not know: to judge these checks, let it reach 127.0.0.1 over https and trust ${caFile ?? 'the CA in the run\'s folder'}`);
    t.check('document-fetched', { ok: true, expected: 'the metadata document fetched from its URL', actual: `${fetched} GET request(s) of ${good}` });
    t.blocked(`the authorization server fetched the metadata document but gave no code for it (${first.unavailable}${said}); it may refuse clients by a policy of its own, so the other checks cannot be judged`);
  }
  t.check('document-fetched', {
    ok: fetched > 0,
    expected: `the metadata document fetched from ${good} when its URL came as client_id`,
    actual: `${fetched} GET request(s) of the document`,
    ...(fetched > 0 ? {} : { message: 'fetch the client metadata document from the client_id URL: without it, neither the redirect URI nor the client\'s name is known' }),
    frames: [first.response.exchange.seq],
  });
  if (fetched === 0) t.notApplicable('document-cached', 'the document was never fetched, so there is no copy to cache');
  else {
    const second = await probe.code(clientAt(good));
    if ('unavailable' in second) t.untestable('document-cached', `a second authorization with the same client_id gave no code (${second.unavailable})`);
    else {
      const again = host.fetches(good);
      t.check('document-cached', {
        ok: again === fetched,
        expected: 'no second fetch of a document served with Cache-Control: max-age=600, for a second authorization within a few seconds',
        actual: `${fetched} GET request(s) for the first authorization, ${again - fetched} more for the second`,
        ...(again === fetched ? {} : { message: 'cache client metadata documents for as long as their HTTP cache headers allow, instead of fetching them for every authorization' }),
        frames: [second.response.exchange.seq],
      });
    }
  }
  const noCode = async (id: string, client: ProbeClient, what: string, fix: string): Promise<void> => {
    const got = await probe.code(client);
    const ok = 'unavailable' in got;
    t.check(id, {
      ok,
      expected: `no code for ${what}`,
      actual: ok ? got.unavailable : `a code came back to ${client.redirectUri}`,
      ...(ok ? {} : { message: fix }),
      ...(ok ? {} : { frames: [got.response.exchange.seq] }),
    });
  };
  const unlisted = `${HARNESS_REDIRECT_URI}-unlisted`;
  await noCode('unlisted-redirect-refused', clientAt(host.publish(document()), unlisted), `an authorization request whose redirect_uri (${unlisted}) the metadata document does not list`, 'compare the redirect_uri of the request with the redirect_uris of the client\'s metadata document, and refuse one it does not list');
  await noCode('id-mismatch-refused', clientAt(host.publish((url) => document({ client_id: url.replace(/client-metadata\.json$/, 'another-client.json') })(url))), 'a metadata document whose client_id is another URL than its own', 'refuse a metadata document whose client_id is not exactly the URL it was fetched from');
  await noCode('invalid-document-refused', clientAt(host.publish((url) => ({ body: `{"client_id": ${JSON.stringify(url)}, "redirect_uris": ["${HARNESS_REDIRECT_URI}"`, cacheControl: 'no-store' }))), 'a metadata document that is not valid JSON (cut short)', 'refuse a metadata document that does not parse as a JSON object with the required fields');
}

/**
 * The authorization page names the redirect URI's hostname (2025-11-25 on). Judged on the first page
 * the authorization endpoint shows, read as HTML without a browser: a server that approves at once
 * shows none (not applicable), and a login page (a password field) comes before any consent page
 * the harness could read without logging in (not applicable either).
 */
export async function judgeConsentPage(t: AsCheckContext, probe: AuthorizationServerProbe): Promise<void> {
  await endpointsOrBlock(t, probe);
  const client = await probe.client('any');
  if ('unavailable' in client) t.blocked(client.unavailable);
  const got = await probe.authorize(client);
  if ('unavailable' in got) t.blocked(got.unavailable);
  const exchange = got.response.exchange;
  if (got.response.location !== undefined) t.skip('the authorization server approves without a page, so there is no page to name the redirect host on');
  const html = (exchange.headers['content-type'] ?? '').toLowerCase().includes('text/html');
  if (exchange.status !== 200 || !html) t.blocked(`the authorization endpoint showed no page (${oauthEvidence(exchange)})`);
  if (/<input[^>]+type\s*=\s*["']?password/i.test(exchange.body)) t.skip('the first page is a login page: the consent page behind it is not read without logging in');
  t.check('consent-shows-redirect-host', pageNamesHost(exchange, new URL(client.redirectUri).hostname));
}

/** A page's visible text: tags, scripts and styles dropped, white space folded. */
function pageText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The page's visible text contains the hostname. */
function pageNamesHost(exchange: OAuthExchange, hostname: string): Assertion {
  const text = pageText(exchange.body);
  const ok = text.includes(hostname);
  return {
    ok,
    expected: `the hostname of the redirect URI (${hostname}) in the text of the authorization page`,
    actual: ok ? `the page names ${hostname}` : `the page's text does not contain ${hostname} (${text.length} characters)`,
    ...(ok ? {} : { message: `show the redirect URI's hostname (${hostname}) on the authorization page, so the user sees where the code will be sent` }),
    frames: [exchange.seq],
  };
}

/** `replayId`: the check of the used refresh token being refused (2025-06-18 on), absent before. */
export async function judgeRefresh(t: AsCheckContext, probe: AuthorizationServerProbe, replayId?: string): Promise<void> {
  await endpointsOrBlock(t, probe);
  const result = await probeRefresh(probe);
  if ('unavailable' in result) t.skip(result.unavailable);
  const first = result.first.refreshToken!;
  if (!t.check('refresh-rotated', refreshRotated(first, result.refreshed))) {
    if (replayId !== undefined && result.replay === undefined) t.blocked(`the refresh itself was refused (${oauthEvidence(result.refreshed.exchange)})`);
  }
  if (replayId !== undefined && result.replay) t.check(replayId, tokenRefused(result.replay, 'a refresh with a refresh token already used (rotated)', 'revoke a public client\'s refresh token once it has been used'));
}

export async function judgeIss(t: AsCheckContext, probe: AuthorizationServerProbe): Promise<void> {
  await endpointsOrBlock(t, probe);
  const result = await probeIss(probe);
  if ('unavailable' in result) t.blocked(result.unavailable);
  const responses = result.error ? [result.success, result.error] : [result.success];
  t.check('iss-in-response', issInResponse(responses, probe.target.issuer));
  const metadata = probe.metadata;
  if (!responses.some((r) => r.iss !== undefined)) t.notApplicable('iss-advertised', 'the server sends no iss, so it need not advertise it');
  else if (!metadata) t.notApplicable('iss-advertised', 'no metadata document to advertise it in');
  else t.check('iss-advertised', issAdvertised(metadata, [probe.discovery!.found!.exchange.seq]));
}

/**
 * Runs an authorization-server scenario's body against the authorization server of the run
 * (`t.auth.issuer`), acting as the pre-registered client when one was given; not applicable
 * without one. 2025-03-26 metadata requests carry MCP-Protocol-Version, as that revision asks.
 */
/**
 * A page-showing authorization endpoint, walked in headless Chromium (runner/auth/browser.ts) to the
 * redirect URI the request names: the URL the browser was sent to, or undefined (the reason noted).
 */
async function approveInBrowser(t: ServerScenarioContext, authorizationUrl: string): Promise<string | undefined> {
  const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri');
  if (redirectUri === null) return undefined;
  try {
    const walked = await authorizeInBrowser(authorizationUrl, {
      redirectUri,
      ...(t.auth.browser?.approveSelector !== undefined ? { approveSelector: t.auth.browser.approveSelector } : {}),
      ...(t.auth.browser?.fill ? { fill: t.auth.browser.fill } : {}),
      onSecret: (value) => void t.auth.redactor.add(value),
      timeoutMs: Math.max(30_000, t.timeoutMs * 3),
    });
    const code = new URL(walked.redirectUrl).searchParams.get('code');
    if (code !== null) t.auth.redactor.add(code);
    for (const step of walked.steps) t.note(`browser: ${step}`);
    return walked.redirectUrl;
  } catch (err) {
    if (!(err instanceof BrowserUnavailableError || err instanceof BrowserAuthorizationError)) throw err;
    t.note(`the authorization page could not be walked: ${err.message}`);
    return undefined;
  }
}

/** The file in the run's folder holding the CA of the harness's https client metadata documents. */
export const CIMD_CA_FILE = 'cimd-ca.pem';

export async function onAuthorizationServer(t: ServerScenarioContext, body: (probe: AuthorizationServerProbe) => Promise<void>): Promise<void> {
  const issuer = t.auth.issuer;
  if (issuer === undefined) t.skip('no authorization server to judge: with --authorize the harness checks the one it obtains its token from; or name one with `mcp-conformance authorization --url ISSUER`');
  const early = compareRevisions(t.revision, '2025-06-18') < 0;
  const oauth = new OAuthClient({ transcript: t.auth.transcript, redactor: t.auth.redactor, timeoutMs: t.timeoutMs, stopWhenBusy: true, ...(early ? { protocolVersion: wireVersionOf(t.revision) } : {}) });
  const once = t.auth.once;
  // The https host of the harness's client metadata documents: one per run, its CA written to the run's folder.
  const startHost = async (): Promise<{ host: CimdHost; caFile?: string }> => {
    const host = await startCimdHost();
    const outDir = t.auth.outDir;
    if (outDir === undefined) return { host };
    const caFile = join(outDir, CIMD_CA_FILE);
    await mkdir(outDir, { recursive: true });
    await writeFile(caFile, host.caPem);
    return { host, caFile };
  };
  let own: Promise<{ host: CimdHost; caFile?: string }> | undefined;
  const documents = once ? () => once('cimd-host', startHost, (made) => made.host.close()) : () => (own ??= startHost());
  try {
    await body(new AuthorizationServerProbe({ issuer, revision: t.revision, oauth, approve: (url) => approveInBrowser(t, url), ...(t.auth.client ? { client: t.auth.client } : {}), ...(once ? { once: (key, make) => once(key, make) } : {}), documents, note: (text) => t.note(text) }));
  } catch (err) {
    // A server out of capacity (429, 503) refused for that reason, not for the one a check is about.
    if (err instanceof AuthorizationServerBusy) t.blocked(err.message);
    throw err;
  } finally {
    oauth.close();
    if (own) await (await own).host.close();
  }
}
