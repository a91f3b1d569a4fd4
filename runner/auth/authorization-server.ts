/**
 * An OAuth 2.1 authorization server of this project's own, on 127.0.0.1: the one under test in the
 * reference's protected mode (and the reference authorization server fixture), and the one the
 * harness hosts next to a protected MCP server for a client under test.
 *
 * Everything it does differently is an option given as data ({@link AuthorizationServerOptions}),
 * so a defect or a client scenario picks a variant by naming values, never by code: where its
 * metadata is served, what the metadata says, whether PKCE is verified, whether codes are single-use
 * and bound, how redirect URIs are matched, whether refresh tokens rotate, what `iss` an authorization
 * response carries. The defaults are the good server.
 *
 * It approves every authorization request at once (a 302 back to the redirect URI, no page), as CI
 * needs. Access tokens are the fixtures' HS256 JWTs (tokens.ts) under `tokenKey`, so a resource
 * server holding the same key verifies them. Every request is recorded as it came.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { get as httpsGet } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { mintToken, newTokenKey, scopesOf } from './tokens.js';

/**
 * Where the metadata document is served, relative to the issuer's origin and path (`/t` below):
 * `oauth`: RFC 8414 with path insertion, `/.well-known/oauth-authorization-server/t`;
 * `openid-inserted`: OpenID Connect Discovery with path insertion, `/.well-known/openid-configuration/t`;
 * `openid-appended`: OpenID Connect Discovery 1.0 as written, `/t/.well-known/openid-configuration`.
 * Without an issuer path the last two are the same URL.
 */
export type MetadataLocation = 'oauth' | 'openid-inserted' | 'openid-appended';

/** What `iss` an authorization response (success or error) carries (RFC 9207). */
export type IssMode = 'correct' | 'omitted' | 'wrong' | 'normalised';

/** How an authorization request's redirect_uri is compared with the registered ones. */
export type RedirectMatch =
  /** Character for character (OAuth 2.1 Section 2.3.1). */
  | 'exact'
  /** Exact, except the port of a loopback IP literal (127.0.0.1, [::1]) may differ (OAuth 2.1 Section 8.4.2, RFC 8252 Section 7.3). */
  | 'loopback-port'
  /** Any URI that starts with a registered one (a defect: an open redirector's classic flaw). */
  | 'prefix';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

/** A client the server knows from the start (pre-registration). A secret makes it confidential. */
export interface PreRegisteredClient {
  id: string;
  secret?: string;
  redirectUris: string[];
  /** How it must authenticate at the token endpoint; by default any method of the server that fits (a secret, or none without one). */
  authMethod?: TokenEndpointAuthMethod;
}

/** The server's behaviour; every field optional, the defaults are a correct server. */
export interface AuthorizationServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** The issuer's path, e.g. `/tenant1` (no trailing slash); default none: the issuer is the origin. */
  issuerPath?: string;
  /** Where the metadata is served (several at once are allowed); default `['oauth']`. Empty: no metadata at all. */
  metadataAt?: MetadataLocation[];
  /** Metadata fields set to these values over the server's own (a defect: another issuer, an http endpoint). */
  metadataOverrides?: Record<string, unknown>;
  /** The Content-Type the metadata is served with; default application/json. */
  metadataContentType?: string;
  /** Metadata fields left out (a defect: a required field missing). */
  metadataOmits?: string[];
  /** `code_challenge_methods_supported` as advertised; default `['S256']`; null leaves the field out. */
  codeChallengeMethodsAdvertised?: string[] | null;
  /** PKCE methods the authorization endpoint accepts; default `['S256']`. */
  pkceMethods?: string[];
  /** Whether the token endpoint checks code_verifier against the code's challenge; default true. */
  verifyPkce?: boolean;
  /** Whether an authorization request without code_challenge is refused; default true (OAuth 2.1 for public clients). */
  requirePkce?: boolean;
  /** Whether a code is redeemed at most once; default true. */
  singleUseCodes?: boolean;
  /** Whether a code is redeemed only by its client with its redirect_uri; default true. */
  bindCodes?: boolean;
  /** Default `exact`. */
  redirectMatch?: RedirectMatch;
  /** Default `correct`. */
  iss?: IssMode;
  /** Whether the authorization response carries the request's `state` back; default true. */
  echoState?: boolean;
  /** The status of an invalid_grant token error; default 400 (500 is a defect: as a provider that throws). */
  invalidGrantStatus?: number;
  /** The Cache-Control of token responses; default `no-store`. */
  tokenCacheControl?: string;
  /** `authorization_response_iss_parameter_supported: true` in the metadata; default true. */
  issAdvertised?: boolean;
  /**
   * Whether the authorization endpoint shows a consent page (an HTML form: the client's name, the
   * host the code will go to, Approve and Deny buttons posting to `<issuer>/authorize/decision`)
   * instead of approving at once; default false (CI's way). For the browser path.
   */
  consentPage?: boolean;
  /** Whether the consent page names the redirect URI's host; default true (false is a defect). */
  consentShowsRedirectHost?: boolean;
  /** `client_id_metadata_document_supported: true` in the metadata; default: as `cimd`. */
  cimdAdvertised?: boolean;
  /**
   * Client ID Metadata Documents: an https URL client_id (with a path) that is not a known client is
   * resolved by fetching its document over https, validated (a JSON object whose client_id is the
   * URL, with the request's redirect_uri among its redirect_uris) and cached as its Cache-Control
   * allows; default false.
   */
  cimd?: boolean;
  /** A PEM file of a CA trusted for those fetches besides the usual roots, read at each fetch (the harness writes its throwaway CA there during its run). */
  cimdTrustCaFile?: string;
  /** Defects of that support, each default true: fetch the document at all, compare its client_id with the URL, require the redirect_uri listed, refuse a document that is not a JSON object, cache it. */
  cimdFetch?: boolean;
  cimdCheckId?: boolean;
  cimdCheckRedirect?: boolean;
  cimdValidate?: boolean;
  cimdCache?: boolean;
  /** Dynamic Client Registration (RFC 7591) at `<issuer>/register`, advertised; default true. */
  registration?: boolean;
  /** How a registration is answered: `rfc` (201 and the client information), or a defect: `200-no-id` (200 without client_id). */
  registrationResponse?: 'rfc' | '200-no-id';
  /** Registration requests answered before the endpoint answers 429 with Retry-After (a rate limit, as the SDK's demo server has); default none. */
  registrationLimit?: number;
  /** Whether registration metadata is validated (redirect_uris present and absolute, known auth method); default true. */
  validateRegistration?: boolean;
  /**
   * A registration asking for a token endpoint authentication method the server does not support gets the first
   * one it does (RFC 7591 §3.2.1 lets a server replace requested values; the answer names the one registered)
   * instead of a 400; default false.
   */
  substituteAuthMethod?: boolean;
  clients?: PreRegisteredClient[];
  /** Default all three. */
  tokenEndpointAuthMethods?: TokenEndpointAuthMethod[];
  /** Default all three. */
  grantTypes?: GrantType[];
  /** Whether a refresh returns a new refresh token and revokes the used one; default true. */
  rotateRefreshTokens?: boolean;
  /** Whether the authorization_code grant returns a refresh token; default true. */
  issueRefreshTokens?: boolean;
  /** Default `['mcp:read', 'mcp:write']`; null leaves `scopes_supported` out. */
  scopesSupported?: string[] | null;
  /** The HS256 key tokens are signed with (share it with the resource server); default a fresh one. */
  tokenKey?: string;
  /** The `aud` of a token when the request named no `resource`; default the issuer. */
  defaultResource?: string;
  /** Access token lifetime in seconds; default 3600. */
  tokenTtlSeconds?: number;
}

/** One request the server received, as it came. */
export interface AsRequestRecord {
  /** Arrival order, from 1. */
  n: number;
  method: string;
  path: string;
  /** Which part of the server it reached. */
  endpoint: 'metadata' | 'authorize' | 'decision' | 'token' | 'register' | 'other';
  /** The query and, for a form or JSON body, its fields (JSON values as they came). */
  params: Record<string, unknown>;
  /** Header names in lower case (repeated ones joined). */
  headers: Record<string, string>;
  /** The status it was answered with. */
  status?: number;
  /** The Location of a redirect. */
  location?: string;
}

/** What the server did, for checks about a client: requests, registrations. */
export interface AsRecords {
  requests: AsRequestRecord[];
  /** Every accepted registration's metadata as sent (e.g. `application_type`), with the client_id issued. */
  registrations: Array<{ clientId: string; metadata: Record<string, unknown> }>;
}

export interface RunningAuthorizationServer {
  /** The issuer identifier: `http://127.0.0.1:<port>` plus the issuer path. */
  issuer: string;
  /** The origin (`http://127.0.0.1:<port>`). */
  url: string;
  port: number;
  tokenKey: string;
  /** The URLs the metadata is served at, in the order of `metadataAt`. */
  metadataUrls: string[];
  records: AsRecords;
  /** Registers a client as if pre-registered (for scenarios that add one after start). */
  addClient(client: PreRegisteredClient): void;
  close(): Promise<void>;
}

interface Client {
  id: string;
  secret?: string;
  redirectUris: string[];
  /** Undefined: any method that fits. */
  authMethod?: TokenEndpointAuthMethod;
  grantTypes?: string[];
  /** From its registration, for the consent page. */
  name?: string;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  /** Whether the authorization request named the redirect_uri (then the token request must repeat it). */
  redirectUriGiven: boolean;
  challenge?: string;
  method?: string;
  scope: string;
  resource?: string;
  expires: number;
  used: boolean;
}

interface IssuedRefresh {
  clientId: string;
  scope: string;
  resource?: string;
  revoked: boolean;
}

const CODE_TTL_MS = 60_000;
const MAX_BODY = 64 * 1024;

/** The well-known path of a metadata location for an issuer path (`''` or `/t`). */
export function metadataPath(location: MetadataLocation, issuerPath: string): string {
  if (location === 'oauth') return `/.well-known/oauth-authorization-server${issuerPath}`;
  if (location === 'openid-inserted') return `/.well-known/openid-configuration${issuerPath}`;
  return `${issuerPath}/.well-known/openid-configuration`;
}

/** Starts the server; resolves once it listens. */
export async function startAuthorizationServer(options: AuthorizationServerOptions = {}): Promise<RunningAuthorizationServer> {
  const host = options.host ?? '127.0.0.1';
  const issuerPath = (options.issuerPath ?? '').replace(/\/+$/, '');
  const tokenKey = options.tokenKey ?? newTokenKey();
  const records: AsRecords = { requests: [], registrations: [] };
  const clients = new Map<string, Client>();
  for (const c of options.clients ?? []) clients.set(c.id, clientOf(c));
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, IssuedRefresh>();
  const metadataAt = options.metadataAt ?? ['oauth'];
  const authMethods = options.tokenEndpointAuthMethods ?? ['client_secret_basic', 'client_secret_post', 'none'];
  const grantTypes = options.grantTypes ?? ['authorization_code', 'refresh_token', 'client_credentials'];
  const scopesSupported = options.scopesSupported === undefined ? ['mcp:read', 'mcp:write'] : options.scopesSupported;
  const registration = options.registration ?? true;
  let origin = '';
  let issuer = '';
  const tokenHeaders: Record<string, string> = options.tokenCacheControl !== undefined ? { 'cache-control': options.tokenCacheControl } : {};

  /**
   * The metadata document; served at an OpenID Connect Discovery location it also carries the fields
   * OpenID Connect Discovery 1.0 §3 requires of every provider (a key set, subject types, ID token
   * algorithms with RS256), though this server issues no ID tokens: clients that validate the document
   * as OpenID provider metadata refuse it without them.
   */
  const metadata = (openid = false): Record<string, unknown> => {
    const doc: Record<string, unknown> = {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      ...(registration ? { registration_endpoint: `${issuer}/register` } : {}),
      response_types_supported: ['code'],
      grant_types_supported: grantTypes,
      token_endpoint_auth_methods_supported: authMethods,
      ...(options.codeChallengeMethodsAdvertised === null ? {} : { code_challenge_methods_supported: options.codeChallengeMethodsAdvertised ?? ['S256'] }),
      ...(scopesSupported ? { scopes_supported: scopesSupported } : {}),
      ...((options.issAdvertised ?? true) ? { authorization_response_iss_parameter_supported: true } : {}),
      ...((options.cimdAdvertised ?? options.cimd) ? { client_id_metadata_document_supported: true } : {}),
      ...(openid ? { jwks_uri: `${issuer}/jwks`, subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] } : {}),
    };
    Object.assign(doc, options.metadataOverrides);
    for (const field of options.metadataOmits ?? []) delete doc[field];
    return doc;
  };

  const issValue = (): string | undefined => {
    switch (options.iss ?? 'correct') {
      case 'omitted':
        return undefined;
      case 'wrong':
        return 'https://issuer.invalid';
      case 'normalised':
        return `${issuer}/`;
      default:
        return issuer;
    }
  };

  const redirectMatches = (registered: string[], given: string): boolean => {
    const mode = options.redirectMatch ?? 'exact';
    return registered.some((uri) => {
      if (uri === given) return true;
      if (mode === 'prefix') return given.startsWith(uri);
      if (mode === 'loopback-port') {
        try {
          const a = new URL(uri);
          const b = new URL(given);
          if (!['127.0.0.1', '[::1]'].includes(a.hostname)) return false;
          a.port = '';
          b.port = '';
          return a.href === b.href;
        } catch {
          return false;
        }
      }
      return false;
    });
  };

  /** Consent pages shown and not yet decided: their form's request id -> what the decision does. */
  const pending = new Map<string, (decision: 'approve' | 'deny', res: ServerResponse, record: AsRequestRecord) => void>();

  const authorize = (params: Record<string, string>, res: ServerResponse, record: AsRequestRecord): void => {
    const client = params.client_id === undefined ? undefined : clients.get(params.client_id);
    if (!client) return page(res, record, 400, `Unknown client: ${params.client_id === undefined ? 'no client_id given' : 'this client_id is not registered'}.`);
    let redirectUri = params.redirect_uri;
    if (redirectUri === undefined) {
      if (client.redirectUris.length !== 1) return page(res, record, 400, 'No redirect_uri given, and the client has not exactly one registered.');
      redirectUri = client.redirectUris[0]!;
    } else if (!redirectMatches(client.redirectUris, redirectUri)) {
      return page(res, record, 400, 'The redirect_uri is not one registered for this client: the request is refused here, not redirected.');
    }
    // Where the redirect back goes out: this request's response, or (after a consent page) the decision's.
    const reply = { res, record };
    const back = (fields: Record<string, string | undefined>): void => {
      const url = new URL(redirectUri);
      const state = (options.echoState ?? true) ? params.state : undefined;
      for (const [name, value] of Object.entries({ ...fields, state, iss: issValue() })) if (value !== undefined) url.searchParams.set(name, value);
      reply.record.location = url.href;
      reply.record.status = 302;
      reply.res.writeHead(302, { location: url.href, 'cache-control': 'no-store' }).end();
    };
    if (params.response_type !== 'code') return back({ error: 'unsupported_response_type', error_description: 'only response_type=code is supported' });
    if (!grantTypes.includes('authorization_code')) return back({ error: 'unauthorized_client', error_description: 'the authorization code grant is not offered' });
    const challenge = params.code_challenge;
    const method = challenge === undefined ? undefined : (params.code_challenge_method ?? 'plain');
    if (challenge === undefined && (options.requirePkce ?? true)) return back({ error: 'invalid_request', error_description: 'code_challenge is required (PKCE)' });
    if (method !== undefined && !(options.pkceMethods ?? ['S256']).includes(method)) return back({ error: 'invalid_request', error_description: `code_challenge_method ${method} is not supported` });
    const requested = scopesOf(params.scope);
    const scope = (scopesSupported ? requested.filter((s) => scopesSupported.includes(s)) : requested).join(' ');
    const approve = (): void => {
      const code = randomBytes(24).toString('base64url');
      codes.set(code, {
        clientId: client.id,
        redirectUri,
        redirectUriGiven: params.redirect_uri !== undefined,
        ...(challenge !== undefined ? { challenge, method } : {}),
        scope,
        ...(params.resource !== undefined ? { resource: params.resource } : {}),
        expires: Date.now() + CODE_TTL_MS,
        used: false,
      });
      back({ code });
    };
    if (!options.consentPage) return approve();
    const id = randomBytes(18).toString('base64url');
    pending.set(id, (decision, response, decisionRecord) => {
      reply.res = response;
      reply.record = decisionRecord;
      if (decision === 'approve') approve();
      else back({ error: 'access_denied', error_description: 'the user denied the request' });
    });
    consent(res, record, { id, client: client.name ?? client.id, host: (options.consentShowsRedirectHost ?? true) ? new URL(redirectUri).host : undefined, scope, action: `${issuerPath}/authorize/decision` });
  };

  /** POST <issuer>/authorize/decision: the consent form's answer, once per shown page. */
  const decide = (params: Record<string, string>, res: ServerResponse, record: AsRequestRecord): void => {
    const resume = params.request === undefined ? undefined : pending.get(params.request);
    if (!resume) return page(res, record, 400, 'This authorization request is unknown or was already decided.');
    pending.delete(params.request!);
    resume(params.decision === 'approve' ? 'approve' : 'deny', res, record);
  };

  const tokenResponse = (res: ServerResponse, record: AsRequestRecord, grant: { clientId: string; scope: string; resource?: string; refresh: boolean }): void => {
    const ttl = options.tokenTtlSeconds ?? 3600;
    const access = mintToken(tokenKey, {
      iss: issuer,
      aud: grant.resource ?? options.defaultResource ?? issuer,
      sub: grant.clientId,
      client_id: grant.clientId,
      scope: grant.scope,
      ttlSeconds: ttl,
    });
    const body: Record<string, unknown> = { access_token: access, token_type: 'Bearer', expires_in: ttl, scope: grant.scope };
    if (grant.refresh) {
      const refresh = randomBytes(24).toString('base64url');
      refreshTokens.set(refresh, { clientId: grant.clientId, scope: grant.scope, ...(grant.resource !== undefined ? { resource: grant.resource } : {}), revoked: false });
      body.refresh_token = refresh;
    }
    json(res, record, 200, body, tokenHeaders);
  };

  const token = (req: IncomingMessage, params: Record<string, string>, res: ServerResponse, record: AsRequestRecord): void => {
    const fail = (status: number, error: string, description: string, extra: Record<string, string> = {}): void =>
      error === 'invalid_grant' && options.invalidGrantStatus !== undefined
        ? json(res, record, options.invalidGrantStatus, { error: 'server_error', error_description: 'Internal Server Error' }, extra)
        : json(res, record, status, { error, error_description: description }, extra);
    const auth = authenticate(req.headers.authorization, params, clients, authMethods);
    if ('error' in auth) return fail(401, 'invalid_client', auth.error, auth.basic ? { 'www-authenticate': 'Basic realm="token"' } : {});
    const client = auth.client;
    const grant = params.grant_type;
    if (grant === undefined) return fail(400, 'invalid_request', 'grant_type is required');
    if (!(grantTypes as string[]).includes(grant)) return fail(400, 'unsupported_grant_type', `grant_type ${grant} is not supported`);
    if (grant === 'authorization_code') {
      const code = params.code === undefined ? undefined : codes.get(params.code);
      if (!code || code.expires < Date.now()) return fail(400, 'invalid_grant', 'unknown or expired authorization code');
      const bind = options.bindCodes ?? true;
      if (bind && code.clientId !== client.id) return fail(400, 'invalid_grant', 'the code was issued to another client');
      if ((options.singleUseCodes ?? true) && code.used) {
        codes.delete(params.code!);
        return fail(400, 'invalid_grant', 'the code was already redeemed');
      }
      code.used = true;
      if (bind && code.redirectUriGiven && params.redirect_uri !== code.redirectUri) return fail(400, 'invalid_grant', 'redirect_uri differs from the authorization request\'s');
      if ((options.verifyPkce ?? true) && code.challenge !== undefined) {
        const verifier = params.code_verifier;
        if (verifier === undefined) return fail(400, 'invalid_grant', 'code_verifier is required: the authorization request had a code_challenge');
        if (!pkceMatches(code.challenge, code.method ?? 'plain', verifier)) return fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
      }
      return tokenResponse(res, record, {
        clientId: client.id,
        scope: code.scope,
        ...((params.resource ?? code.resource) !== undefined ? { resource: params.resource ?? code.resource } : {}),
        refresh: (options.issueRefreshTokens ?? true) && grantTypes.includes('refresh_token'),
      });
    }
    if (grant === 'refresh_token') {
      const stored = params.refresh_token === undefined ? undefined : refreshTokens.get(params.refresh_token);
      if (!stored || stored.revoked || stored.clientId !== client.id) return fail(400, 'invalid_grant', 'unknown, revoked or foreign refresh token');
      const requested = scopesOf(params.scope);
      const held = scopesOf(stored.scope);
      if (requested.some((s) => !held.includes(s))) return fail(400, 'invalid_scope', 'a refresh cannot widen the scope');
      const scope = requested.length > 0 ? requested.join(' ') : stored.scope;
      const rotate = options.rotateRefreshTokens ?? true;
      if (rotate) stored.revoked = true;
      const resource = params.resource ?? stored.resource;
      if (rotate) return tokenResponse(res, record, { clientId: client.id, scope, ...(resource !== undefined ? { resource } : {}), refresh: true });
      const ttl = options.tokenTtlSeconds ?? 3600;
      const access = mintToken(tokenKey, { iss: issuer, aud: resource ?? options.defaultResource ?? issuer, sub: client.id, client_id: client.id, scope, ttlSeconds: ttl });
      return json(res, record, 200, { access_token: access, token_type: 'Bearer', expires_in: ttl, scope, refresh_token: params.refresh_token }, tokenHeaders);
    }
    // client_credentials: only for a client that proved a secret.
    if (client.secret === undefined) return fail(400, 'unauthorized_client', 'client_credentials is for confidential clients only');
    const requested = scopesOf(params.scope);
    const scope = (scopesSupported ? requested.filter((s) => scopesSupported.includes(s)) : requested).join(' ');
    return tokenResponse(res, record, { clientId: client.id, scope, ...(params.resource !== undefined ? { resource: params.resource } : {}), refresh: false });
  };

  let registrationRequests = 0;
  const register = (body: unknown, res: ServerResponse, record: AsRequestRecord): void => {
    if (options.registrationLimit !== undefined && ++registrationRequests > options.registrationLimit) return json(res, record, 429, { error: 'too_many_requests', error_description: 'registration limit reached' }, { 'retry-after': '3600' });
    const bad = (error: string, description: string): void => json(res, record, 400, { error, error_description: description });
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return bad('invalid_client_metadata', 'the body must be a JSON object of client metadata');
    const meta = body as Record<string, unknown>;
    const requestedMethod = (meta.token_endpoint_auth_method ?? 'client_secret_basic') as string;
    const method = options.substituteAuthMethod && !(authMethods as string[]).includes(requestedMethod) ? authMethods[0]! : requestedMethod;
    const redirectUris = Array.isArray(meta.redirect_uris) ? meta.redirect_uris : [];
    const grants = Array.isArray(meta.grant_types) ? (meta.grant_types as unknown[]).map(String) : ['authorization_code'];
    if (options.validateRegistration ?? true) {
      if (meta.redirect_uris !== undefined && !Array.isArray(meta.redirect_uris)) return bad('invalid_redirect_uri', 'redirect_uris must be an array of URIs');
      if (grants.includes('authorization_code') && redirectUris.length === 0) return bad('invalid_redirect_uri', 'redirect_uris is required for the authorization code grant');
      for (const uri of redirectUris) if (typeof uri !== 'string' || !absoluteWithoutFragment(uri)) return bad('invalid_redirect_uri', `not an absolute URI without fragment: ${String(uri)}`);
      if (!(authMethods as string[]).includes(method)) return bad('invalid_client_metadata', `token_endpoint_auth_method ${method} is not supported`);
    }
    const id = `client-${randomBytes(9).toString('base64url')}`;
    const secret = method === 'none' ? undefined : randomBytes(24).toString('base64url');
    clients.set(id, { id, ...(secret !== undefined ? { secret } : {}), redirectUris: redirectUris.map(String), authMethod: method as TokenEndpointAuthMethod, grantTypes: grants, ...(typeof meta.client_name === 'string' ? { name: meta.client_name } : {}) });
    records.registrations.push({ clientId: id, metadata: meta });
    const info = { ...meta, token_endpoint_auth_method: method, grant_types: grants, client_id_issued_at: Math.floor(Date.now() / 1000), ...(secret !== undefined ? { client_secret: secret, client_secret_expires_at: 0 } : {}) };
    if (options.registrationResponse === '200-no-id') return json(res, record, 200, info);
    json(res, record, 201, { client_id: id, ...info });
  };

  const documents = clientDocuments(options);

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const record: AsRequestRecord = { n: records.requests.length + 1, method: req.method ?? '', path: url.pathname, endpoint: 'other', params: Object.fromEntries(url.searchParams), headers: headersOf(req) };
    records.requests.push(record);
    const raw = await readLimited(req);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    let jsonBody: unknown;
    let jsonError = false;
    if (raw.length > 0 && contentType === 'application/x-www-form-urlencoded') Object.assign(record.params, Object.fromEntries(new URLSearchParams(raw)));
    else if (raw.length > 0 && contentType === 'application/json') {
      try {
        jsonBody = JSON.parse(raw);
        if (jsonBody !== null && typeof jsonBody === 'object' && !Array.isArray(jsonBody)) Object.assign(record.params, jsonBody);
      } catch {
        jsonError = true;
      }
    }
    const path = url.pathname;
    const metadataPaths = metadataAt.map((l) => metadataPath(l, issuerPath));
    if (metadataPaths.includes(path)) {
      record.endpoint = 'metadata';
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, record, 405, { error: 'method_not_allowed' }, { allow: 'GET' });
      const openid = metadataAt.some((l) => l !== 'oauth' && metadataPath(l, issuerPath) === path);
      return json(res, record, 200, metadata(openid), { 'access-control-allow-origin': '*', ...(options.metadataContentType ? { 'content-type': options.metadataContentType } : {}) });
    }
    if (path === `${issuerPath}/jwks`) {
      // The key set an OpenID document names: empty, the access tokens being signed with a shared secret.
      record.endpoint = 'other';
      return json(res, record, 200, { keys: [] }, { 'access-control-allow-origin': '*' });
    }
    if (path === `${issuerPath}/authorize`) {
      record.endpoint = 'authorize';
      if (req.method !== 'GET' && req.method !== 'POST') return page(res, record, 405, 'Use GET (or POST) for the authorization endpoint.');
      const params = stringsOf(record.params);
      if (options.cimd && params.client_id !== undefined && metadataDocumentUrl(params.client_id)) {
        const resolved = await documents.resolve(params.client_id, params.redirect_uri);
        if ('error' in resolved) return page(res, record, 400, `invalid_client: ${resolved.error}`);
        clients.set(resolved.client.id, resolved.client);
      }
      return authorize(params, res, record);
    }
    if (options.consentPage && path === `${issuerPath}/authorize/decision`) {
      record.endpoint = 'decision';
      if (req.method !== 'POST' || contentType !== 'application/x-www-form-urlencoded') return page(res, record, 400, 'Decide with the form of the consent page.');
      return decide(stringsOf(record.params), res, record);
    }
    if (path === `${issuerPath}/token`) {
      record.endpoint = 'token';
      if (req.method !== 'POST') return json(res, record, 405, { error: 'invalid_request', error_description: 'use POST' }, { allow: 'POST' });
      if (contentType !== 'application/x-www-form-urlencoded') return json(res, record, 400, { error: 'invalid_request', error_description: 'the body must be application/x-www-form-urlencoded' });
      return token(req, stringsOf(Object.fromEntries(new URLSearchParams(raw))), res, record);
    }
    if (registration && path === `${issuerPath}/register`) {
      record.endpoint = 'register';
      if (req.method !== 'POST') return json(res, record, 405, { error: 'invalid_request', error_description: 'use POST' }, { allow: 'POST' });
      if (contentType !== 'application/json' || jsonError) return json(res, record, 400, { error: 'invalid_client_metadata', error_description: 'the body must be a JSON object (application/json)' });
      return register(jsonBody, res, record);
    }
    json(res, record, 404, { error: 'not_found' });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  issuer = origin + issuerPath;
  return {
    issuer,
    url: origin,
    port,
    tokenKey,
    metadataUrls: metadataAt.map((l) => origin + metadataPath(l, issuerPath)),
    records,
    addClient: (c) => void clients.set(c.id, clientOf(c)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An https URL with a path and no fragment: a client_id that names a Client ID Metadata Document. */
function metadataDocumentUrl(clientId: string): boolean {
  try {
    const url = new URL(clientId);
    return url.protocol === 'https:' && url.pathname !== '/' && url.hash === '' && !clientId.includes('#');
  } catch {
    return false;
  }
}

/**
 * Clients named by a metadata document URL: fetched over https (the usual roots and the CA of
 * `cimdTrustCaFile`), validated, and kept while its Cache-Control `max-age` lasts. The defect options
 * turn each step off.
 */
function clientDocuments(options: AuthorizationServerOptions): { resolve(url: string, redirectUri: string | undefined): Promise<{ client: Client } | { error: string }> } {
  const cache = new Map<string, { client: Client; until: number }>();
  const trusting = (redirectUri: string | undefined, client: Omit<Client, 'redirectUris'>, listed: string[]): Client => ({ ...client, redirectUris: (options.cimdCheckRedirect ?? true) || redirectUri === undefined ? listed : [...listed, redirectUri] });
  return {
    async resolve(url, redirectUri) {
      const base = { id: url, authMethod: 'none' as const };
      if (!(options.cimdFetch ?? true)) return { client: { ...base, redirectUris: redirectUri === undefined ? [] : [redirectUri] } };
      const cached = cache.get(url);
      if (cached && cached.until > Date.now()) return { client: trusting(redirectUri, cached.client, cached.client.redirectUris) };
      let fetched: { status: number; body: string; cacheControl: string | undefined };
      try {
        fetched = await fetchDocument(url, options.cimdTrustCaFile);
      } catch (err) {
        return { error: `the client metadata document could not be fetched (${err instanceof Error ? err.message : String(err)})` };
      }
      if (fetched.status !== 200) return { error: `the client metadata document answered HTTP ${fetched.status}` };
      let doc: unknown;
      try {
        doc = JSON.parse(fetched.body);
      } catch {
        doc = undefined;
      }
      const validate = options.cimdValidate ?? true;
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
        if (validate) return { error: 'the client metadata document is not a JSON object' };
        // The defect: what does not parse is taken as a document naming the URL and the redirect_uri asked for.
        doc = { client_id: url, redirect_uris: redirectUri === undefined ? [] : [redirectUri] };
      }
      const meta = doc as Record<string, unknown>;
      if ((options.cimdCheckId ?? true) && meta.client_id !== url) return { error: 'the client_id of the client metadata document is not its URL' };
      const listed = Array.isArray(meta.redirect_uris) ? meta.redirect_uris.filter((u): u is string => typeof u === 'string') : [];
      if (validate && !Array.isArray(meta.redirect_uris)) return { error: 'the client metadata document has no redirect_uris' };
      const client: Client = { ...base, redirectUris: listed, ...(typeof meta.client_name === 'string' ? { name: meta.client_name } : {}) };
      const maxAge = /(?:^|,)\s*max-age\s*=\s*(\d+)/i.exec(fetched.cacheControl ?? '')?.[1];
      const uncacheable = /no-store|no-cache/i.test(fetched.cacheControl ?? '');
      if ((options.cimdCache ?? true) && maxAge !== undefined && !uncacheable) cache.set(url, { client, until: Date.now() + Number(maxAge) * 1000 });
      return { client: trusting(redirectUri, client, listed) };
    },
  };
}

/** One GET of a document over https, no redirects followed, 64 KiB at most, 5 s at most. */
async function fetchDocument(url: string, trustCaFile: string | undefined): Promise<{ status: number; body: string; cacheControl: string | undefined }> {
  const ca = trustCaFile === undefined ? undefined : [...rootCertificates, await readFile(trustCaFile, 'utf8')];
  return new Promise((resolve, reject) => {
    const req = httpsGet(url, { ...(ca ? { ca } : {}), timeout: 5000, headers: { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > MAX_BODY) req.destroy(new Error('the document is larger than 64 KiB'));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cacheControl: res.headers['cache-control'] }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
  });
}

function clientOf(c: PreRegisteredClient): Client {
  return { id: c.id, ...(c.secret !== undefined ? { secret: c.secret } : {}), redirectUris: c.redirectUris, ...(c.authMethod !== undefined ? { authMethod: c.authMethod } : {}) };
}

/**
 * The client a token request authenticates as: HTTP Basic (RFC 6749 Section 2.3.1: id and secret
 * form-urlencoded, then base64), client_secret in the body, or only client_id (a public client).
 * A confidential client must prove its secret; the method must be one the server offers.
 */
function authenticate(header: string | undefined, params: Record<string, string>, clients: Map<string, Client>, methods: TokenEndpointAuthMethod[]): { client: Client } | { error: string; basic: boolean } {
  let id: string | undefined;
  let secret: string | undefined;
  let method: TokenEndpointAuthMethod;
  if (header !== undefined && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { error: 'malformed Basic credentials', basic: true };
    try {
      id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      return { error: 'malformed Basic credentials', basic: true };
    }
    if (params.client_id !== undefined && params.client_id !== id) return { error: 'client_id differs from the Basic credentials', basic: true };
    method = 'client_secret_basic';
  } else if (params.client_secret !== undefined) {
    id = params.client_id;
    secret = params.client_secret;
    method = 'client_secret_post';
  } else {
    id = params.client_id;
    method = 'none';
  }
  const basic = method === 'client_secret_basic';
  if (id === undefined) return { error: 'no client identified', basic };
  const client = clients.get(id);
  if (!client) return { error: 'unknown client', basic };
  if (!methods.includes(method)) return { error: `${method} is not a token endpoint authentication method of this server`, basic };
  if (client.secret === undefined) {
    if (method !== 'none') return { error: 'a public client has no secret to present', basic };
    return { client };
  }
  if (method === 'none') return { error: 'a confidential client must authenticate', basic };
  if (client.authMethod !== undefined && method !== client.authMethod) return { error: `this client authenticates with ${client.authMethod}`, basic };
  if (!equalStrings(secret ?? '', client.secret)) return { error: 'wrong client secret', basic };
  return { client };
}

/** RFC 7636 Section 4.6: S256 compares BASE64URL(SHA256(verifier)) with the challenge; plain compares them as they are. */
function pkceMatches(challenge: string, method: string, verifier: string): boolean {
  if (method === 'S256') return equalStrings(createHash('sha256').update(verifier, 'ascii').digest('base64url'), challenge);
  if (method === 'plain') return equalStrings(verifier, challenge);
  return false;
}

function equalStrings(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function absoluteWithoutFragment(uri: string): boolean {
  try {
    return new URL(uri).hash === '' && !uri.includes('#');
  } catch {
    return false;
  }
}

function stringsOf(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') out[k] = v;
  return out;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

async function readLimited(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > MAX_BODY) {
      req.destroy();
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, record: AsRequestRecord, status: number, body: unknown, headers: Record<string, string> = {}): void {
  record.status = status;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache', ...headers }).end(JSON.stringify(body));
}

/** The consent page: who asks, where the code will go (unless a defect hides it), and the two buttons. */
function consent(res: ServerResponse, record: AsRequestRecord, shown: { id: string; client: string; host: string | undefined; scope: string; action: string }): void {
  record.status = 200;
  const lines = [
    '<!doctype html><html><head><meta charset="utf-8"><title>Authorize access</title></head><body>',
    `<h1>Authorize ${escapeHtml(shown.client)}</h1>`,
    shown.scope ? `<p>Access requested: ${escapeHtml(shown.scope)}</p>` : '<p>Access requested: no particular scope</p>',
    shown.host !== undefined ? `<p>If you approve, you will be sent to <strong id="redirect-host">${escapeHtml(shown.host)}</strong>.</p>` : '',
    `<form method="post" action="${escapeHtml(shown.action)}">`,
    `<input type="hidden" name="request" value="${escapeHtml(shown.id)}">`,
    '<button type="submit" name="decision" value="approve">Approve</button>',
    '<button type="submit" name="decision" value="deny">Deny</button>',
    '</form></body></html>',
  ];
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" }).end(lines.join('\n'));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An error shown to the user agent, never a redirect (OAuth 2.1 Section 4.1.2.1). */
function page(res: ServerResponse, record: AsRequestRecord, status: number, text: string): void {
  record.status = status;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(`<!doctype html><title>Authorization error</title><p>${escapeHtml(text)}</p>`);
}
