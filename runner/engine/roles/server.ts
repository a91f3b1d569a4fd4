/**
 * The `server` role: the harness is the client of the server under test. Prepare starts an HTTP
 * server given as a command (once per run) and offers the target every runnable revision to learn
 * what it speaks; each scenario then gets fresh connections (a new process over stdio, a new HTTP
 * session) through its context.
 */
import { join } from 'node:path';
import type { RevisionRun, TargetInfo } from '../../../reports/types.js';
import { compareRevisions, describeRevision, namedRevisions, wireVersionOf, type Revision, type RevisionChoice } from '../../revisions.js';
import { TargetUsageError, UnreachableError } from '../../targets/errors.js';
import { launchServer, type LaunchedServer } from '../../targets/launched-server.js';
import { LEGACY_SSE_REVISION, requestHeaders, ServerTarget, type ServerTargetSpec } from '../../targets/server-target.js';
import { sniffLegacySse } from '../../transports/legacy-sse.js';
import { authorizeHarness, type Obtained } from '../../auth/authorize.js';
import { redirectIn, StreamableHttpChannel } from '../../transports/streamable-http.js';
import { StdioChannel } from '../../transports/stdio.js';
import type { TransportKind } from '../../transports/types.js';
import { LaunchError } from '../../util/process.js';
import { RunMemo } from '../../util/run-memo.js';
import { withoutCredentials, type Redactor } from '../../util/redact.js';
import { Transcript, TranscriptRelay } from '../../util/transcript.js';
import { settlesWithin } from '../../util/wait.js';
import { getValidator } from '../../validation/validator.js';
import { describeReply } from '../../wire/reply.js';
import { bootstrapOf, chooseRevisions, ProbeFailure, runnableRevisions, supportedRevisions, type ProbeResult } from '../bootstrap.js';
import { goodClient } from '../client-answers.js';
import { ServerConnection, type ClientSide } from '../connection.js';
import { mapPool } from '../pool.js';
import type { LoadedScenario, ScenarioContextBase, ServerPolicy, ServerScenarioContext, TargetProfile } from '../scenario.js';
import { Lease, SharedSessions } from '../shared-sessions.js';
import { SilenceBreaker } from '../silence.js';
import { probeTranscriptRef } from '../transcripts.js';
import { inapplicableTo, isAuthorizationScenario, type RoleDriver, type ScenarioAttempt, type TargetStop } from './driver.js';

export interface ServerDriverOptions {
  timeoutMs: number;
  jobs: number;
  /**
   * The user named the revision to run. Then a target that answers no bootstrap request with a
   * result is still tested (its scenarios show why); otherwise it is most likely not an MCP
   * endpoint at all, and the run ends with exit code 2 saying so.
   */
  forced?: boolean;
  /** The output folder, for the probe transcripts (see engine/transcripts.ts); none when undefined. */
  outDir?: string;
  /** The run's secrets, redacted from the probe transcripts. */
  redactor: Redactor;
  /** What the user allows the harness to do to the server. */
  policy: ServerPolicy;
  /** Every scenario gets sessions of its own, even those that declare they can share one (`--isolate`). */
  isolate?: boolean;
  /** The revisions the user named, if any (legacy SSE runs only 2024-11-05: another one is a usage error). */
  revisions?: readonly Revision[];
}

/** The first revision whose text has authorization. */
const FIRST_AUTHORIZATION: Revision = '2025-03-26';

export class ServerDriver implements RoleDriver {
  readonly role = 'server' as const;
  private launched: LaunchedServer | undefined;
  private target: ServerTarget | undefined;
  /** How a URL target's transport was chosen, when not by default (for the report and the console). */
  private transportReason: string | undefined;
  /** Why a legacy server's announced endpoint is not used (another origin), when that is so. */
  private unusableEndpoint: string | undefined;
  private probes: ProbeResult[] = [];
  /**
   * How the server refused every bootstrap request for want of authorization (HTTP 401), when it
   * did: then only the authorization scenarios can run (they are about that refusal), the others
   * are not run and say why.
   */
  private refusal: { status: number; challenge?: string } | undefined;
  /** `--authorize`: the token the harness obtained, or why it could not. */
  private obtained: Obtained | { problem: string } | undefined;
  /** Shared by every scenario of the run: once the target stops answering, the rest stop at once. */
  private readonly silence = new SilenceBreaker();
  /** Ready sessions that read-only scenarios share (none with `--isolate`). */
  private readonly shared: SharedSessions | undefined;
  /** What the authorization scenarios make once per run (t.auth.once). */
  private readonly memo = new RunMemo();

  constructor(
    private spec: ServerTargetSpec,
    private readonly options: ServerDriverOptions,
  ) {
    this.shared = options.isolate ? undefined : new SharedSessions(() => new TranscriptRelay(this.transport, options.redactor));
  }

  /** Over HTTP every scenario talks to the one server at the URL; over stdio each starts its own. */
  get sharedTarget(): boolean {
    return this.transport !== 'stdio';
  }

  /** The target's transport: what the spec says until prepare() has probed (a URL may turn out to be legacy SSE). */
  get transport(): TransportKind {
    return (this.target ?? new ServerTarget(this.spec, this.options.timeoutMs)).transport;
  }

  describeTarget(): TargetInfo {
    const spec = this.spec;
    const info: TargetInfo =
      spec.kind === 'command'
        ? { role: 'server', transport: this.transport, command: spec.command }
        : {
            role: 'server',
            transport: this.transport,
            ...(this.transportReason ? { transportReason: this.transportReason } : this.standalone ? { transportReason: 'an OAuth authorization server (authorization --url): plain HTTP, no MCP' } : {}),
            url: withoutCredentials(this.launched?.url ?? spec.url),
            ...(spec.launch ? { command: this.launched?.command ?? spec.launch.command } : {}),
          };
    // What the newest answering revision said about the server.
    const newest = [...this.probes].reverse().find((p) => p.negotiated !== undefined) ?? this.probes.at(-1);
    if (newest?.info) info.info = newest.info;
    if (newest) info.capabilities = newest.capabilities;
    return info;
  }

  /** `authorization --url`: the URL is an authorization server alone, with no MCP server to probe. */
  private get standalone(): boolean {
    return this.spec.kind === 'url' && this.spec.auth?.standalone === true;
  }

  async prepare(): Promise<void> {
    const spec = this.spec;
    if (this.standalone) {
      this.target = new ServerTarget(spec, this.options.timeoutMs);
      return;
    }
    if (spec.kind === 'url' && spec.launch) {
      // An HTTP server given as a command is started once, for the whole run.
      this.launched = await launchServer({ ...spec.launch, url: spec.url }, Math.max(30_000, this.options.timeoutMs * 3));
      this.target = new ServerTarget({ kind: 'url', url: this.launched.url, ...(spec.headers ? { headers: spec.headers } : {}), ...(spec.auth ? { auth: spec.auth } : {}) }, this.options.timeoutMs);
    } else {
      this.target = new ServerTarget(spec, this.options.timeoutMs);
    }
    if (spec.kind === 'url' && this.target.transport === 'legacy-sse') {
      this.transportReason = spec.transport === 'legacy-sse' ? 'named with --transport' : 'the URL path ends in /sse';
      this.checkLegacyRevision();
    }
    this.probes = await this.probeAll(this.target);
    this.refusal = await this.authorizationRefusal(this.target);
    if (this.refusal && spec.kind === 'url' && spec.auth?.authorize && spec.auth.token === undefined) await this.authorizeSelf(this.target, this.refusal);
    if (this.refusal) return;
    if (spec.kind === 'url' && spec.transport === undefined && this.target.transport === 'streamable-http') await this.backwardsCompatibility(this.target);
    if (!this.options.forced && this.unusableEndpoint === undefined && this.probes.length > 0 && this.probes.every((p) => !p.answered)) {
      throw new UnreachableError(await this.notMcp(this.target));
    }
  }

  chooseRevisions(specVersion: RevisionChoice): Revision[] {
    if (this.standalone) {
      // An authorization server speaks no MCP revision: auto grades it by the newest text, all by every text with authorization.
      const named = namedRevisions(specVersion);
      if (named) return [...named];
      const withAuthorization = runnableRevisions().filter((r) => compareRevisions(r, FIRST_AUTHORIZATION) >= 0);
      return specVersion === 'all' ? withAuthorization : [withAuthorization.filter((r) => r !== 'draft').at(-1)!];
    }
    // The legacy transport exists at one revision only: auto and all mean that one.
    if (this.transport === 'legacy-sse') return [LEGACY_SSE_REVISION];
    return chooseRevisions(specVersion, this.probes);
  }

  revisionRun(revision: Revision): RevisionRun {
    if (this.standalone) return { revision, supported: true, note: `an authorization server alone, graded by the text of ${revision}` };
    const unused = this.spec.kind === 'url' && this.spec.auth?.authorize && this.obtained === undefined ? '--authorize had nothing to do: the server served the harness without a token' : undefined;
    const authorized = this.obtained && 'token' in this.obtained ? `the harness authorized itself with ${this.obtained.issuer} (${this.obtained.how})` : unused;
    if (this.refusal) {
      const given = this.spec.kind === 'url' && this.spec.auth?.token !== undefined;
      const failed = this.obtained && 'problem' in this.obtained ? `; --authorize could not obtain a token: ${this.obtained.problem}` : '';
      const note = `the server refused every request with HTTP ${this.refusal.status}${given ? ' although the harness sent the --auth-token given' : ''}${failed}, before saying which revisions it supports: only the authorization scenarios ran, graded by the text of ${revision} (name another with --spec-version)`;
      return { revision, supported: false, note };
    }
    const probe = this.probes.find((p) => p.revision === revision);
    const supported = supportedRevisions(this.probes).includes(revision);
    const problem = probe?.problem ?? (!supported && probe ? `offered ${revision}, the target answered ${probe.negotiated ?? 'nothing'}` : undefined);
    const note = [authorized, problem].filter((n) => n !== undefined).join('; ') || undefined;
    return { revision, ...(probe?.negotiated ? { negotiated: probe.negotiated } : {}), supported, ...(note ? { note } : {}) };
  }

  inapplicable(scenario: LoadedScenario, revision: Revision): string | undefined {
    if (this.standalone) return scenario.id.split('/')[2] === 'authorization-server' ? undefined : 'not run: `authorization` tests the authorization server alone';
    if (this.refusal && !isAuthorizationScenario(scenario.id)) {
      const given = this.spec.kind === 'url' && this.spec.auth?.token !== undefined;
      return given
        ? `not run: the server refused the --auth-token given with HTTP ${this.refusal.status}; check the token (its audience must be this server, and it must not have expired)`
        : `not run: the server requires authorization (HTTP ${this.refusal.status}${this.refusal.challenge !== undefined ? `, ${this.refusal.challenge.split(/[\s,]/)[0]} challenge` : ''}) and the harness has no access token; pass one with --auth-token TOKEN`;
    }
    return inapplicableTo(scenario, this.transport, this.profile(revision).capabilities, 'the target');
  }

  attempt(scenario: LoadedScenario, revision: Revision, base: ScenarioContextBase, transcript: Transcript): ScenarioAttempt {
    const target = this.requireTarget();
    const connections: ServerConnection[] = [];
    const silence = this.silence.watch();
    const timeoutMs = this.options.timeoutMs;
    const connect = async (client: ClientSide = {}): Promise<ServerConnection> => {
      // A target that stopped answering is not even started again (a new process over stdio).
      silence.check();
      const channel = await target.open(transcript);
      const side = { ...client, onRequest: client.onRequest ?? goodClient(revision, client.capabilities) };
      const connection = new ServerConnection(channel, revision, getValidator(revision), timeoutMs, silence, side);
      connections.push(connection);
      return connection;
    };
    const bootstrap = bootstrapOf(revision);
    const getReady = async (connection: ServerConnection): Promise<ServerConnection> => {
      if (!bootstrap) throw new Error(`harness bug: ${revision} has no bootstrap yet, so it cannot be planned`);
      const reply = await bootstrap.ready(connection);
      if (reply.kind !== 'result') {
        // Judged and closed with the scenario's own connections, as a session of its own would be.
        if (!connections.includes(connection)) connections.push(connection);
        base.blocked(`${bootstrap.request} did not succeed (${JSON.stringify(describeReply(reply))})`);
      }
      return connection;
    };
    // A scenario that declares it can share gets, from its first plain ready(), a session other scenarios used.
    const shared = scenario.session === 'shared' ? this.shared : undefined;
    let lease: Lease | undefined;
    const credentials = this.spec.kind === 'url' ? this.spec.auth : undefined;
    const context: ServerScenarioContext = {
      ...base,
      target: this.profile(revision),
      policy: this.options.policy,
      auth: {
        tokens: {
          ...(credentials?.token !== undefined ? { valid: credentials.token } : {}),
          ...(credentials?.expiredToken !== undefined ? { expired: credentials.expiredToken } : {}),
          ...(credentials?.wrongAudienceToken !== undefined ? { wrongAudience: credentials.wrongAudienceToken } : {}),
          ...(credentials?.insufficientScopeToken !== undefined ? { insufficientScope: credentials.insufficientScopeToken } : {}),
        },
        ...(credentials?.client ? { client: credentials.client } : {}),
        ...(credentials?.issuer !== undefined ? { issuer: credentials.issuer } : this.obtained && 'issuer' in this.obtained ? { issuer: this.obtained.issuer } : {}),
        ...(this.refusal ? { refusal: this.refusal } : {}),
        transcript,
        redactor: this.options.redactor,
        ...(credentials?.browser ? { browser: credentials.browser } : {}),
        once: (key, make, close) => this.memo.once(key, make, close),
        ...(this.options.outDir !== undefined ? { outDir: this.options.outDir } : {}),
      },
      connect,
      async ready(client) {
        if (client === undefined && shared && !lease) {
          silence.check();
          lease = await shared.lease(revision, scenario.id, transcript, silence, async (relay) => {
            const channel = await target.open(relay);
            return getReady(new ServerConnection(channel, revision, getValidator(revision), timeoutMs, silence, { onRequest: goodClient(revision, undefined) }));
          });
          return lease.view;
        }
        return getReady(await connect(client));
      },
    };
    let exitedOnItsOwn: StdioChannel | undefined;
    return {
      run: () => (scenario.role === 'server' ? scenario.run(context) : Promise.reject(new Error(`harness bug: the server driver was given the ${scenario.role} scenario ${scenario.id}`))),
      sessions: () => [...connections.map((c) => c.rpc), ...(lease ? [lease.sessionRecord] : [])],
      close: async (clean) => {
        const all = lease ? [...connections, lease.connection] : connections;
        // Looked at before closing: closing ends every process, and one that ended by itself must be told apart.
        // A process whose stdout has just closed may not have been reaped yet: give it a moment to say it exited.
        const ending = all.filter((c) => c.rpc.closed && c.stdio && !c.stdio.inputClosed && !c.stdio.process.hasExited);
        await Promise.all(ending.map((c) => settlesWithin(c.stdio!.process.exited, EXIT_GRACE_MS)));
        exitedOnItsOwn = all.find((c) => c.stdio?.process.hasExited && !c.stdio.inputClosed)?.stdio;
        await lease?.release(clean);
        await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
      },
      targetStop: () => stopOf(exitedOnItsOwn),
      notice: () => silence.notice(),
    };
  }

  async dispose(): Promise<void> {
    await this.memo.close();
    await this.shared?.dispose();
    await this.launched?.stop();
  }

  /**
   * `--authorize`: obtains a token from the server's authorization server (recorded in the
   * authorization probe transcript), and on success starts over with it: the probes again, now
   * authorized. On failure the refusal stands and the reason is reported.
   */
  private async authorizeSelf(target: ServerTarget, refusal: { challenge?: string }): Promise<void> {
    if (target.spec.kind !== 'url') return;
    const transcript = new Transcript(target.transport, this.options.redactor);
    if (this.options.outDir) transcript.writeTo(join(this.options.outDir, probeTranscriptRef('authorization-self')));
    // Discovery follows the text of the revision named, else of the newest dated one.
    const revision = this.options.revisions?.[0] ?? runnableRevisions().filter((r) => r !== 'draft').at(-1)!;
    const client = target.spec.auth?.client;
    try {
      this.obtained = await authorizeHarness({
        mcpUrl: target.spec.url,
        revision,
        ...(refusal.challenge !== undefined ? { challenge: refusal.challenge } : {}),
        ...(client ? { client } : {}),
        ...(target.spec.auth?.browser ? { browser: target.spec.auth.browser } : {}),
        transcript,
        redactor: this.options.redactor,
        timeoutMs: this.options.timeoutMs,
      });
    } finally {
      await transcript.close();
    }
    if ('problem' in this.obtained) return;
    const spec = { ...target.spec, auth: { ...target.spec.auth, token: this.obtained.token } };
    if (this.spec.kind === 'url') this.spec = { ...this.spec, auth: { ...this.spec.auth, token: this.obtained.token } };
    this.target = new ServerTarget(spec, this.options.timeoutMs);
    this.probes = await this.probeAll(this.target);
    this.refusal = await this.authorizationRefusal(this.target);
  }

  /**
   * When every bootstrap request got HTTP 401 (over Streamable HTTP), the server wants authorization
   * the harness did not give, or gave and had refused: one more initialize, recorded in a probe
   * transcript of its own, says with which challenge. Undefined when anything was answered.
   */
  private async authorizationRefusal(target: ServerTarget): Promise<{ status: number; challenge?: string } | undefined> {
    if (target.transport !== 'streamable-http' || this.probes.length === 0) return undefined;
    if (!this.probes.every((p) => !p.answered && /^[\w/]+ failed: HTTP 401\b/.test(p.problem ?? ''))) return undefined;
    const transcript = new Transcript(target.transport, this.options.redactor);
    if (this.options.outDir) transcript.writeTo(join(this.options.outDir, probeTranscriptRef('authorization')));
    const channel = await target.open(transcript);
    try {
      if (!(channel instanceof StreamableHttpChannel)) return undefined;
      const revision = this.probes.find((p) => describeRevision(p.revision).stateful)?.revision ?? this.probes[0]!.revision;
      const body = JSON.stringify({ jsonrpc: '2.0', id: 'authorization-probe', method: 'initialize', params: { protocolVersion: wireVersionOf(revision), capabilities: {}, clientInfo: { name: 'mcp-conformance', version: '0' } } });
      const exchange = await channel.probe('POST', { body });
      if (exchange.status !== 401) return undefined;
      const challenge = exchange.headers['www-authenticate'];
      return { status: 401, ...(challenge !== undefined ? { challenge } : {}) };
    } finally {
      await channel.close().catch(() => undefined);
      await transcript.close();
    }
  }

  /**
   * The backwards-compatibility probe of 2025-03-26: when POST initialize failed with a 4xx status
   * at every revision, GET the URL; an SSE stream announcing an `endpoint` makes the target a
   * legacy HTTP+SSE server, and the run goes on over that transport (at 2024-11-05).
   */
  private async backwardsCompatibility(target: ServerTarget): Promise<void> {
    // The stateful probes were refused with 4xx, and the stateless one found no server of that era either.
    const stateful = this.probes.filter((p) => describeRevision(p.revision).stateful);
    const statuses = stateful.map((p) => /^initialize failed: HTTP (4\d\d)\b/.exec(p.problem ?? '')?.[1]);
    const modern = this.probes.some((p) => !describeRevision(p.revision).stateful && p.answered);
    if (stateful.length === 0 || statuses.some((s) => s === undefined) || modern || target.spec.kind !== 'url') return;
    const { url } = target.spec;
    const headers = requestHeaders(target.spec) ?? {};
    const transcript = new Transcript('legacy-sse', this.options.redactor);
    if (this.options.outDir) transcript.writeTo(join(this.options.outDir, probeTranscriptRef('legacy-sse')));
    const endpoint = await sniffLegacySse(url, headers, Math.min(this.options.timeoutMs, 5000), transcript);
    await transcript.close();
    if (endpoint === undefined) return;
    this.target = new ServerTarget(target.spec, this.options.timeoutMs, 'legacy-sse');
    this.transportReason = `backwards-compatibility probe: POST initialize answered HTTP ${[...new Set(statuses)].join('/')}, and GET opened an SSE stream announcing the endpoint ${endpoint}`;
    this.checkLegacyRevision();
    this.probes = await this.probeAll(this.target);
  }

  /** Legacy SSE runs 2024-11-05 only: a later revision named by the user cannot run over it. */
  private checkLegacyRevision(): void {
    const named = this.options.revisions?.find((r) => r !== LEGACY_SSE_REVISION);
    if (named === undefined) return;
    throw new TargetUsageError(
      `${withoutCredentials(this.target?.spec.kind === 'url' ? this.target.spec.url : '')} speaks the legacy HTTP+SSE transport (${this.transportReason}), which exists only at ${LEGACY_SSE_REVISION} (2025-03-26 replaced it with Streamable HTTP), so --spec-version ${named} cannot run over it; use --spec-version ${LEGACY_SSE_REVISION} or auto, or --transport streamable-http for the server's Streamable HTTP endpoint`,
    );
  }

  /** Why the target does not look like an MCP server: the evidence of every probe, in one line. */
  private async notMcp(target: ServerTarget): Promise<string> {
    const request = bootstrapOf(this.probes[0]!.revision)!.request;
    // The status and type say it; an HTML error page does not need quoting in a one-line verdict.
    const short = (problem: string): string => /^HTTP \d+(?: \([^)]*\))?/.exec(problem)?.[0] ?? problem.split('\n')[0]!.slice(0, 200);
    const answers = (era: (r: Revision) => boolean, prefix: RegExp): string =>
      [...new Set(this.probes.filter((p) => era(p.revision)).map((p) => short((p.problem ?? 'no result').replace(prefix, ''))))].join('; ');
    const stateful = answers((r) => describeRevision(r).stateful, /^initialize failed: /);
    const modern = answers((r) => !describeRevision(r).stateful, /^server\/discover failed: /);
    const answered = modern === '' ? stateful : `${stateful} at every revision, and server/discover with ${modern}`;
    const hint = ' (force a revision with --spec-version to test it anyway)';
    if (target.spec.kind === 'command') {
      return modern === ''
        ? `the target answered ${request} with no result at any revision (${answered}); is it an MCP server?${hint}`
        : `the target answered ${request} with no result at any revision (${stateful}), nor server/discover (${modern}); is it an MCP server?${hint}`;
    }
    const { url } = target.spec;
    const headers = requestHeaders(target.spec) ?? {};
    const redirect = this.probes.map((p) => redirectIn(p.problem ?? '')).find((r) => r !== undefined);
    if (redirect) {
      return `POST ${withoutCredentials(url)} answered ${request} with a redirect (HTTP ${redirect.status} to ${redirect.location}); mcp-conformance never follows redirects, so that nothing it sends (headers such as Authorization included) goes anywhere but the URL you gave: serve the MCP endpoint at that URL, or, if ${redirect.location} is the endpoint, test that URL`;
    }
    // Only when the user chose Streamable HTTP: otherwise the backwards-compatibility probe has looked already.
    const endpoint = target.spec.transport === 'streamable-http' ? await sniffLegacySse(url, headers, Math.min(this.options.timeoutMs, 3000), new Transcript('legacy-sse')) : undefined;
    if (endpoint !== undefined) {
      return `${withoutCredentials(url)} speaks the legacy HTTP+SSE transport of 2024-11-05 (GET opened an SSE stream announcing the endpoint ${endpoint}), not the Streamable HTTP that --transport names; leave --transport out, or use --transport sse`;
    }
    if (target.transport === 'legacy-sse') {
      return `${withoutCredentials(url)} (legacy HTTP+SSE, ${this.transportReason}) answered ${request} with ${answered}; is this the SSE endpoint?${hint}`;
    }
    return `POST ${withoutCredentials(url)} answered ${request} with ${answered}${modern === '' ? ' at every revision' : ''}; is this the MCP endpoint?${hint}`;
  }

  private requireTarget(): ServerTarget {
    if (!this.target) throw new Error('harness bug: the server driver was used before prepare()');
    return this.target;
  }

  private profile(revision: Revision): TargetProfile {
    const probe = this.probes.find((p) => p.revision === revision);
    return {
      supported: supportedRevisions(this.probes),
      ...(probe?.negotiated ? { negotiated: probe.negotiated } : {}),
      capabilities: probe?.capabilities ?? {},
      ...(probe?.info ? { info: probe.info } : {}),
    };
  }

  /**
   * Offers the target the runnable revisions (see statefulToProbe), failing fast when it cannot be reached:
   * the newest stateful revision first (every server of that era answers initialize), then the rest. The
   * stateless revisions that share a wire version share one server/discover probe; a target that
   * does not answer it is of the earlier era, not unreachable (legacy servers may ignore requests
   * that come before initialize), unless it answers nothing at all.
   */
  private async probeAll(target: ServerTarget): Promise<ProbeResult[]> {
    const order = target.transport === 'legacy-sse' ? [LEGACY_SSE_REVISION] : runnableRevisions().sort((a, b) => compareRevisions(b, a));
    const stateful = order.filter((r) => describeRevision(r).stateful);
    const byWire = new Map<string, Revision[]>();
    for (const r of order.filter((r) => !describeRevision(r).stateful).reverse()) byWire.set(wireVersionOf(r), [...(byWire.get(wireVersionOf(r)) ?? []), r]);
    const modern = [...byWire.values()];
    // The stateless era's probe: silence means a server of the earlier era, which may ignore what comes before initialize.
    const probeModern = async (revisions: Revision[]): Promise<ProbeResult[]> => {
      const result = await this.probe(target, revisions[0]!, { silentIsAnswer: true });
      return revisions.map((revision) => ({ ...result, revision }));
    };
    const [first, ...rest] = stateful;
    let head: ProbeResult[] = [];
    if (first !== undefined) {
      try {
        head = [await this.probe(target, first)];
      } catch (err) {
        // A server of the stateless era only may ignore initialize: it is reachable when it answers server/discover.
        if (!(err instanceof SilentProbe) || modern.length === 0) throw err instanceof SilentProbe ? err.unreachable : err;
        const answers = (await mapPool(modern, this.options.jobs, probeModern)).flat();
        if (!answers.some((p) => p.answered)) throw err.unreachable;
        const silent = stateful.map((revision) => ({ revision, answered: false, capabilities: {}, problem: `no answer to initialize (${err.unreachable.message})` }));
        return [...silent, ...answers].sort((a, b) => compareRevisions(a.revision, b.revision));
      }
    }
    const stateful1 = async (r: Revision): Promise<ProbeResult[]> => {
      try {
        return [await this.probe(target, r)];
      } catch (err) {
        throw err instanceof SilentProbe ? err.unreachable : err;
      }
    };
    const tasks: (() => Promise<ProbeResult[]>)[] = [...this.statefulToProbe(rest, head[0]).map((r) => () => stateful1(r)), ...modern.map((m) => () => probeModern(m))];
    const tail = (await mapPool(tasks, this.options.jobs, (task) => task())).flat();
    return [...head, ...tail].sort((a, b) => compareRevisions(a.revision, b.revision));
  }

  /**
   * The older stateful revisions to offer after the newest one. With `auto` or `all` every one (the
   * choice depends on them). With revisions named, only those, and the one the target answered the
   * newest with when it is another (its latest, which the version checks compare against): each probe
   * is a session of its own, a process over stdio, and the others would only be listed as supported.
   */
  private statefulToProbe(older: readonly Revision[], newest: ProbeResult | undefined): Revision[] {
    const named = this.options.revisions;
    if (named === undefined) return [...older];
    return older.filter((r) => named.includes(r) || wireVersionOf(r) === newest?.negotiated);
  }

  /**
   * Offers one revision on a fresh connection. A target that does not answer at all throws: an
   * UnreachableError, or for the newest stateful revision a SilentProbe (the caller may still find
   * it answering server/discover); with `silentIsAnswer`, its silence is the result instead.
   */
  private async probe(target: ServerTarget, revision: Revision, { silentIsAnswer = false } = {}): Promise<ProbeResult> {
    const transcript = new Transcript(target.transport, this.options.redactor);
    if (this.options.outDir) transcript.writeTo(join(this.options.outDir, probeTranscriptRef(revision)));
    const bootstrap = bootstrapOf(revision)!;
    let connection: ServerConnection | undefined;
    try {
      const channel = await target.open(transcript).catch((err: unknown) => {
        throw err instanceof LaunchError ? new UnreachableError(`cannot launch the target: ${err.message}`) : err;
      });
      connection = new ServerConnection(channel, revision, getValidator(revision), this.options.timeoutMs);
      return await bootstrap.probe(connection);
    } catch (err) {
      if (!(err instanceof ProbeFailure) || !connection) throw err;
      // A legacy server whose endpoint the harness will not use (another origin) is an MCP server
      // all the same: the run goes on, its scenarios blocked, and the transport's own checks say why.
      const unusable = connection.legacySse?.stream;
      if (unusable?.endpoint && unusable.problem) {
        this.unusableEndpoint = unusable.problem;
        return { revision, answered: false, capabilities: {}, problem: `initialize not sent: ${unusable.problem}` };
      }
      const why = unreachable(err, bootstrap.request, connection);
      if (silentIsAnswer) return { revision, answered: false, capabilities: {}, problem: why.message };
      throw describeRevision(revision).stateful ? new SilentProbe(why) : why;
    } finally {
      await connection?.close().catch(() => undefined);
      await transcript.close();
    }
  }
}

/** The target did not answer the bootstrap request of a stateful revision (`unreachable` says how). */
class SilentProbe extends Error {
  constructor(readonly unreachable: UnreachableError) {
    super(unreachable.message);
  }
}

/** How long a stdio target whose output has ended gets to be seen exiting before its scenario closes it. */
const EXIT_GRACE_MS = 1000;

/** Lines of a target's stderr kept in the report when it exits on its own. */
const STOP_STDERR_LINES = 20;

/** How a stdio target that exited on its own ended, with its stderr read to the end (or for two seconds at most). */
async function stopOf(channel: StdioChannel | undefined): Promise<TargetStop | undefined> {
  if (!channel) return undefined;
  const { code, signal } = await channel.process.exited;
  // The exit can be reported before the last stderr bytes are read from the pipe; they are the ones that say why.
  const stderr = channel.process.child.stderr;
  if (!stderr.closed) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      stderr.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  const text = channel.stderr;
  return { exit: signal ? `signal ${signal}` : `code ${code}`, stderr: text === '' ? [] : text.split('\n').slice(-STOP_STDERR_LINES) };
}

function unreachable(failure: ProbeFailure, request: string, connection: ServerConnection): UnreachableError {
  const reply = failure.reply;
  switch (reply.kind) {
    case 'timeout':
      return new UnreachableError(`the target did not answer ${request} within ${reply.afterMs} ms${stdoutHint(connection)}${stderrHint(connection)}`);
    case 'closed':
      return new UnreachableError(`${reply.reason} before answering ${request}${stdoutHint(connection)}${stderrHint(connection)}`);
    case 'transport-error':
      return new UnreachableError(`cannot reach the target: ${reply.message}`);
  }
}

/** What a target wrote on stdout that was not JSON-RPC: often the reason it is no MCP server at all. */
function stdoutHint(connection: ServerConnection): string {
  const noise = connection.noise();
  if (noise.length === 0) return '';
  const first = noise[0]!.raw.trim().slice(0, 120);
  return `; instead it wrote ${noise.length === 1 ? 'a line' : `${noise.length} lines`} on stdout that ${noise.length === 1 ? 'is' : 'are'} not JSON-RPC, first: ${JSON.stringify(first)}`;
}

function stderrHint(connection: ServerConnection): string {
  const channel = connection.channel;
  const stderr = channel instanceof StdioChannel ? channel.stderr.trim() : '';
  return stderr ? `; its stderr ends with:\n${stderr.split('\n').slice(-10).join('\n')}` : '';
}
