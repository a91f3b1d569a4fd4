/**
 * What the authorization scenarios for clients (suites/<rev>/client/auth/, `client --auth`) share:
 * one launch of the client behind OAuth, with an authorization server of the harness's started for
 * it (runner/auth/authorization-server.ts) in the scenario's variant, and readers of what both
 * servers saw. The client is told the scenario's official name (MCP_CONFORMANCE_SCENARIO) and, for
 * pre-registration, its credentials (MCP_CONFORMANCE_CONTEXT `client_id`, `client_secret`, as the
 * official suite gives them).
 */
import { createHash } from 'node:crypto';
import { startAuthorizationServer, type AsRequestRecord, type AuthorizationServerOptions, type RunningAuthorizationServer, type TokenEndpointAuthMethod } from '../auth/authorization-server.js';
import type { Assertion, ClientEnd, ClientLaunch, ClientRun, ClientScenarioContext } from '../engine/scenario.js';
import type { HttpRequestRecord } from '../targets/hosted-endpoint.js';
import { HOSTED_PATH } from '../targets/hosted-http.js';
import { readToken } from '../auth/tokens.js';
import { bearerToken, PRM_PATHS, type ProtectionOptions } from '../targets/hosted-protected.js';
import type { JsonObject } from '../util/json.js';
import { that } from './assert.js';

export { AUTH_TAG, PRM_PATHS, type PrmLocation, type ScopeNeed } from '../targets/hosted-protected.js';

/** The redirect URIs the harness's authorization server takes from clients it cannot know in advance (pre-registered, CIMD): any loopback or https one. */
export const ANY_REDIRECT = ['http://127.0.0.1', 'http://localhost', 'http://[::1]', 'https://'];

/** The official suite's pre-registered credentials (its `auth/pre-registration` context). */
export const PRE_REGISTERED = { client_id: 'pre-registered-client', client_secret: 'pre-registered-secret' } as const;

/** The client id URL the official suite's clients use for Client ID Metadata Documents. */
export const CIMD_URL = 'https://conformance-test.local/client-metadata.json';

/** What one authorized launch saw. */
export interface AuthRun {
  client: ClientRun;
  end: ClientEnd;
  as: RunningAuthorizationServer;
  /** Every request to the hosted origin (MCP endpoint, PRM, AS paths at the origin). */
  requests: readonly HttpRequestRecord[];
  /** Those to the MCP endpoint. */
  mcp: HttpRequestRecord[];
  /** The authorization server's requests. */
  asRequests: AsRequestRecord[];
  authorizations: AsRequestRecord[];
  tokenRequests: AsRequestRecord[];
  registrations: AsRequestRecord[];
  /** The endpoint's URL (the resource). */
  url: string;
  origin: string;
  /** The authorization server the resource moved to, when the scenario has one. */
  as2?: RunningAuthorizationServer;
}

export interface AuthLaunch {
  /** The authorization server's variant. */
  server?: AuthorizationServerOptions;
  /** The protected endpoint's variant (the authorization server is filled in). */
  protection: Omit<ProtectionOptions, 'server'>;
  /** MCP_CONFORMANCE_CONTEXT fields. */
  context?: JsonObject;
  /** A second authorization server the resource moves to when a request of method `on` comes. */
  migrateTo?: { server?: AuthorizationServerOptions; on: string };
  /** The rest of the launch (the server the harness plays, ...). */
  launch?: ClientLaunch;
}

/** Starts the scenario's authorization server, launches the client behind OAuth, waits until it is done. */
export async function authorizedRun(t: ClientScenarioContext, behaviour: string, spec: AuthLaunch): Promise<AuthRun> {
  const as = await startAuthorizationServer(spec.server);
  const as2 = spec.migrateTo === undefined ? undefined : await startAuthorizationServer(spec.migrateTo.server);
  try {
    const migrateTo = as2 === undefined || spec.migrateTo === undefined ? {} : { migrateTo: { server: as2, on: spec.migrateTo.on } };
    const launch: ClientLaunch = { ...spec.launch, behaviour, ...(spec.context ? { context: spec.context } : {}), auth: { ...spec.protection, ...migrateTo, server: as, secrets: secretsOf(spec.context) } };
    const client = await t.launch(launch);
    const end = await client.finished();
    const requests = client.http?.requests ?? [];
    const url = client.http?.url ?? '';
    const asRequests = as.records.requests;
    return {
      client,
      end,
      as,
      requests,
      mcp: requests.filter((r) => r.path === HOSTED_PATH),
      asRequests,
      authorizations: asRequests.filter((r) => r.endpoint === 'authorize'),
      tokenRequests: asRequests.filter((r) => r.endpoint === 'token' && r.params.grant_type === 'authorization_code'),
      registrations: asRequests.filter((r) => r.endpoint === 'register'),
      url,
      origin: url === '' ? '' : new URL(url).origin,
      ...(as2 === undefined ? {} : { as2 }),
    };
  } finally {
    await as.close();
    await as2?.close();
  }
}

/** The context fields the client is handed that are secrets (client_secret and the like). */
function secretsOf(context: JsonObject | undefined): string[] {
  return Object.entries(context ?? {}).flatMap(([name, value]) => (/secret|token|jwt|private_key/i.test(name) && typeof value === 'string' ? [value] : []));
}

/** A parameter of an authorization server request, when it is a string. */
export function param(r: AsRequestRecord | undefined, name: string): string | undefined {
  const value = r?.params[name];
  return typeof value === 'string' ? value : undefined;
}

/** BASE64URL(SHA256(verifier)): the S256 code challenge of a verifier (RFC 7636 Section 4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Whether an MCP request carried a Bearer token in its Authorization header. */
export function hasBearer(r: HttpRequestRecord): boolean {
  return bearerToken(r.headers.authorization) !== undefined;
}

/** Whether a request's query carries an access token. */
export function tokenInQuery(r: HttpRequestRecord): boolean {
  return new URL(r.target, 'http://x').searchParams.has('access_token');
}

/** A request as evidence, with no secret in it: number, method, path, status, and whether it carried a token and where. */
export function describeAuthRequest(r: HttpRequestRecord): string {
  const where = [hasBearer(r) ? 'Bearer header' : '', tokenInQuery(r) ? 'token in the query' : ''].filter(Boolean).join(', ');
  return `#${r.n} ${r.method} ${r.path} -> ${r.status ?? '?'}${where === '' ? ' (no token)' : ` (${where})`}`;
}

/** An authorization server request as evidence: method, path, status and the names of its parameters (values are secrets or noise). */
export function describeAsRequest(r: AsRequestRecord): string {
  return `${r.method} ${r.path} -> ${r.status ?? '?'} [${Object.keys(r.params).join(', ')}]`;
}

/** The well-known PRM URL of a location on the endpoint's origin. */
export function prmUrlAt(origin: string, at: keyof typeof PRM_PATHS): string {
  return `${origin}${PRM_PATHS[at]}`;
}

/** The requests for Protected Resource Metadata (at any of the locations the harness may serve it), in order. */
export function prmRequests(run: Pick<AuthRun, 'requests'>): HttpRequestRecord[] {
  const paths: readonly string[] = Object.values(PRM_PATHS);
  return run.requests.filter((r) => paths.includes(r.path) || r.path.startsWith('/.well-known/oauth-protected-resource'));
}

/** The authorization server's well-known requests (metadata, found or not), in order, as paths. */
export function asWellKnownPaths(run: Pick<AuthRun, 'asRequests'>): string[] {
  return run.asRequests.filter((r) => r.path.includes('/.well-known/')).map((r) => r.path);
}

/** Why a run is no evidence for a check that needs the flow to have reached a point: the client's end. */
export function endOf(run: Pick<AuthRun, 'end'>): string {
  const { end } = run;
  return `exit ${end.code ?? end.signal}${end.stderr.length > 0 ? `; ${end.stderr.slice(-2).join(' | ')}` : ''}`;
}

/** A check's verdict, or why it cannot be judged (the flow never reached what it looks at). */
export type Judged = Assertion | { untestable: string };

/** Records a judged check: its verdict, or untestable with the reason. */
export function judge<K extends string>(t: { check(id: K, a: Assertion): boolean; untestable(id: K, reason: string): void }, id: K, judged: Judged): void {
  if ('untestable' in judged) t.untestable(id, judged.untestable);
  else t.check(id, judged);
}

/**
 * PKCE in one authorization and the token request that redeemed its code: a code_challenge and a
 * code_verifier at all (`uses`), and the S256 method with a verifier that hashes to the challenge.
 */
export function pkceJudged(authorization: AsRequestRecord, token: AsRequestRecord | undefined): { uses: Assertion; s256: Judged } {
  const challenge = param(authorization, 'code_challenge');
  const verifier = param(token, 'code_verifier');
  const uses = that(challenge !== undefined && (token === undefined || verifier !== undefined), 'the authorization request carries code_challenge and the token request code_verifier', { code_challenge: challenge !== undefined, code_verifier: token === undefined ? 'no token request' : verifier !== undefined });
  if (challenge === undefined) return { uses, s256: { untestable: 'the authorization request carries no code_challenge' } };
  const method = param(authorization, 'code_challenge_method');
  return { uses, s256: that(method === 'S256' && (verifier === undefined || s256(verifier) === challenge), 'code_challenge_method=S256, and the verifier hashes to the challenge', { code_challenge_method: method ?? null, verifierMatches: verifier === undefined ? 'no verifier' : s256(verifier) === challenge }) };
}

/** The redirect_uri of an authorization request: on localhost (a loopback URL) or https. */
export function redirectJudged(authorization: AsRequestRecord): Assertion {
  const redirect = param(authorization, 'redirect_uri') ?? '';
  return that(/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/])/.test(redirect), 'the redirect_uri is a localhost (loopback) URL or an https one', redirect === '' ? null : redirect);
}

/**
 * The token in the Authorization header after the first 401: some request carries it there
 * (`header`), and every request to the endpoint after that one carries it too (`every`).
 */
export function bearerJudged(mcp: readonly HttpRequestRecord[], first401: HttpRequestRecord): { header: Assertion; every: Judged } {
  const after = mcp.filter((r) => r.n > first401.n);
  const firstBearer = after.find(hasBearer);
  const header = that(firstBearer !== undefined, 'a request after the authorization carries Authorization: Bearer with the token', after.map(describeAuthRequest).slice(0, 8));
  if (firstBearer === undefined) return { header, every: { untestable: 'no request carried the token in the Authorization header' } };
  const bare = mcp.filter((r) => r.n > firstBearer.n && !hasBearer(r));
  return { header, every: that(bare.length === 0, 'every request after the first one with the token carries it too', bare.map(describeAuthRequest).slice(0, 8)) };
}

/** The client registered by Dynamic Client Registration and sent its authorizations with the client id it was given. */
export function dcrJudged(run: Pick<AuthRun, 'as' | 'authorizations' | 'registrations'>): Assertion {
  const ids = run.as.records.registrations.map((r) => r.clientId);
  const used = run.authorizations.map((r) => param(r, 'client_id') ?? '');
  return that(ids.length > 0 && used.length > 0 && used.every((id) => ids.includes(id)), 'a Dynamic Client Registration request is accepted, and the authorization requests carry the client id it issued', { registrations: run.registrations.map(describeAsRequest), authorizationsWithRegisteredId: used.map((id) => ids.includes(id)) });
}

/** The client read the PRM at the URL only the 401 challenge's resource_metadata names (it parsed WWW-Authenticate and followed it). */
export function challengePrmJudged(run: Pick<AuthRun, 'requests'>): Assertion {
  const prm = prmRequests(run).map((r) => r.path);
  return that(prm.includes(PRM_PATHS.custom), `a GET of ${PRM_PATHS.custom}, the PRM URL that only the challenge's resource_metadata names`, prm);
}

/** The redirect_uri of an authorization request is among those its client registered (by Dynamic Client Registration, here). */
export function registeredRedirectJudged(run: Pick<AuthRun, 'as'>, authorization: AsRequestRecord): Judged {
  const clientId = param(authorization, 'client_id');
  const registration = run.as.records.registrations.find((r) => r.clientId === clientId);
  if (registration === undefined) return { untestable: "the authorization request's client id was not registered here by Dynamic Client Registration" };
  const registered = Array.isArray(registration.metadata.redirect_uris) ? registration.metadata.redirect_uris : [];
  const redirect = param(authorization, 'redirect_uri');
  return that(redirect !== undefined && registered.includes(redirect), 'the redirect_uri of the authorization request is one the client registered', { redirect_uri: redirect ?? null, registered });
}

/** Every token the endpoint was sent was issued by an authorization server the endpoint named (signed with its key; expired or not), none obtained elsewhere. */
export function ownTokensJudged(run: Pick<AuthRun, 'mcp' | 'as' | 'as2'>): Assertion {
  const keys = [run.as.tokenKey, ...(run.as2 === undefined ? [] : [run.as2.tokenKey])];
  const foreign = run.mcp.filter((r) => {
    const token = bearerToken(r.headers.authorization);
    return token !== undefined && keys.every((key) => {
      const read = readToken(key, token);
      return 'problem' in read && (read.problem === 'malformed' || read.problem === 'signature');
    });
  });
  return that(foreign.length === 0, "every token sent to the endpoint was issued by its authorization server", foreign.map(describeAuthRequest).slice(0, 8));
}

/**
 * One authorization response with an RFC 9207 variant (the iss scenarios of 2026-07-28): the
 * client authorizes against a server whose responses carry `iss` as `server` says, and the verdict
 * is whether it redeemed the code (`redeems`: it must; else it must not), or untestable when it never
 * sent an authorization request.
 */
export async function issResponseJudged(t: ClientScenarioContext, behaviour: string, server: Pick<AuthorizationServerOptions, 'iss' | 'issAdvertised'>, redeems: boolean, response: string): Promise<Judged> {
  const run = await authorizedRun(t, behaviour, { server, protection: { prmAt: ['path'], challengeNamesPrm: true } });
  if (run.authorizations.length === 0) return { untestable: `the client sent no authorization request (${endOf(run)})` };
  const redeemed = run.tokenRequests.length > 0;
  return that(redeemed === redeems, `${redeems ? 'a' : 'no'} token request after ${response}`, redeemed ? run.tokenRequests.map(describeAsRequest) : endOf(run));
}

/** The official suite's name for the scenario of a token endpoint authentication method. */
const TOKEN_AUTH_SCENARIO: Readonly<Record<TokenEndpointAuthMethod, string>> = { client_secret_basic: 'auth/token-endpoint-auth-basic', client_secret_post: 'auth/token-endpoint-auth-post', none: 'auth/token-endpoint-auth-none' };

/**
 * The judgement of a token endpoint authentication scenario (the official suite's auth/token-endpoint-auth-*):
 * the authorization server offers exactly one method, in its metadata and so in every registration it
 * answers; the client registers by Dynamic Client Registration and must authenticate its token request
 * that way: an HTTP Basic header (no secret in the form), client_id and client_secret in the form (no
 * Authorization header), or client_id alone (no secret anywhere).
 */
export async function tokenEndpointAuthJudged(t: ClientScenarioContext, method: TokenEndpointAuthMethod): Promise<Judged> {
  // A client that registers for another method (a public client asking for none) is given this one, as RFC 7591
  // lets a server do, and must then use what the registration answer names.
  const run = await authorizedRun(t, TOKEN_AUTH_SCENARIO[method], { server: { tokenEndpointAuthMethods: [method], substituteAuthMethod: true }, protection: { prmAt: ['path'], challengeNamesPrm: true } });
  const token = run.tokenRequests[0];
  if (token === undefined) return { untestable: `the client never redeemed an authorization code (${endOf(run)})` };
  const header = token.headers.authorization;
  const basic = header !== undefined && /^basic\s/i.test(header);
  const secretInForm = param(token, 'client_secret') !== undefined;
  const idInForm = param(token, 'client_id') !== undefined;
  const seen = { authorization: header === undefined ? 'none' : basic ? 'Basic' : 'another scheme', client_id_in_form: idInForm, client_secret_in_form: secretInForm };
  if (method === 'client_secret_basic') return that(basic && !secretInForm, 'the token request carries Authorization: Basic and no client_secret in the form', seen);
  if (method === 'client_secret_post') return that(header === undefined && idInForm && secretInForm, 'the token request carries client_id and client_secret in the form and no Authorization header', seen);
  return that(header === undefined && idInForm && !secretInForm, 'the token request carries client_id in the form, and no secret (no client_secret, no Authorization header)', seen);
}
