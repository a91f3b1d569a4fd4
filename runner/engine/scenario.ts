import type { RequirementId } from '../../requirements/ids.js';
import type { Revision } from '../revisions.js';
import type { TransportKind } from '../transports/types.js';
import type { JsonObject } from '../util/json.js';
import type { Redactor } from '../util/redact.js';
import type { Transcript } from '../util/transcript.js';
import type { SchemaIssue } from '../validation/types.js';
import type { HttpRequestRecord } from '../targets/hosted-endpoint.js';
import type { HostedHttpOptions, StreamRecord } from '../targets/hosted-http.js';
import type { ProtectionOptions } from '../targets/hosted-protected.js';
import type { ShimRecord } from '../targets/shim-endpoint.js';
import type { Received, Reply } from '../wire/session.js';
import type { ClientSide, ScenarioConnection } from './connection.js';
import type { HostedServerConfig } from './server-answers.js';

export type Role = 'server' | 'client';

/**
 * Which server-feature checks run: `blackbox` checks any server as it is; `fixtures` also runs the
 * deep checks that need the conventional conformance fixtures (and calls those fixture tools);
 * `auto` runs the deep checks wherever the target exposes the fixture they need.
 */
export type Profile = 'auto' | 'blackbox' | 'fixtures';

/** What the user allows the harness to do to a server under test (README: "What the harness does to a server"). */
export interface ServerPolicy {
  readonly profile: Profile;
  /** Every listed tool may be called (`--call-tools`), not only those annotated read-only. */
  readonly callTools: boolean;
  /** Arguments to call a named tool with (`--tool-args NAME=JSON`): consent for that tool. */
  readonly toolArgs: Readonly<Record<string, JsonObject>>;
}

/** The default policy: black-box checks where fixtures are absent, no tool called unless annotated read-only. */
export const DEFAULT_POLICY: ServerPolicy = { profile: 'auto', callTools: false, toolArgs: {} };

/** The revision's JSON schema, for scenarios that validate a value they picked out of a result. */
export interface SchemaAccess {
  /** Issues of `value` against the named definition ([] when valid); throws for an unknown name. */
  definition(name: string, value: unknown): SchemaIssue[];
  /** Whether the revision's schema has this definition (e.g. `AudioContent` from 2025-03-26 on). */
  has(name: string): boolean;
  /** Issues of a result against the result definition of `method`. */
  result(method: string, value: unknown): SchemaIssue[];
}

/**
 * The checks a scenario makes: check id (kebab-case, stable) -> the requirement it enforces. The
 * engine reports every declared check, reached or not, so a check can never vanish from a report.
 */
export type CheckDeclarations = Readonly<Record<string, RequirementId>>;

/**
 * The verdict material for one check: whether the target did what the requirement asks, what was
 * expected (in words), and what actually happened (as data). Build these with the helpers in
 * `runner/api`; scenario code should rarely construct one by hand.
 */
export interface Assertion {
  ok: boolean;
  expected: string;
  actual?: unknown;
  /** Extra words for a failure, shown before expected/actual. */
  message?: string;
  /** Transcript sequence numbers of the frames that prove it. */
  frames?: number[];
}

/** What a server told the engine when it probed each revision, before any scenario ran. */
export interface TargetProfile {
  /** Revisions the target echoed when offered them. */
  supported: Revision[];
  /** The version the target answered when offered this scenario's revision. */
  negotiated?: string;
  capabilities: Record<string, unknown>;
  info?: { name?: string; version?: string; [key: string]: unknown };
}

/** What every scenario body receives, whatever the role. `C` is the scenario's check declarations. */
export interface ScenarioContextBase<C extends CheckDeclarations = CheckDeclarations> {
  readonly revision: Revision;
  readonly transport: TransportKind;
  /** Per-request timeout in milliseconds. */
  readonly timeoutMs: number;
  /** The revision's JSON schema. */
  readonly schema: SchemaAccess;
  /**
   * Records a declared check. Returns `assertion.ok`, so a body can stop early when later checks
   * would only repeat the failure (they are then reported as not testable, with the reason).
   */
  check(id: keyof C & string, assertion: Assertion): boolean;
  /** The check cannot be made because a prerequisite it needs is missing: a failure, "Not testable: ...". */
  untestable(id: keyof C & string, reason: string): void;
  /** The check does not apply to this target (a capability it does not declare, ...): a skip. */
  notApplicable(id: keyof C & string, reason: string): void;
  /** Nothing left in the scenario applies: every check not yet recorded is not applicable. */
  skip(reason: string): never;
  /** The scenario cannot go on: every check not yet recorded is not testable, with this reason. */
  blocked(reason: string): never;
  /** A line in the scenario's transcript, to explain what the scenario is doing. */
  note(text: string): void;
}

/** The context of a scenario that tests a server: the harness is the client. */
export interface ServerScenarioContext<C extends CheckDeclarations = CheckDeclarations> extends ScenarioContextBase<C> {
  readonly target: TargetProfile;
  /** What the user allows the harness to do to this server: check it before calling a tool. */
  readonly policy: ServerPolicy;
  /**
   * A fresh connection, ready for ordinary requests the way this revision makes one ready (the
   * initialize handshake on stateful revisions). When that fails the scenario stops: every check
   * not yet recorded is not testable, with the reason.
   *
   * `client` makes the harness a client with these capabilities; it then answers the server's
   * sampling, elicitation and roots requests as a good client would, unless `onRequest` answers.
   */
  ready(client?: ClientSide): Promise<ScenarioConnection>;
  /** A fresh connection with nothing sent yet (a new process over stdio, a new HTTP session), for scenarios about the handshake itself. */
  connect(client?: ClientSide): Promise<ScenarioConnection>;
  /** What the scenarios about authorization work with. */
  readonly auth: AuthAccess;
}

/**
 * What the authorization scenarios (issue 13) get: the credentials the user gave, and where to
 * record the OAuth exchanges they make outside MCP connections.
 */
export interface AuthAccess {
  /** `--auth-token`, `--auth-token-expired`, `--auth-token-wrong-audience`, `--auth-token-insufficient-scope`, when given. */
  readonly tokens: { readonly valid?: string; readonly expired?: string; readonly wrongAudience?: string; readonly insufficientScope?: string };
  /** A client registered beforehand (`--client-id`, `--client-secret`). */
  readonly client?: { readonly id: string; readonly secret?: string };
  /** The authorization server to judge, when the user named one (`authorization --url ISSUER`). */
  readonly issuer?: string;
  /**
   * How the server refused the run's first requests when it wanted authorization the harness did
   * not have (the 401 and its WWW-Authenticate), or undefined when it served them.
   */
  readonly refusal?: { readonly status: number; readonly challenge?: string };
  /** The scenario's transcript, for exchanges with authorization servers and metadata documents. */
  readonly transcript: Transcript;
  /** The run's redactor: add every secret the scenario comes to hold before recording anything holding it. */
  readonly redactor: Redactor;
  /** How to get through an authorization server's login or consent page (`--auth-approve-selector`, `--auth-fill`). */
  readonly browser?: { readonly approveSelector?: string; readonly fill?: Readonly<Record<string, string>> };
  /**
   * Made once per run and shared by its scenarios under `key` (the client the harness registers with
   * an authorization server, the host of its client metadata documents): the first caller's `make`
   * runs, every caller gets its promise; `close` runs when the run ends. Absent outside a run.
   */
  readonly once?: <T>(key: string, make: () => Promise<T>, close?: (value: T) => Promise<void>) => Promise<T>;
  /** The run's output folder (`--out`), for files an authorization server under test is told to read. */
  readonly outDir?: string;
}

/** What the harness learned of a client under test from its first launches, before any scenario ran. */
export interface ClientProfile {
  /** Revisions at which the client completed the handshake when the harness answered with that revision. */
  supported: Revision[];
  /** The protocolVersion the client offered when launched for this scenario's revision. */
  offered?: string;
  /** The capabilities it declared in initialize. */
  capabilities: Record<string, unknown>;
  /** Its clientInfo. */
  info?: { name?: string; version?: string; [key: string]: unknown };
}

/** How one launch of the client under test goes: what it is asked to do, and how the harness plays the server. */
export interface ClientLaunch {
  /**
   * The behaviour the client acts out, handed over as MCP_CONFORMANCE_SCENARIO (names shared with the
   * official conformance suite; README: "Clients under test"). Default `initialize`.
   */
  behaviour?: string;
  /**
   * The version the client is asked to offer (MCP_CONFORMANCE_PROTOCOL_VERSION); the scenario's
   * revision by default. A newer one makes the harness's answer (the scenario's revision) a counter-offer.
   */
  offer?: Revision;
  /** Scenario data for the client, handed over as MCP_CONFORMANCE_CONTEXT (with `name` added). */
  context?: JsonObject;
  /** The server the harness plays (the good server by default). */
  server?: HostedServerConfig;
  /** Streamable HTTP only: how the hosted endpoint answers (response types, GET stream, expired sessions). */
  http?: {
    responseMode?: (method: string) => 'json' | 'sse';
    getStream?: boolean;
    expireSessions?: number;
    /** A POST carrying one request answered at the HTTP level instead (see HostedHttpOptions.refuse). */
    refuse?: HostedHttpOptions['refuse'];
  };
  /**
   * Legacy HTTP+SSE only: the URI the endpoint event announces, given the session id and the
   * endpoint's origin (default `/messages?sessionId=<id>`); any path of the origin is served.
   */
  legacy?: {
    endpoint?: (sessionId: string, origin: string) => string;
  };
  /** An authorization scenario (`client --auth`): the endpoint is behind OAuth, as these options say (targets/hosted-protected.ts). */
  auth?: ProtectionOptions;
}

/** How a launched client ended. */
export interface ClientEnd {
  /** The client exited by itself (with `code` or `signal`); false when the harness had to end it. */
  exitedByItself: boolean;
  code: number | null;
  signal: string | null;
  /** Why the harness ended it, when it did (no activity for the timeout, the scenario's limit). */
  endedBecause?: string;
  /** Its last lines on stderr, oldest first. */
  stderr: string[];
}

/** What a hosted HTTP endpoint saw of the client. */
export interface HostedRecords {
  /** The URL the client was given (`http://127.0.0.1:<port>/mcp`, or `/sse` for the legacy transport). */
  url: string;
  /** Every HTTP request the client made, in arrival order (a legacy GET with the endpoint its stream announced). */
  requests: readonly HttpRequestRecord[];
  /** Session ids the endpoint issued, in order (Mcp-Session-Id; legacy: one per SSE stream, in its endpoint URI). */
  sessionIds: readonly string[];
  /** Streamable HTTP: what the endpoint's SSE streams did (none over the legacy transport). */
  streams: readonly StreamRecord[];
}

/** One launched client under test, as a client scenario sees it. */
export interface ClientRun {
  /** How many of `messages()` had arrived when the harness answered initialize; undefined before it did. */
  initializeAnsweredAfter(): number | undefined;
  /** Every message the client sent, in arrival order (a batch gives one entry per message); output that is no JSON is left to the automatic checks. */
  messages(): readonly Received[];
  /** The first message (received or still to come within `timeoutMs`) that passes `test`. */
  waitFor(test: (r: Received) => boolean, timeoutMs?: number): Promise<Received | undefined>;
  /** Sends a request to the client and waits for its answer. */
  request(method: string, params?: JsonObject): Promise<Reply>;
  notify(method: string, params?: JsonObject): Promise<void>;
  /**
   * Waits until the client exits, or has been quiet (no message, no HTTP request) for the request
   * timeout, and ends it in the second case; how it ended.
   */
  finished(): Promise<ClientEnd>;
  /** stdio with `{server}`: whether the client spawned its server, and how it ended it; undefined otherwise. */
  readonly shim: ShimRecord | undefined;
  /** Over HTTP (Streamable HTTP, legacy HTTP+SSE): what the hosted endpoint saw; undefined over stdio. */
  readonly http: HostedRecords | undefined;
}

/** The context of a scenario that tests a client: the harness plays the server. */
export interface ClientScenarioContext<C extends CheckDeclarations = CheckDeclarations> extends ScenarioContextBase<C> {
  readonly target: ClientProfile;
  /**
   * Hosts a server for the client (a fresh Streamable HTTP or legacy HTTP+SSE endpoint, or the
   * client's own stdio) and launches the client against it. A client that cannot be started blocks
   * the scenario.
   */
  launch(options?: ClientLaunch): Promise<ClientRun>;
}

export interface ScenarioMeta<C extends CheckDeclarations = CheckDeclarations> {
  /** A sentence-case claim about the target, e.g. "An unknown method gets method-not-found". */
  title: string;
  role: Role;
  /**
   * The first revision where the behaviour is retired. Only that: a scenario that merely uses a
   * revision's handshake gets ready through `ready(t)` and runs wherever its requirements exist.
   */
  until?: Revision;
  /** Transports the scenario applies to; all when absent. */
  transports?: TransportKind[];
  /** Capabilities the target (a server, or a client) must declare for the scenario to apply. */
  requires?: { capabilities?: string[] };
  /**
   * `shared`: the scenario's first plain `t.ready()` may be a ready session that other scenarios of
   * the run used before (runner/engine/shared-sessions.ts), which saves starting the target. Only
   * for scenarios that change nothing on the server (no state set, no subscription, no tool with
   * effects) and judge nothing outside their own requests. Fresh (the default) otherwise, and always
   * under `--isolate`. Verdicts are the same either way (test/sharing.test.ts).
   */
  session?: 'shared' | 'fresh';
  /**
   * The scenario changes what every client of the server sees (a trigger fixture adds a tool, updates
   * a resource): where all scenarios talk to one running target (a URL), it runs with no other
   * scenario at once, so that its change never lands in another scenario's lists or streams.
   */
  exclusive?: boolean;
  tags?: string[];
  checks: C;
}

/** A scenario that tests a server; the default export of a module under suites/<rev>/server/. */
export interface ServerScenario<C extends CheckDeclarations = CheckDeclarations> extends ScenarioMeta<C> {
  role: 'server';
  run(t: ServerScenarioContext<C>): Promise<void>;
}

/** A scenario that tests a client; the default export of a module under suites/<rev>/client/. */
export interface ClientScenario<C extends CheckDeclarations = CheckDeclarations> extends ScenarioMeta<C> {
  role: 'client';
  run(t: ClientScenarioContext<C>): Promise<void>;
}

/** Every kind of scenario. */
export type Scenario = ServerScenario | ClientScenario;

/** A scenario together with where it was found. */
export type LoadedScenario = Scenario & {
  /** Path under suites/ without extension, e.g. `2024-11-05/server/lifecycle/ping`. */
  id: string;
  since: Revision;
  generated: boolean;
};

/** Thrown by `t.skip` and `t.blocked`: ends a body and says what becomes of the checks it did not reach. */
export class ScenarioStop extends Error {
  override readonly name = 'ScenarioStop';
  constructor(
    readonly kind: 'skip' | 'blocked',
    reason: string,
  ) {
    super(reason);
  }
}
