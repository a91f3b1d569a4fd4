/**
 * The harness as a low-level OAuth client of an authorization server: metadata discovery in each
 * revision's order, Dynamic Client Registration, an authorization request whose redirect is read
 * (never followed), token and refresh requests. node:http(s) with bounded waits and body reads
 * (http-request.ts), never following a redirect, so nothing is ever sent to an origin the caller did
 * not name.
 *
 * Every exchange is recorded in the transcript; every secret it carries or brings back (codes,
 * verifiers, state, tokens, client secrets) is added to the run's redactor first, so no artifact
 * holds one.
 */
import type { Revision } from '../revisions.js';
import { compareRevisions } from '../revisions.js';
import { HttpRequests, describeError, headersOf, readBody } from '../transports/http-request.js';
import type { Redactor } from '../util/redact.js';
import type { Transcript } from '../util/transcript.js';

/** One request of the harness to an authorization server and what came back. */
export interface OAuthExchange {
  /** The transcript entry of the request. */
  seq: number;
  method: 'GET' | 'POST';
  url: string;
  /** Undefined when no response came (`error` says why). */
  status?: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The body parsed, when it was JSON. */
  json?: unknown;
  error?: string;
}

/** Where to look for authorization server metadata, in the order a client of the revision tries. */
export interface MetadataCandidate {
  url: string;
  /** RFC 8414, or OpenID Connect Discovery 1.0. */
  kind: 'oauth' | 'openid';
}

/** Parameter and field names whose values are secrets of the run. */
const SECRET_NAMES = new Set(['code', 'code_verifier', 'state', 'client_secret', 'refresh_token', 'access_token', 'id_token', 'registration_access_token', 'client_assertion', 'assertion']);

/**
 * The metadata URLs a client of `revision` tries for `issuer`, in order:
 * - 2025-03-26 (and earlier): the issuer is the MCP server's URL; its path is dropped, and the
 *   metadata is at `<origin>/.well-known/oauth-authorization-server` (defaults apply on 404);
 * - 2025-06-18: RFC 8414 only, with path insertion;
 * - 2025-11-25 and later: RFC 8414 with path insertion, then OpenID Connect Discovery with path
 *   insertion, then with the path appended (the last two only when the issuer has a path; without
 *   one: RFC 8414, then OpenID Connect Discovery).
 * A trailing slash of the issuer's path is dropped before insertion (RFC 8414 Section 3.1).
 */
export function metadataCandidates(issuer: string, revision: Revision): MetadataCandidate[] {
  const url = new URL(issuer);
  const origin = url.origin;
  const path = url.pathname.replace(/\/+$/, '');
  if (compareRevisions(revision, '2025-06-18') < 0) return [{ url: `${origin}/.well-known/oauth-authorization-server`, kind: 'oauth' }];
  const oauth: MetadataCandidate = { url: `${origin}/.well-known/oauth-authorization-server${path}`, kind: 'oauth' };
  if (compareRevisions(revision, '2025-11-25') < 0) return [oauth];
  if (path === '') return [oauth, { url: `${origin}/.well-known/openid-configuration`, kind: 'openid' }];
  return [oauth, { url: `${origin}/.well-known/openid-configuration${path}`, kind: 'openid' }, { url: `${origin}${path}/.well-known/openid-configuration`, kind: 'openid' }];
}

/** The endpoints 2025-03-26 has a client use when its MCP server serves no metadata. */
export function defaultEndpoints(mcpUrl: string): { authorization_endpoint: string; token_endpoint: string; registration_endpoint: string } {
  const origin = new URL(mcpUrl).origin;
  return { authorization_endpoint: `${origin}/authorize`, token_endpoint: `${origin}/token`, registration_endpoint: `${origin}/register` };
}

/** What metadata discovery found. */
export interface Discovery {
  /** Every request made, in order. */
  tried: Array<{ candidate: MetadataCandidate; exchange: OAuthExchange }>;
  /** The first candidate answered with 200 and a JSON object. */
  found?: { candidate: MetadataCandidate; exchange: OAuthExchange; metadata: Record<string, unknown> };
  /** 2025-03-26: no metadata and a 404, so the default endpoints apply. */
  defaults?: ReturnType<typeof defaultEndpoints>;
}

/** How the harness authenticates as a client at the token endpoint. */
export interface ClientCredentials {
  id: string;
  secret?: string;
  /** Default: client_secret_basic with a secret, none without. */
  method?: 'client_secret_basic' | 'client_secret_post' | 'none';
}

/** The redirect an authorization request got, read from its Location (never followed). */
export interface AuthorizationResponse {
  exchange: OAuthExchange;
  /** The Location of a 3xx, parsed; undefined for any other answer. */
  location?: URL;
  /** Whether the Location starts with the redirect URI the request named (the same URI, before its query). */
  toRedirectUri: boolean;
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
}

/** A token endpoint's answer. */
export interface TokenResponse {
  exchange: OAuthExchange;
  accessToken?: string;
  refreshToken?: string;
  /** The `error` of an error response. */
  error?: string;
}

export interface OAuthClientOptions {
  transcript: Transcript;
  /** The run's redactor: every secret goes in before anything holding it is recorded. */
  redactor: Redactor;
  timeoutMs: number;
  /** Sent as MCP-Protocol-Version on metadata requests (2025-03-26 asks clients to). */
  protocolVersion?: string;
  /**
   * Throw {@link AuthorizationServerBusy} for an answer of 429 or 503 (once recorded): the checks
   * then stop as not testable instead of judging a refusal the server gave for want of capacity.
   */
  stopWhenBusy?: boolean;
}

/** The authorization server answered 429 (too many requests) or 503 (unavailable): nothing it did can be judged. */
export class AuthorizationServerBusy extends Error {
  constructor(
    readonly exchange: OAuthExchange,
  ) {
    const retry = exchange.headers['retry-after'];
    super(`the authorization server answered HTTP ${exchange.status} (${exchange.status === 429 ? 'too many requests' : 'service unavailable'}) to ${exchange.method} ${new URL(exchange.url).origin}${new URL(exchange.url).pathname}${retry !== undefined ? `, Retry-After: ${retry}` : ''}: nothing it answers now can be judged; run again later, or with fewer revisions or scenarios`);
    this.name = 'AuthorizationServerBusy';
  }
}

export class OAuthClient {
  readonly exchanges: OAuthExchange[] = [];
  private readonly requests = new HttpRequests();

  constructor(private readonly options: OAuthClientOptions) {}

  /** The run's redactor, for secrets that reach the probes another way (a browser's final URL). */
  get redactor(): Redactor {
    return this.options.redactor;
  }

  /** Metadata in the revision's order (see {@link metadataCandidates}); stops at the first JSON object served with 200. */
  async discover(issuer: string, revision: Revision): Promise<Discovery> {
    const discovery: Discovery = { tried: [] };
    const headers: Record<string, string> = this.options.protocolVersion !== undefined ? { 'mcp-protocol-version': this.options.protocolVersion } : {};
    for (const candidate of metadataCandidates(issuer, revision)) {
      const exchange = await this.send('GET', candidate.url, headers);
      discovery.tried.push({ candidate, exchange });
      if (exchange.status === 200 && isObject(exchange.json)) {
        discovery.found = { candidate, exchange, metadata: exchange.json };
        return discovery;
      }
    }
    if (compareRevisions(revision, '2025-06-18') < 0 && discovery.tried.at(-1)?.exchange.status === 404) discovery.defaults = defaultEndpoints(issuer);
    return discovery;
  }

  /** A GET of any URL (a metadata document elsewhere than the revision's places). */
  async get(url: string): Promise<OAuthExchange> {
    return this.send('GET', url);
  }

  /** A Dynamic Client Registration (RFC 7591) request with this metadata (any JSON value: bad ones are sent as they are). */
  async register(endpoint: string, metadata: unknown): Promise<{ exchange: OAuthExchange; clientId?: string; clientSecret?: string }> {
    const exchange = await this.send('POST', endpoint, { 'content-type': 'application/json' }, JSON.stringify(metadata));
    const info = isObject(exchange.json) ? exchange.json : {};
    return {
      exchange,
      ...(typeof info.client_id === 'string' ? { clientId: info.client_id } : {}),
      ...(typeof info.client_secret === 'string' ? { clientSecret: info.client_secret } : {}),
    };
  }

  /** GET of the authorization endpoint with these parameters; the redirect is read, not followed. */
  async authorize(endpoint: string, params: Record<string, string>): Promise<AuthorizationResponse> {
    const url = new URL(endpoint);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const exchange = await this.send('GET', url.href);
    const response: AuthorizationResponse = { exchange, toRedirectUri: false };
    const raw = exchange.status !== undefined && exchange.status >= 300 && exchange.status < 400 ? exchange.headers.location : undefined;
    if (raw === undefined) return response;
    let location: URL;
    try {
      location = new URL(raw, url);
    } catch {
      return response;
    }
    response.location = location;
    if (params.redirect_uri !== undefined) response.toRedirectUri = `${location.origin}${location.pathname}` === stripQuery(params.redirect_uri);
    for (const name of ['code', 'state', 'iss', 'error'] as const) {
      const value = location.searchParams.get(name);
      if (value !== null) response[name] = value;
    }
    return response;
  }

  /** A token request (any grant) authenticated as `client`. */
  async token(endpoint: string, params: Record<string, string>, client: ClientCredentials): Promise<TokenResponse> {
    const method = client.method ?? (client.secret !== undefined ? 'client_secret_basic' : 'none');
    const form: Record<string, string> = { ...params };
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (method === 'client_secret_basic') {
      // RFC 6749 Section 2.3.1: each part form-urlencoded before the base64.
      const part = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
      if (client.secret) this.options.redactor.add(client.secret);
      headers.authorization = `Basic ${Buffer.from(`${part(client.id)}:${part(client.secret ?? '')}`).toString('base64')}`;
    } else {
      form.client_id = client.id;
      if (method === 'client_secret_post') form.client_secret = client.secret ?? '';
    }
    const exchange = await this.send('POST', endpoint, headers, new URLSearchParams(form).toString());
    const body = isObject(exchange.json) ? exchange.json : {};
    return {
      exchange,
      ...(typeof body.access_token === 'string' ? { accessToken: body.access_token } : {}),
      ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
      ...(typeof body.error === 'string' ? { error: body.error } : {}),
    };
  }

  close(): void {
    this.requests.destroyAll();
  }

  /**
   * One recorded request. Secrets in what is sent (query and form fields by name) are added to the
   * redactor before the request is recorded, and secrets in the answer (JSON fields and redirect
   * parameters by name) before the answer is.
   */
  private async send(method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, body?: string): Promise<OAuthExchange> {
    const { transcript, redactor, timeoutMs } = this.options;
    const parsed = new URL(url);
    addSecrets(redactor, parsed.searchParams);
    if (body !== undefined) {
      if (headers['content-type'] === 'application/json') addJsonSecrets(redactor, body);
      else addSecrets(redactor, new URLSearchParams(body));
    }
    // The transcript redacts frames and headers, not the target: the query's secrets go out here.
    const seq = transcript.record('send', `oauth ${method}`, body ?? '', { method, target: redactor.redact(url), headers }).seq;
    const exchange: OAuthExchange = { seq, method, url, headers: {}, body: '' };
    this.exchanges.push(exchange);
    try {
      const response = await this.requests.send(url, method, { ...headers, 'user-agent': 'mcp-conformance' }, body, timeoutMs);
      exchange.status = response.statusCode;
      exchange.headers = headersOf(response);
      const read = await readBody(response);
      exchange.body = read.oversize ? `${read.oversize.headText}… [${read.oversize.note}]` : read.text;
      try {
        exchange.json = JSON.parse(exchange.body) as unknown;
      } catch {
        // Not JSON: judged as such by the caller.
      }
      const location = exchange.headers.location;
      if (location !== undefined) {
        try {
          addSecrets(redactor, new URL(location, url).searchParams);
        } catch {
          // Not a URL: nothing to take from it.
        }
      }
      if (isObject(exchange.json)) addJsonSecrets(redactor, exchange.json);
      transcript.record('recv', `oauth ${method}`, exchange.body, { method, status: exchange.status, headers: exchange.headers });
    } catch (err) {
      exchange.error = describeError(err, url);
      transcript.note(`${method} ${url} failed: ${exchange.error}`);
    }
    if (this.options.stopWhenBusy && (exchange.status === 429 || exchange.status === 503)) throw new AuthorizationServerBusy(exchange);
    return exchange;
  }
}

function addSecrets(redactor: Redactor, params: URLSearchParams): void {
  for (const [name, value] of params) if (SECRET_NAMES.has(name) && value !== '') redactor.add(value);
}

function addJsonSecrets(redactor: Redactor, value: unknown): void {
  let object = value;
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value) as unknown;
    } catch {
      return;
    }
  }
  if (!isObject(object)) return;
  for (const [name, field] of Object.entries(object)) if (SECRET_NAMES.has(name) && typeof field === 'string' && field !== '') redactor.add(field);
}

function stripQuery(uri: string): string {
  try {
    const url = new URL(uri);
    return `${url.origin}${url.pathname}`;
  } catch {
    return uri;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
