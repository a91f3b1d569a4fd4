/**
 * The `client` role: the harness plays the server for a client under test. Every launch hosts a
 * fresh server (a Streamable HTTP or legacy HTTP+SSE endpoint on 127.0.0.1, or the client's own
 * stdio) and starts the client against it, telling it what to do through its environment
 * (targets/client-target.ts).
 * Prepare launches it once per revision to learn what it speaks: the harness answers initialize with
 * that revision, and a client that goes on to send notifications/initialized supports it. At the
 * stateless revisions (2026-07-28, draft: one launch for both, they are spelled alike on the wire)
 * there is no handshake: a client launched with that version supports it when it sends a request
 * whose `_meta` names it.
 */
import { join } from 'node:path';
import type { RevisionRun, TargetInfo } from '../../../reports/types.js';
import { compareRevisions, describeRevision, namedRevisions, REVISIONS, wireVersionOf, type Revision, type RevisionChoice } from '../../revisions.js';
import { TargetUsageError, UnreachableError } from '../../targets/errors.js';
import { clientEnvironment, launchClient, SERVER_PLACEHOLDER, type ClientProcess, type ClientTargetSpec } from '../../targets/client-target.js';
import type { HostedEndpoint } from '../../targets/hosted-endpoint.js';
import { HostedHttpEndpoint } from '../../targets/hosted-http.js';
import { HostedLegacySseEndpoint } from '../../targets/hosted-legacy-sse.js';
import { AUTH_TAG, ProtectedHttpEndpoint } from '../../targets/hosted-protected.js';
import { ShimEndpoint, type ShimRecord } from '../../targets/shim-endpoint.js';
import { LEGACY_SSE_REVISION } from '../../transports/choose.js';
import { StdioChannel } from '../../transports/stdio.js';
import type { Channel } from '../../transports/types.js';
import { isJsonObject, type JsonObject } from '../../util/json.js';
import { LaunchError } from '../../util/process.js';
import { settlesWithin } from '../../util/wait.js';
import type { Redactor } from '../../util/redact.js';
import { Transcript } from '../../util/transcript.js';
import { getValidator } from '../../validation/validator.js';
import { dualEraValidator } from '../dual-era.js';
import { RpcSession, type PeerRequestHandler, type Received } from '../../wire/session.js';
import { requestMetaOf } from '../../wire/request-meta.js';
import { supportedRevisions, type ProbeResult } from '../bootstrap.js';
import { mapPool } from '../pool.js';
import type { ClientEnd, ClientLaunch, ClientProfile, ClientRun, ClientScenarioContext, LoadedScenario, ScenarioContextBase } from '../scenario.js';
import { goodServer, type HostedState } from '../server-answers.js';
import { probeTranscriptRef } from '../transcripts.js';
import { inapplicableTo, type RoleDriver, type ScenarioAttempt } from './driver.js';

export interface ClientDriverOptions {
  timeoutMs: number;
  jobs: number;
  /** The output folder, for the probe transcripts; none when undefined. */
  outDir?: string;
  redactor: Redactor;
  /** The revisions the user named: only those are probed (the others would not run). */
  revisions?: readonly Revision[];
}

/** The first revision of each transport a client can be tested over. */
const TRANSPORT_SINCE: Record<ClientTargetSpec['transport'], Revision> = { 'streamable-http': '2025-03-26', 'legacy-sse': LEGACY_SSE_REVISION, stdio: '2024-11-05' };

/** The last revision of a transport, when 2025-03-26 replaced it (the legacy HTTP+SSE transport). */
const TRANSPORT_UNTIL: Partial<Record<ClientTargetSpec['transport'], Revision>> = { 'legacy-sse': LEGACY_SSE_REVISION };

/** A launch ends after this many request timeouts even when the client keeps sending (the scenario limit is six). */
const ACTIVE_LIMIT = 4;

/** How long a stand-in server ({server}) gets, once its client exited, to report how it was ended. */
const SHIM_GRACE_MS = 2000;

/** One launch of the client: its process, the server the harness plays, and how to end both. */
class Launch implements ClientRun {
  readonly session: RpcSession;
  private process: ClientProcess | undefined;
  private lastActivity = Date.now();
  private end: ClientEnd | undefined;
  private stopping = false;
  private readonly state: HostedState = {};

  constructor(
    readonly channel: Channel,
    readonly endpoint: HostedEndpoint | undefined,
    revision: Revision,
    options: ClientLaunch,
    private readonly timeoutMs: number,
    readonly shim: ShimRecord | undefined = undefined,
  ) {
    let handler: PeerRequestHandler = async () => ({ error: { code: -32603, message: 'not ready' } });
    // A server of the earlier era played for a client launched at a stateless revision: the client's frames of each era are judged by that era's schema.
    const legacy = options.server?.legacy;
    const validator = legacy === undefined ? getValidator(revision) : dualEraValidator(getValidator(revision), getValidator(legacy));
    this.session = new RpcSession(channel, { validator, requestTimeoutMs: timeoutMs, onPeerRequest: (request) => handler(request) });
    handler = goodServer(revision, options.server ?? {}, this.session, (ms) => endpoint instanceof HostedHttpEndpoint && endpoint.dropStream(ms), this.state);
    channel.onFrame(() => (this.lastActivity = Date.now()));
  }

  attach(process: ClientProcess): void {
    this.process = process;
  }

  /** Starts the client; when it cannot start, the server side is closed again. */
  async start(launch: () => Promise<ClientProcess>): Promise<void> {
    try {
      this.attach(await launch());
    } catch (err) {
      await this.channel.close();
      throw err;
    }
  }

  /** Resolves when the client's process has exited. */
  get exited(): Promise<unknown> {
    return this.process!.process.exited;
  }

  get hasExited(): boolean {
    return this.process?.process.hasExited ?? false;
  }

  get http(): ClientRun['http'] {
    const e = this.endpoint;
    return e ? { requests: e.requests, streams: e instanceof HostedHttpEndpoint ? e.streams : [], sessionIds: e.sessionIds, url: e.url } : undefined;
  }

  initializeAnsweredAfter(): number | undefined {
    return this.state.initializeAnsweredAfter;
  }

  messages(): readonly Received[] {
    // Lines that are no JSON-RPC at all are judged by the automatic checks, not counted as messages.
    return this.session.received.filter((r) => r.classified !== undefined);
  }

  waitFor(test: (r: Received) => boolean, timeoutMs = this.timeoutMs): Promise<Received | undefined> {
    return this.session.waitFor(test, timeoutMs);
  }

  request(method: string, params?: JsonObject) {
    return this.session.request(method, params);
  }

  async notify(method: string, params?: JsonObject): Promise<void> {
    await this.session.notify(method, params);
  }

  async finished(): Promise<ClientEnd> {
    if (this.end) return this.end;
    const proc = this.process!.process;
    let timer: NodeJS.Timeout | undefined;
    let capTimer: NodeJS.Timeout | undefined;
    const quiet = new Promise<string>((resolve) => {
      const check = (): void => {
        const idle = Date.now() - Math.max(this.lastActivity, this.endpoint?.lastActivity ?? 0);
        if (idle >= this.timeoutMs) resolve(`the client sent nothing for ${this.timeoutMs} ms and did not exit`);
        else timer = setTimeout(check, this.timeoutMs - idle + 10);
      };
      timer = setTimeout(check, this.timeoutMs);
    });
    // A client that never stops talking is ended too, well before the scenario's own limit.
    const cap = this.timeoutMs * ACTIVE_LIMIT;
    const busy = new Promise<string>((resolve) => (capTimer = setTimeout(() => resolve(`the client was still sending after ${cap} ms and did not exit`), cap)));
    const outcome = await Promise.race([proc.exited.then(() => undefined), quiet, busy]);
    clearTimeout(timer);
    clearTimeout(capTimer);
    // A server the client spawned may still be telling the harness how it was ended.
    if (outcome === undefined && this.shim?.connected) await settlesWithin(new Promise<void>((resolve) => this.channel.onClose(() => resolve())), SHIM_GRACE_MS);
    if (outcome !== undefined) await this.stop();
    const { code, signal } = await proc.exited;
    this.end = { exitedByItself: outcome === undefined, code, signal, ...(outcome ? { endedBecause: outcome } : {}), stderr: this.stderr() };
    return this.end;
  }

  /** Ends the client's process group (stdin closed, SIGTERM, SIGKILL) and the server side; never rejects. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.process?.process.stop(1000).catch(() => undefined);
    await this.channel.close().catch(() => undefined);
  }

  stderr(): string[] {
    if (this.channel instanceof StdioChannel) return this.channel.stderr.split('\n').filter(Boolean).slice(-20);
    return this.process?.stderr ?? [];
  }
}

export class ClientDriver implements RoleDriver {
  readonly role = 'client' as const;
  /** Each scenario launches the client afresh. */
  readonly sharedTarget = false;
  private probes: (ProbeResult & { offered?: string })[] = [];

  constructor(
    private readonly spec: ClientTargetSpec,
    private readonly options: ClientDriverOptions,
  ) {}

  get transport(): ClientTargetSpec['transport'] {
    return this.spec.transport;
  }

  describeTarget(): TargetInfo {
    const newest = [...this.probes].reverse().find((p) => p.info) ?? this.probes.at(-1);
    return {
      role: 'client',
      transport: this.transport,
      command: this.spec.command,
      ...(newest?.info ? { info: newest.info } : {}),
      ...(newest ? { capabilities: newest.capabilities } : {}),
    };
  }

  /** The revisions the transport exists at: the client role runs those (the harness plays both eras' servers itself). */
  private revisionsOfTransport(): Revision[] {
    const until = TRANSPORT_UNTIL[this.transport];
    return REVISIONS.filter((r) => compareRevisions(r, TRANSPORT_SINCE[this.transport]) >= 0 && (until === undefined || compareRevisions(r, until) <= 0));
  }

  async prepare(): Promise<void> {
    const named = this.options.revisions?.find((r) => !this.revisionsOfTransport().includes(r));
    if (named) {
      throw new TargetUsageError(
        named === '2024-11-05' && this.transport === 'streamable-http'
          ? 'Streamable HTTP exists from 2025-03-26 on: at 2024-11-05 test the client over --transport sse (the legacy HTTP+SSE transport) or --transport stdio'
          : `--spec-version ${named} cannot run for a client over ${this.transport === 'legacy-sse' ? 'the legacy HTTP+SSE transport (--transport sse)' : this.transport} (the client role runs ${this.revisionsOfTransport().join(', ')})`,
      );
    }
    const revisions = this.options.revisions ? [...this.options.revisions].sort((a, b) => compareRevisions(b, a)) : this.revisionsOfTransport().sort((a, b) => compareRevisions(b, a));
    // One launch per wire version: draft is spelled 2026-07-28 on the wire, so the dated revision's launch tells for both.
    const launches = new Map<string, Revision>();
    for (const r of revisions) if (!launches.has(wireVersionOf(r)) || launches.get(wireVersionOf(r)) === 'draft') launches.set(wireVersionOf(r), r);
    // The first launch must reach the client: the newest stateful revision where there is one, since a
    // client of the handshake era alone may refuse a version it does not know without sending anything.
    const [first, ...rest] = [...launches.values()].sort((a, b) => Number(!describeRevision(a).stateful) - Number(!describeRevision(b).stateful));
    if (first === undefined) return;
    const head = await this.probe(first);
    if (!head.answered) throw new UnreachableError(head.problem ?? 'the client never sent initialize');
    const found = [head, ...(await mapPool(rest, this.options.jobs, (r) => this.probe(r)))];
    this.probes = revisions
      .map((revision) => {
        const probe = found.find((p) => wireVersionOf(p.revision) === wireVersionOf(revision))!;
        return { ...probe, revision };
      })
      .sort((a, b) => compareRevisions(a.revision, b.revision));
  }

  /** `auto`: the newest dated revision the client supports (draft only when named, or with `all`). */
  chooseRevisions(specVersion: RevisionChoice): Revision[] {
    const named = namedRevisions(specVersion);
    if (named) return [...named];
    const supported = supportedRevisions(this.probes);
    const newestDated = (list: Revision[]): Revision | undefined => list.filter((r) => r !== 'draft').at(-1) ?? list.at(-1);
    if (supported.length === 0) return [newestDated(this.revisionsOfTransport())!];
    return specVersion === 'all' ? supported : [newestDated(supported)!];
  }

  revisionRun(revision: Revision): RevisionRun {
    const probe = this.probes.find((p) => p.revision === revision);
    const supported = supportedRevisions(this.probes).includes(revision);
    const note = probe?.problem ?? (probe && !describeRevision(revision).stateful ? this.modernNote(probe, supported) : this.handshakeNote(probe, revision, supported));
    return { revision, ...(supported ? { negotiated: wireVersionOf(revision) } : {}), supported, ...(note ? { note } : {}) };
  }

  /** What the report says of a stateful revision's probe: a counter-offer, or a handshake the client did not complete. */
  private handshakeNote(probe: (ProbeResult & { offered?: string }) | undefined, revision: Revision, supported: boolean): string | undefined {
    const offered = probe?.offered !== undefined && probe.offered !== revision ? `the client offered ${probe.offered}; the harness answered initialize with ${revision}` : undefined;
    return probe && !supported ? `${offered ?? `the harness answered initialize with ${revision}`}, and the client did not go on with it` : offered;
  }

  /** What the report says of a stateless revision's probe the client did not pass. */
  private modernNote(probe: ProbeResult & { offered?: string }, supported: boolean): string | undefined {
    if (supported) return undefined;
    const wire = wireVersionOf(probe.revision);
    const sent = probe.offered === undefined ? 'it sent no request naming a protocol version in _meta' : `it spoke ${probe.offered} instead`;
    return `launched with MCP_CONFORMANCE_PROTOCOL_VERSION=${wire}, the client never named ${wire} in a request's _meta: ${sent}`;
  }

  inapplicable(scenario: LoadedScenario, revision: Revision): string | undefined {
    if (scenario.tags?.includes(AUTH_TAG) && this.spec.auth !== true) return 'an authorization scenario: it runs with client --auth';
    if (scenario.tags?.includes(AUTH_TAG) && this.transport !== 'streamable-http') return 'authorization applies to Streamable HTTP only';
    return inapplicableTo(scenario, this.transport, this.profile(revision).capabilities, 'the client');
  }

  attempt(scenario: LoadedScenario, revision: Revision, base: ScenarioContextBase, transcript: Transcript): ScenarioAttempt {
    const launches: Launch[] = [];
    const context: ClientScenarioContext = {
      ...base,
      target: this.profile(revision),
      launch: async (options = {}) => {
        const launched = await this.launch(revision, options, transcript);
        if ('error' in launched) base.blocked(launched.error);
        launches.push(launched);
        return launched;
      },
    };
    return {
      run: () => (scenario.role === 'client' ? scenario.run(context) : Promise.reject(new Error(`harness bug: the client driver was given the ${scenario.role} scenario ${scenario.id}`))),
      sessions: () => launches.map((l) => l.session),
      close: async () => {
        await Promise.all(launches.map((l) => l.stop()));
      },
      // A client ending is the normal end of its launch, never news for the report.
      targetStop: async () => undefined,
    };
  }

  async dispose(): Promise<void> {
    // Every launch is ended by its scenario or probe.
  }

  /** Hosts the server side and starts the client against it; `{ error }` when the client cannot be started. */
  private async launch(revision: Revision, options: ClientLaunch, transcript: Transcript): Promise<Launch | { error: string }> {
    const behaviour = options.behaviour ?? 'initialize';
    const env = clientEnvironment(behaviour, options.offer ?? revision, options.context);
    transcript.note(`client behaviour ${behaviour} (MCP_CONFORMANCE_SCENARIO) at ${revision}`);
    try {
      if (this.spec.transport !== 'stdio') {
        // A server of the earlier era played at a stateless revision (a client of both eras falling back) has its sessions.
        const stateless = !describeRevision(revision).stateful && options.server?.legacy === undefined;
        // An authorization scenario (`client --auth`) puts the endpoint behind OAuth (targets/hosted-protected.ts).
        const auth = options.auth;
        const endpoint =
          this.spec.transport === 'legacy-sse'
            ? new HostedLegacySseEndpoint({ transcript, ...options.legacy })
            : auth !== undefined
              ? new ProtectedHttpEndpoint({ transcript, ...options.http, stateless }, auth, this.options.redactor)
              : new HostedHttpEndpoint({ transcript, ...options.http, stateless });
        await endpoint.start();
        const launch = new Launch(endpoint, endpoint, revision, options, this.options.timeoutMs);
        await launch.start(() => launchClient(this.spec, { url: endpoint.url }, env, transcript));
        return launch;
      }
      if (this.spec.command.includes(SERVER_PLACEHOLDER)) {
        // The client spawns its server: the stand-in connects back here, over the client's own stdio transport.
        const shim = new ShimEndpoint(transcript);
        await shim.start();
        const launch = new Launch(shim, undefined, revision, options, this.options.timeoutMs, shim.record);
        await launch.start(() => launchClient(this.spec, { server: shim.serverCommand }, env, transcript));
        // The client may spawn its server more than once: the conversation lasts until the client exits.
        void launch.exited.then(() => shim.clientExited());
        return launch;
      }
      const process = await launchClient(this.spec, {}, env, transcript);
      const launch = new Launch(new StdioChannel(process.process, transcript), undefined, revision, options, this.options.timeoutMs);
      launch.attach(process);
      return launch;
    } catch (err) {
      if (err instanceof LaunchError) return { error: `cannot launch the client: ${err.message}` };
      throw err;
    }
  }

  /** Launches the client at one revision and watches its handshake: what it offered, declared, and whether it went on. */
  private async probe(revision: Revision): Promise<ProbeResult & { offered?: string }> {
    const transcript = new Transcript(this.transport, this.options.redactor);
    if (this.options.outDir) transcript.writeTo(join(this.options.outDir, probeTranscriptRef(revision)));
    const launched = await this.launch(revision, {}, transcript);
    if ('error' in launched) {
      await transcript.close();
      throw new UnreachableError(launched.error);
    }
    if (!describeRevision(revision).stateful) return this.probeModern(revision, launched, transcript);
    try {
      const isMethod = (method: string) => (r: Received) => (r.classified?.kind === 'request' || r.classified?.kind === 'notification') && r.classified.message.method === method;
      const exited = launched.exited.then(() => undefined);
      const init = await Promise.race([launched.waitFor(isMethod('initialize')), exited]);
      if (!init || init.classified?.kind !== 'request') return { revision, answered: false, capabilities: {}, problem: await this.noInitialize(launched) };
      const params = isJsonObject(init.classified.message.params) ? init.classified.message.params : {};
      const initialized = await Promise.race([launched.waitFor(isMethod('notifications/initialized')), exited.then(() => undefined)]);
      return {
        revision,
        answered: true,
        ...(typeof params.protocolVersion === 'string' ? { offered: params.protocolVersion } : {}),
        ...(initialized ? { negotiated: revision } : {}),
        capabilities: isJsonObject(params.capabilities) ? params.capabilities : {},
        ...(isJsonObject(params.clientInfo) ? { info: params.clientInfo } : {}),
      };
    } finally {
      await launched.stop();
      await transcript.close();
    }
  }

  /**
   * A stateless revision: the client supports it when one of its requests names the wire version in
   * `_meta` (its capabilities and identity are read there); an initialize, or requests without that
   * version, show it does not.
   */
  private async probeModern(revision: Revision, launched: Launch, transcript: Transcript): Promise<ProbeResult & { offered?: string }> {
    const wire = wireVersionOf(revision);
    try {
      const request = (r: Received) => (r.classified?.kind === 'request' ? r.classified.message : undefined);
      const exited = launched.exited.then(() => undefined);
      const telling = await Promise.race([launched.waitFor((r) => request(r)?.method === 'initialize' || requestMetaOf(request(r)?.params).protocolVersion === wire), exited]);
      const first = launched.messages().map(request).find((m) => m !== undefined);
      if (!first) return { revision, answered: false, capabilities: {}, problem: await this.noInitialize(launched, 'any request') };
      const message = (telling && request(telling)) ?? first;
      const meta = requestMetaOf(message.params);
      const params = isJsonObject(message.params) ? message.params : {};
      const offered = message.method === 'initialize' ? (typeof params.protocolVersion === 'string' ? `initialize (protocolVersion ${params.protocolVersion})` : 'initialize') : meta.protocolVersion;
      return {
        revision,
        answered: true,
        ...(offered !== undefined ? { offered } : {}),
        ...(meta.protocolVersion === wire ? { negotiated: wire } : {}),
        capabilities: meta.clientCapabilities ?? {},
        ...(meta.clientInfo ? { info: meta.clientInfo } : {}),
      };
    } finally {
      await launched.stop();
      await transcript.close();
    }
  }

  /** Why a launch brought no initialize: the client exited, or said nothing in time. */
  private async noInitialize(launched: Launch, what = 'initialize'): Promise<string> {
    const exited = launched.hasExited;
    const end = exited ? await launched.finished() : undefined;
    if (!exited) await launched.stop();
    const lines = end?.stderr ?? launched.stderr();
    const stderr = lines.length ? `; its stderr ends with:\n${lines.slice(-10).join('\n')}` : '';
    const where = this.transport === 'stdio' ? ' on its stdout' : ` to ${launched.http?.url}`;
    if (end) return `the client exited (${end.signal ? `signal ${end.signal}` : `code ${end.code}`}) without sending ${what}${where}${stderr}`;
    return `the client sent ${what === 'initialize' ? 'no initialize' : 'no request'}${where} within ${this.options.timeoutMs} ms${stderr}`;
  }

  private profile(revision: Revision): ClientProfile {
    const probe = this.probes.find((p) => p.revision === revision);
    return {
      supported: supportedRevisions(this.probes),
      ...(probe?.offered ? { offered: probe.offered } : {}),
      capabilities: probe?.capabilities ?? {},
      ...(probe?.info ? { info: probe.info } : {}),
    };
  }
}
