/**
 * Probes of a protected MCP server, the resource server of OAuth 2.1 (basic/authorization): what
 * it answers without a token, with a token it must refuse, and what its Protected Resource
 * Metadata (RFC 9728) says. Every probe goes to the server's own origin (a metadata URL named
 * elsewhere is not fetched), and carries no token unless one is given for it.
 */
import { bearerChallenge, parseChallenges, type Challenge } from '../auth/challenge.js';
import { sameOrigin, wellKnownMetadataUrls } from '../auth/resource-metadata.js';
import { mintToken, newTokenKey, scopesOf } from '../auth/tokens.js';
import type { ScenarioConnection } from '../engine/connection.js';
import type { Assertion, ServerScenarioContext } from '../engine/scenario.js';
import { describeRevision, wireVersionOf } from '../revisions.js';
import type { HttpExchange } from '../transports/streamable-http.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { Redactor } from '../util/redact.js';
import { exchangeEvidence } from './assert.js';

/** A token no authorization server issued: every protected server must refuse it. */
export const MADE_UP_TOKEN = 'mcp-conformance-made-up-access-token';

/** What the Authorization header of a probe is: none, this Bearer token, or this header value as it is. */
export type Credential = { token: string } | { header: string } | 'none';

/**
 * A request that needs no session, as this connection's revision makes one: initialize at the
 * stateful revisions, server/discover (with its `_meta`) at the stateless ones.
 */
export function sessionlessRequest(connection: ScenarioConnection, id: string): string {
  if (!describeRevision(connection.revision).stateful) return connection.requestBody(id);
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: wireVersionOf(connection.revision), capabilities: {}, clientInfo: { name: 'mcp-conformance', version: '0' } } });
}

/**
 * POSTs a body with this credential in place of the run's own (`--auth-token`), outside any
 * session unless `inSession`. A session a served initialize opened is ended again.
 */
export async function postWith(connection: ScenarioConnection, body: string, credential: Credential, opts: { inSession?: boolean; url?: string } = {}): Promise<HttpExchange> {
  const http = requireHttp(connection);
  const exchange = await http.probe('POST', { body, headers: { ...authorization(credential), ...(opts.inSession ? {} : { 'mcp-session-id': null }) }, ...(opts.url ? { url: opts.url } : {}) });
  const opened = exchange.headers['mcp-session-id'];
  if (!opts.inSession && opened !== undefined && served(exchange)) await http.probe('DELETE', { headers: { 'mcp-session-id': opened } });
  return exchange;
}

/** GET or DELETE on the endpoint, in the connection's session, with this credential. */
export async function methodWith(connection: ScenarioConnection, method: 'GET' | 'DELETE', credential: Credential): Promise<HttpExchange> {
  const exchange = await requireHttp(connection).probe(method, { headers: authorization(credential) });
  // A GET stream the server opened anyway is closed at once: only its status matters.
  exchange.sse?.cut();
  return exchange;
}

function authorization(credential: Credential): Record<string, string | null> {
  return { authorization: credential === 'none' ? null : 'header' in credential ? credential.header : `Bearer ${credential.token}` };
}

function requireHttp(connection: ScenarioConnection): NonNullable<ScenarioConnection['http']> {
  if (!connection.http) throw new Error('harness bug: an authorization probe on a connection that is not Streamable HTTP');
  return connection.http;
}

export const served = (exchange: HttpExchange): boolean => exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;

/**
 * The gate of every authorization scenario: the server must refuse a request without a token,
 * else it does not use authorization (which MCP leaves optional) and nothing here applies. Returns
 * the refused exchange and the connection it was made on.
 */
export async function requireProtected(t: ServerScenarioContext): Promise<{ connection: ScenarioConnection; refused: HttpExchange }> {
  const connection = await t.connect();
  const refused = await postWith(connection, sessionlessRequest(connection, 'auth-no-token'), 'none');
  if (refused.status === undefined) return t.blocked(`a request without an access token got no answer: ${refused.error ?? 'no response'}`);
  if (served(refused)) {
    t.skip(`the server served a request without an access token (${exchangeEvidence(refused)}): it does not use authorization, which MCP leaves optional`);
  }
  // A 401 or a Bearer challenge says it wants a token; so does a token that turns the refusal into an answer.
  if (refused.status === 401 || bearerChallenge(refused.headers['www-authenticate']) !== undefined) return { connection, refused };
  const valid = t.auth.tokens.valid;
  if (valid !== undefined && served(await postWith(connection, sessionlessRequest(connection, 'auth-token-control'), { token: valid }))) return { connection, refused };
  return t.skip(
    `a request without an access token got ${exchangeEvidence(refused)}: not 401, no Bearer challenge${valid !== undefined ? ', and the --auth-token given did not change the answer' : ''}, so nothing shows the server uses authorization`,
  );
}

/** The exchange was refused with HTTP 401 (a failure says what came instead). */
export function is401(exchange: HttpExchange, what: string): Assertion {
  return {
    ok: exchange.status === 401,
    expected: `HTTP 401 Unauthorized for ${what}`,
    actual: exchange.status === undefined ? `no response: ${exchange.error ?? 'unknown'}` : exchangeEvidence(exchange),
    frames: [exchange.seq],
    ...(served(exchange) ? { message: `${what} was served: the server must refuse it with 401 until a valid token comes` } : {}),
  };
}

/** The Bearer challenge of a 401 (RFC 6750 Section 3), or why there is none. */
export function challengeOf(exchange: HttpExchange): { challenge: Challenge } | { problem: string } {
  const header = exchange.headers['www-authenticate'];
  if (header === undefined) return { problem: 'no WWW-Authenticate header' };
  const challenge = bearerChallenge(header);
  if (challenge) return { challenge };
  const parsed = parseChallenges(header);
  return { problem: `WWW-Authenticate: ${header.slice(0, 200)} has no Bearer challenge${parsed.problem ? ` (${parsed.problem})` : ''}` };
}

/** Every 401 among these exchanges carries a Bearer challenge. */
export function challengedAll(exchanges: readonly { exchange: HttpExchange; what: string }[]): Assertion {
  const missing = exchanges.filter(({ exchange }) => exchange.status === 401).flatMap(({ exchange, what }) => {
    const found = challengeOf(exchange);
    return 'problem' in found ? [`${what}: ${found.problem}`] : [];
  });
  return {
    ok: missing.length === 0,
    expected: 'a WWW-Authenticate: Bearer challenge on every 401',
    ...(missing.length ? { actual: missing.join('; '), message: 'add WWW-Authenticate: Bearer (with resource_metadata and scope) to every 401 response' } : {}),
    frames: exchanges.map(({ exchange }) => exchange.seq),
  };
}

/** How the harness found, or looked for, the Protected Resource Metadata. */
export interface MetadataSearch {
  /** The document found, where, and how. */
  found?: { url: string; via: 'challenge' | 'path' | 'root'; document: JsonObject; exchange: HttpExchange };
  /** Every URL tried, in order, with what it gave. */
  tried: { url: string; via: 'challenge' | 'path' | 'root'; outcome: string }[];
  /** The challenge's resource_metadata when it named another origin (not fetched). */
  elsewhere?: string;
}

/**
 * Looks for the Protected Resource Metadata as a client does from 2025-11-25 on: the challenge's
 * resource_metadata first, then the well-known URLs in order; the first 200 with a JSON object wins.
 */
export async function findResourceMetadata(connection: ScenarioConnection, challenge: Challenge | undefined, note: (text: string) => void): Promise<MetadataSearch> {
  const http = requireHttp(connection);
  const search: MetadataSearch = { tried: [] };
  const candidates: { url: string; via: 'challenge' | 'path' | 'root' }[] = [];
  const named = challenge?.params.resource_metadata;
  if (named !== undefined) {
    if (sameOrigin(named, http.url)) candidates.push({ url: named, via: 'challenge' });
    else {
      search.elsewhere = named;
      note(`not fetched: the challenge's resource_metadata ${named} is on another origin than the endpoint (the harness never sends requests elsewhere)`);
    }
  }
  candidates.push(...wellKnownMetadataUrls(http.url).filter((c) => !candidates.some((x) => x.url === c.url)));
  for (const candidate of candidates) {
    note(`GET ${candidate.url} (${candidate.via === 'challenge' ? "the challenge's resource_metadata" : candidate.via === 'path' ? 'well-known, the endpoint path inserted' : 'well-known, at the root'})`);
    const exchange = await http.probe('GET', { url: candidate.url, headers: { accept: 'application/json', authorization: null, 'mcp-session-id': null, 'last-event-id': null } });
    const document = parseDocument(exchange);
    search.tried.push({ url: candidate.url, via: candidate.via, outcome: 'document' in document ? 'a JSON document' : document.problem });
    if ('document' in document) {
      search.found = { ...candidate, document: document.document, exchange };
      break;
    }
  }
  return search;
}

/** A metadata document in a response: 200 and a JSON object. */
function parseDocument(exchange: HttpExchange): { document: JsonObject } | { problem: string } {
  if (exchange.status !== 200) return { problem: exchange.status === undefined ? `no response (${exchange.error ?? 'unknown'})` : `HTTP ${exchange.status}` };
  try {
    const value: unknown = JSON.parse(exchange.body);
    return isJsonObject(value) ? { document: value } : { problem: 'HTTP 200, but the body is not a JSON object' };
  } catch {
    return { problem: `HTTP 200, but the body is not JSON (${exchange.contentType || 'no Content-Type'})` };
  }
}

/** One line for a failed search: every URL tried and what it gave. */
export function describeSearch(search: MetadataSearch): string {
  const tried = search.tried.map((t) => `${t.url}: ${t.outcome}`).join('; ');
  return `${search.elsewhere ? `resource_metadata named another origin (${search.elsewhere}), not fetched; ` : ''}${tried || 'nothing tried'}`;
}

/**
 * A valid token with one character changed in the middle of it: a server that checks the token's
 * integrity refuses it, whatever the token's format (an opaque token changes identity, a signed
 * one its payload). It is all but the token itself, so it is a secret of the run from now on.
 */
export function tamperedToken(token: string, redactor: Redactor): string {
  const copy = changedAtMiddle(token);
  redactor.add(copy);
  return copy;
}

function changedAtMiddle(token: string): string {
  const at = Math.floor(token.length / 2);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const current = token[at] ?? 'A';
  const replacement = alphabet[(alphabet.indexOf(current) + 7) % alphabet.length] ?? 'Q';
  return token.slice(0, at) + (replacement === current ? 'Q' : replacement) + token.slice(at + 1);
}

/** The exchange's body carries no JSON-RPC result: a refused request returned nothing of the server's. */
export function noResultIn(exchange: HttpExchange, what: string): Assertion {
  const result = exchange.frames.some((f) => isJsonObject(f.value) && 'result' in f.value);
  return {
    ok: !result,
    expected: `no JSON-RPC result in the answer to ${what}`,
    ...(result ? { actual: exchange.body.slice(0, 300), message: 'validate the token before processing the request: a refused request must have no effect and return nothing' } : {}),
    frames: [exchange.seq],
  };
}

/** A request a token lacking scopes got refused, and the same request again with another token. */
export interface ScopeRefusal {
  exchange: HttpExchange;
  /** Which request it was, for messages. */
  what: string;
  /** The same request (a fresh id) with this token instead. */
  again(token: string): Promise<HttpExchange>;
}

/**
 * Where a token with too few scopes is refused: the first request, else a list request of a
 * session opened with the run's own token (where a scope is missing is the server's business).
 * `served` lists what was served when nothing was refused.
 */
export async function refusedForScope(t: ServerScenarioContext, connection: ScenarioConnection, limited: string): Promise<{ refused: ScopeRefusal } | { served: string[] }> {
  const sessionless = (token: string, id: string): Promise<HttpExchange> => postWith(connection, sessionlessRequest(connection, id), { token });
  const first = await sessionless(limited, 'auth-limited');
  if (!served(first)) return { refused: { exchange: first, what: 'the first request', again: (token) => sessionless(token, 'auth-limited-again') } };
  const tried = ['the first request'];
  if (t.auth.tokens.valid === undefined) return { served: tried };
  const stateful = describeRevision(t.revision).stateful;
  const session = stateful ? await t.ready() : await t.connect();
  for (const method of ['tools/list', 'resources/list', 'prompts/list']) {
    const inSession = (token: string, id: string): Promise<HttpExchange> => postWith(session, session.requestBody(id, method), { token }, { inSession: stateful });
    const exchange = await inSession(limited, `auth-limited-${method}`);
    if (!served(exchange)) return { refused: { exchange, what: method, again: (token) => inSession(token, `auth-limited-${method}-again`) } };
    tried.push(method);
  }
  return { served: tried };
}

/** What a step-up showed: the scope challenge of a refusal, the token granted for it, and the same request again. */
export interface StepUp {
  /** The refusal of a token granted no scope: 403 insufficient_scope naming `challenged`. */
  refused: ScopeRefusal;
  challenged: string[];
  /** The scopes asked for the second token: those the challenge named, and any the first token was granted. */
  asked: string[];
  /** What the token response said was granted, when it said. */
  granted?: string;
  /** The request again with the second token. */
  retry: HttpExchange;
  /** Scopes a second insufficient_scope challenge named that were not asked for. */
  further: string[];
}

/**
 * Steps up as a client would (basic/authorization, step-up authorization flow): a token granted no
 * scope, a request it is refused with 403 insufficient_scope, a token granted the scopes the
 * challenge names, and the request again. Needs the harness's own grants (`--authorize`); without
 * them, or when nothing needs a scope, the scenario is skipped with the reason; when the steps
 * cannot be taken it is blocked.
 */
export async function stepUp(t: ServerScenarioContext): Promise<StepUp> {
  const grant = t.auth.grant;
  if (grant === undefined) {
    return t.skip('needs tokens whose scopes the harness chooses, from the server\'s authorization server: pass --authorize (a token given with --auth-token-insufficient-scope shows a refusal, but not whether a token with the scopes it names is then accepted)');
  }
  const { connection } = await requireProtected(t);
  const limited = await grant([]);
  if ('problem' in limited) return t.blocked(`the authorization server gave no token for a request naming no scope: ${limited.problem}`);
  t.note(`a token asked for with no scope; granted: ${limited.scope === undefined ? 'not said' : limited.scope === '' ? 'none' : limited.scope}`);
  const found = await refusedForScope(t, connection, limited.token);
  if ('served' in found) return t.skip(`a token granted no scope was served for every request tried (${found.served.join(', ')}): nothing there needs a scope`);
  const { refused } = found;
  const params = scopeChallengeOf(refused.exchange);
  if (params === undefined) {
    return t.blocked(`${refused.what} with a token granted no scope got ${exchangeEvidence(refused.exchange)}, WWW-Authenticate: ${refused.exchange.headers['www-authenticate'] ?? '(none)'}: not a 403 insufficient_scope challenge naming scopes, so there is nothing to step up to (insufficient-scope-403 judges the refusal)`);
  }
  const asked = [...new Set([...scopesOf(limited.scope), ...params])];
  t.note(`${refused.what} refused with 403 insufficient_scope, scope="${params.join(' ')}": asking for a token granted ${asked.join(' ')}`);
  const more = await grant(asked);
  if ('problem' in more) return t.blocked(`the authorization server would not grant the scopes the challenge named (${asked.join(' ')}): ${more.problem}`);
  if (more.scope !== undefined) t.note(`granted: ${more.scope === '' ? 'no scope' : more.scope}`);
  const retry = await refused.again(more.token);
  const again = scopeChallengeOf(retry) ?? [];
  return { refused, challenged: params, asked, ...(more.scope !== undefined ? { granted: more.scope } : {}), retry, further: again.filter((s) => !asked.includes(s)) };
}

/** The scopes a 403 insufficient_scope challenge names, or undefined when the exchange is not one naming any. */
function scopeChallengeOf(exchange: HttpExchange): string[] | undefined {
  if (exchange.status !== 403) return undefined;
  const found = challengeOf(exchange);
  if (!('challenge' in found) || found.challenge.params.error !== 'insufficient_scope') return undefined;
  const scopes = scopesOf(found.challenge.params.scope);
  return scopes.length > 0 ? scopes : undefined;
}

/** What a forged token claims: the resource it names, the issuer it pretends to come from, its scopes. */
export interface ForgedClaims {
  audience: string;
  issuer: string;
  scopes: readonly string[];
}

/**
 * A well-formed access token for this resource that its authorization server never issued (RFC 9068
 * JWT claims, valid for an hour): signed with a key the harness makes up on the spot, or unsigned
 * (`alg: none`). A server must accept neither; one that checks signatures refuses both.
 */
export function forgedToken(claims: ForgedClaims, signing: 'other-key' | 'unsigned'): string {
  const body = { iss: claims.issuer, aud: claims.audience, sub: 'mcp-conformance-forged', client_id: 'mcp-conformance-forged', scope: claims.scopes.join(' ') };
  if (signing === 'other-key') return mintToken(newTokenKey(), { ...body, ttlSeconds: 3600 });
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${part({ alg: 'none', typ: 'at+jwt' })}.${part({ ...body, iat: now, exp: now + 3600, jti: `forged-${now}` })}.`;
}

/**
 * A valid token with fewer scopes than the server needs: the one given (`--auth-token-insufficient-scope`),
 * else one the harness asks its authorization server for naming no scope (`--authorize`), else none.
 */
export async function scopeLimitedToken(t: ServerScenarioContext): Promise<{ token: string } | { problem: string } | undefined> {
  const given = t.auth.tokens.insufficientScope;
  if (given !== undefined) return { token: given };
  if (!t.auth.grant) return undefined;
  const granted = await t.auth.grant([]);
  return 'problem' in granted ? { problem: `the authorization server gave no token for a request naming no scope: ${granted.problem}` } : { token: granted.token };
}

/**
 * What a protected server says a token for it looks like, as a client reads it: the scopes its 401
 * challenge names (else its metadata's scopes_supported) and the first authorization server of its
 * Protected Resource Metadata, when it has one.
 */
export async function namedByServer(connection: ScenarioConnection, refused: HttpExchange, note: (text: string) => void): Promise<{ scopes: string[]; issuer?: string }> {
  const found = challengeOf(refused);
  const challenge = 'challenge' in found ? found.challenge : undefined;
  const metadata = (await findResourceMetadata(connection, challenge, note)).found?.document;
  const servers = metadata?.authorization_servers;
  const issuer = Array.isArray(servers) && typeof servers[0] === 'string' ? servers[0] : undefined;
  const supported = Array.isArray(metadata?.scopes_supported) ? metadata.scopes_supported.filter((s): s is string => typeof s === 'string') : [];
  const challenged = scopesOf(challenge?.params.scope);
  return { scopes: challenged.length > 0 ? challenged : supported, ...(issuer !== undefined ? { issuer } : {}) };
}
