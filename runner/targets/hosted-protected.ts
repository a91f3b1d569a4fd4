/**
 * The hosted Streamable HTTP endpoint behind OAuth, for a client under test as an OAuth client
 * (`client --auth`): the same endpoint (hosted-http.ts), with a resource server in front of it.
 * A request to the MCP path without a valid Bearer token in the Authorization header gets 401 and a
 * Bearer challenge (with resource_metadata and scope as the scenario says); a token is valid when
 * the scenario's authorization server (runner/auth/authorization-server.ts, started by the
 * scenario, which keeps its records) signed it, it has not expired and its audience is this
 * server; a request whose JSON-RPC method needs a scope the token lacks gets 403
 * insufficient_scope. Protected Resource Metadata is served where the scenario says (with the MCP
 * path inserted, at the root, at a custom URL, or nowhere). At 2025-03-26 the authorization
 * server's endpoints can be reached at the MCP server's origin, as that revision has it: metadata
 * there naming them (under /oauth), or only the default /authorize, /token, /register.
 *
 * A token in the query string is never accepted. Every token a request carries, in the header or
 * the query, goes into the run's redactor before the request is recorded; when the endpoint
 * closes, the authorization server's requests are noted in the transcript after their secrets
 * (codes, verifiers, client secrets, refresh tokens) went there too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { RunningAuthorizationServer } from '../auth/authorization-server.js';
import { readToken, sameResource, scopesOf } from '../auth/tokens.js';
import { readBody } from '../transports/http-request.js';
import type { Redactor } from '../util/redact.js';
import { classify } from '../wire/jsonrpc.js';
import type { HttpRequestRecord } from './hosted-endpoint.js';
import { HOSTED_PATH, HostedHttpEndpoint, type HostedHttpOptions } from './hosted-http.js';

/** Where Protected Resource Metadata is served: with the MCP path inserted, at the root, at a URL only the challenge names. */
export type PrmLocation = 'path' | 'root' | 'custom';

export const PRM_PATHS: Readonly<Record<PrmLocation, string>> = {
  path: `/.well-known/oauth-protected-resource${HOSTED_PATH}`,
  root: '/.well-known/oauth-protected-resource',
  custom: '/custom/metadata/protected-resource.json',
};

/** The scope a request needs beyond a valid token, and the scope its 403 challenge names. */
export interface ScopeNeed {
  scope: string;
  challenge: string;
}

export interface ProtectionOptions {
  /** The authorization server the scenario started: its issuer goes into the PRM, its key checks tokens. */
  server: RunningAuthorizationServer;
  /** Where PRM is served, in order (the first is the one a challenge names); empty: no PRM (2025-03-26). */
  prmAt: readonly PrmLocation[];
  /** Whether the 401 challenge carries resource_metadata (the first of `prmAt`). */
  challengeNamesPrm: boolean;
  /** The scope of the 401 challenge (none when undefined). */
  challengeScope?: string;
  /** The PRM's scopes_supported (left out when undefined). */
  scopesSupported?: readonly string[];
  /** The PRM's `resource` when it is not this server's own (a PRM for another resource). */
  prmResource?: string;
  /** What a request of this JSON-RPC method needs beyond a valid token (403 insufficient_scope without it). */
  needs?: (method: string) => ScopeNeed | undefined;
  /** 2025-03-26: the authorization server's endpoints at the MCP origin: with metadata naming them there, or the default paths alone. */
  asAtOrigin?: 'metadata' | 'defaults';
  /** The issuer the origin's metadata names (default: the origin itself; another is the issuer mismatch a client must refuse). */
  originIssuer?: string;
  /** Whether tokens for any audience pass (2025-03-26 has no resource indicators); default false. */
  anyAudience?: boolean;
  /** Secrets the scenario hands the client (a pre-registered client secret): redacted from the start. */
  secrets?: readonly string[];
  /**
   * The server moves to another authorization server when a request of this JSON-RPC method comes
   * (2026-07-28's migration): that request gets 401, the PRM names the new one from then on, and
   * only its tokens are accepted.
   */
  migrateTo?: { server: RunningAuthorizationServer; on: string };
  /** The token of the first request of each of these JSON-RPC methods is refused from then on (401 invalid_token, as an expired one): the client must refresh or authorize again. */
  expireOn?: readonly string[];
}

/** The tag of the authorization scenarios: they run only with `client --auth`. */
export const AUTH_TAG = 'auth';

/** The authorization server's endpoints served at the MCP origin at 2025-03-26: the default paths. */
const ORIGIN_AS_PATHS = ['/authorize', '/token', '/register'] as const;

/**
 * Where the origin's metadata puts them: under a prefix, so that a client using the default paths
 * instead of the metadata's is seen.
 */
const METADATA_PREFIX = '/oauth';

/** Values of the authorization server's requests that are secrets. */
const SECRET_PARAMS = ['code', 'code_verifier', 'client_secret', 'refresh_token', 'assertion', 'client_assertion'] as const;

export class ProtectedHttpEndpoint extends HostedHttpEndpoint {
  /** The authorization server the PRM names now (the scenario's, until a migration). */
  private current: RunningAuthorizationServer;
  /** Tokens refused as expired, and the methods whose first request expired one (see `expireOn`). */
  private readonly expired = new Set<string>();
  private readonly expiredOn = new Set<string>();

  constructor(
    options: HostedHttpOptions,
    readonly protection: ProtectionOptions,
    private readonly redactor: Redactor,
  ) {
    super(options);
    this.current = protection.server;
    if (protection.secrets !== undefined && protection.secrets.length > 0) redactor.add(...protection.secrets);
  }

  /** The PRM document's URL at a location. */
  prmUrl(at: PrmLocation): string {
    return `${this.origin}${PRM_PATHS[at]}`;
  }

  /** The resource the PRM names. */
  get resource(): string {
    if (this.protection.prmResource !== undefined) return this.protection.prmResource;
    return this.protection.prmAt[0] === 'root' ? this.origin : this.url;
  }

  protected override screen(req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('access_token');
    const header = bearerToken(req.headers.authorization);
    for (const secret of [query, header]) if (secret !== null && secret !== undefined && secret !== '') this.redactor.add(secret);
  }

  protected override async serve(req: IncomingMessage, res: ServerResponse, record: HttpRequestRecord): Promise<void> {
    const { path, method } = record;
    const p = this.protection;
    const prm = p.prmAt.find((at) => PRM_PATHS[at] === path);
    if (prm !== undefined && method === 'GET') return this.answer(res, record, 200, { 'content-type': 'application/json' }, JSON.stringify(this.prmDocument()));
    if (p.asAtOrigin !== undefined) {
      if (p.asAtOrigin === 'metadata' && path === '/.well-known/oauth-authorization-server' && method === 'GET') {
        return this.answer(res, record, 200, { 'content-type': 'application/json' }, JSON.stringify(this.originMetadata()));
      }
      const prefix = p.asAtOrigin === 'metadata' ? METADATA_PREFIX : '';
      const endpoint = ORIGIN_AS_PATHS.find((e) => path === `${prefix}${e}`);
      if (endpoint !== undefined) return this.forward(req, res, record, endpoint);
    }
    if (path !== HOSTED_PATH) return super.serve(req, res, record);
    const token = bearerToken(record.headers.authorization);
    // A refused POST is still recorded, body and all (its target may carry a token: redacted by then).
    const refuse = async (params: Record<string, string> = {}): Promise<void> => {
      if (method === 'POST') await this.readPost(req, record);
      this.challenge(res, record, 401, params);
    };
    if (token === undefined) return refuse();
    const read = readToken(this.current.tokenKey, token);
    if ('problem' in read) return refuse({ error: 'invalid_token', error_description: `the token is refused (${read.problem})` });
    if (!p.anyAudience && !sameResource(read.claims.aud, this.url) && !sameResource(read.claims.aud, this.resource)) {
      return refuse({ error: 'invalid_token', error_description: 'the token is for another resource' });
    }
    if (this.expired.has(token)) return refuse({ error: 'invalid_token', error_description: 'the token expired' });
    if (method !== 'POST' || (p.needs === undefined && p.migrateTo === undefined && p.expireOn === undefined)) return super.serve(req, res, record);
    // The JSON-RPC method decides (scope, migration, expiry): the body is read here, then handed on as it came.
    const body = await readBody(req);
    const value = safeJson(body.text);
    const first: unknown = Array.isArray(value) ? value[0] : value;
    const c = classify(first);
    const requested = c.kind === 'request' ? c.message.method : undefined;
    // A request refused here: recorded as it came, then answered with the challenge.
    const refuseRead = (status: 401 | 403, params: Record<string, string>, note?: string): void => {
      this.transcript.record('recv', 'POST', body.text, { method: 'POST', target: record.target, headers: record.headers });
      if (c.kind === 'request') record.messages = [{ kind: 'request', method: c.message.method, id: c.message.id }];
      if (note !== undefined) this.transcript.note(note);
      this.challenge(res, record, status, params);
    };
    if (p.migrateTo !== undefined && this.current !== p.migrateTo.server && requested === p.migrateTo.on) {
      this.current = p.migrateTo.server;
      return refuseRead(401, { error: 'invalid_token', error_description: 'the token is from an authorization server this resource no longer uses' }, `the server moves to another authorization server (${this.current.issuer}): tokens of the first are refused from now on`);
    }
    if (requested !== undefined && p.expireOn?.includes(requested) && !this.expiredOn.has(requested)) {
      this.expired.add(token);
      this.expiredOn.add(requested);
      return refuseRead(401, { error: 'invalid_token', error_description: 'the token expired' }, 'the token expires now (as if its lifetime had run out): it is refused from this request on');
    }
    const need = requested === undefined ? undefined : p.needs?.(requested);
    if (need !== undefined && !scopesOf(need.scope).every((s) => scopesOf(read.claims.scope).includes(s))) {
      return refuseRead(403, { error: 'insufficient_scope', scope: need.challenge, error_description: `${need.scope} is needed` });
    }
    const replay = Object.assign(Readable.from([Buffer.from(body.text, 'utf8')]), { headers: req.headers, method: req.method, url: req.url }) as unknown as IncomingMessage;
    return super.serve(replay, res, record);
  }

  /** The PRM document (RFC 9728 Section 2). */
  prmDocument(): Record<string, unknown> {
    const p = this.protection;
    return {
      resource: this.resource,
      authorization_servers: [this.current.issuer],
      ...(p.scopesSupported === undefined ? {} : { scopes_supported: p.scopesSupported }),
      bearer_methods_supported: ['header'],
    };
  }

  /** 401 (or 403) with a Bearer challenge: resource_metadata and scope as configured (a 403 names its own scope). */
  private challenge(res: ServerResponse, record: HttpRequestRecord, status: 401 | 403, params: Record<string, string> = {}): void {
    const p = this.protection;
    const all: Record<string, string> = { ...params };
    if (status === 401 && p.challengeScope !== undefined) all.scope = p.challengeScope;
    if (p.challengeNamesPrm && p.prmAt[0] !== undefined) all.resource_metadata = this.prmUrl(p.prmAt[0]);
    const header = ['Bearer', Object.entries(all).map(([k, v]) => `${k}="${v.replace(/["\\]/g, '\\$&')}"`).join(', ')].join(' ').trim();
    this.transcript.note(`answered ${record.method} ${record.path} with HTTP ${status}: WWW-Authenticate: ${header}`);
    this.answer(res, record, status, { 'www-authenticate': header, 'content-type': 'application/json' }, JSON.stringify({ error: params.error ?? 'unauthorized' }));
  }

  /** 2025-03-26: metadata at the MCP origin naming endpoints there (the issuer is that origin). */
  private originMetadata(): Record<string, unknown> {
    return {
      issuer: this.protection.originIssuer ?? this.origin,
      authorization_endpoint: `${this.origin}${METADATA_PREFIX}/authorize`,
      token_endpoint: `${this.origin}${METADATA_PREFIX}/token`,
      registration_endpoint: `${this.origin}${METADATA_PREFIX}/register`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    };
  }

  /** A request for the authorization server at the MCP origin, passed on to it as it came; its answer passed back. */
  private async forward(req: IncomingMessage, res: ServerResponse, record: HttpRequestRecord, endpoint: string): Promise<void> {
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : (await readBody(req)).text;
    const url = `${this.protection.server.issuer}${endpoint}${new URL(record.target, 'http://x').search}`;
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization', 'accept']) if (record.headers[name] !== undefined) headers[name] = record.headers[name]!;
    const answer = await fetch(url, { method: req.method ?? 'GET', headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
    const out: Record<string, string> = {};
    for (const name of ['content-type', 'location', 'cache-control', 'www-authenticate']) {
      const value = answer.headers.get(name);
      if (value !== null) out[name] = value;
    }
    this.answer(res, record, answer.status, out, await answer.text());
  }

  override async close(): Promise<void> {
    const servers = [this.protection.server, ...(this.protection.migrateTo ? [this.protection.migrateTo.server] : [])];
    const requests = servers.flatMap((server) => server.records.requests);
    for (const r of requests) {
      for (const name of SECRET_PARAMS) {
        const value = r.params[name];
        if (typeof value === 'string' && value !== '') this.redactor.add(value);
      }
      const basic = r.headers.authorization;
      if (basic !== undefined) this.redactor.add(basic.replace(/^basic\s+/i, ''));
      if (r.location !== undefined) for (const value of new URL(r.location).searchParams.getAll('code')) this.redactor.add(value);
    }
    for (const server of servers) {
      for (const r of server.records.requests) {
        this.transcript.note(`authorization server ${server.issuer}: ${r.method} ${r.path} (${r.endpoint}) -> ${r.status ?? 'no answer'}; params ${Object.keys(r.params).join(', ') || 'none'}`);
      }
    }
    await super.close();
  }
}

/** The token of an `Authorization: Bearer` header (undefined without one). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
