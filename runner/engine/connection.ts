import { describeRevision, isRevision, wireVersionOf, type Revision } from '../revisions.js';
import { LegacySseChannel, type LegacyProbeOptions, type LegacyStream } from '../transports/legacy-sse.js';
import { StdioChannel } from '../transports/stdio.js';
import { StreamableHttpChannel, type HttpExchange, type HttpProbeOptions } from '../transports/streamable-http.js';
import type { Channel } from '../transports/types.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import { settlesWithin } from '../util/wait.js';
import { TOOL_VERSION } from '../version.js';
import type { RequestId } from '../wire/jsonrpc.js';
import { withRequestMeta } from '../wire/request-meta.js';
import { RpcSession, type PeerRequestHandler, type Received, type Reply, type RequestOptions } from '../wire/session.js';
import type { RevisionValidator } from '../validation/types.js';
import type * as Schema from '../../schemas/2025-11-25/types.js';
import { ScenarioStop } from './scenario.js';
import type { SilenceWatch } from './silence.js';

/** How the harness introduces itself to servers under test. */
const HARNESS_INFO = { name: 'mcp-conformance', version: TOOL_VERSION } satisfies Schema.Implementation;

export interface InitializeOptions {
  /** Version to request; defaults to the connection's revision. */
  protocolVersion?: string;
  capabilities?: Schema.ClientCapabilities;
  /** Send notifications/initialized after a successful result (default true). */
  initialized?: boolean;
}

/** How a scenario sends a request. */
export interface ConnectionRequestOptions extends RequestOptions {
  /**
   * At the stateless revisions every request gets the per-request `_meta` fields (protocol version,
   * the capabilities the harness declares, its clientInfo) unless this is false; a probe about
   * those fields sends its own.
   */
  meta?: boolean;
}

/** The client the harness plays on a connection: what it declares, and how it answers the server's requests. */
export interface ClientSide {
  /** Declared in initialize (unless the call names its own); {} when absent. */
  capabilities?: Schema.ClientCapabilities;
  /** Answers requests the server sends (sampling, elicitation, roots, ping); by default ping only. */
  onRequest?: PeerRequestHandler;
}

/** The Streamable HTTP side of a connection, for scenarios about the transport itself. */
export interface HttpAccess {
  readonly url: string;
  /** Every HTTP exchange of the connection so far, in order. */
  readonly exchanges: readonly HttpExchange[];
  /** The Mcp-Session-Id the server assigned, if any. */
  readonly sessionId: string | undefined;
  /** One HTTP request outside the session's flow (headers overridable, `null` removes one). */
  probe(method: HttpExchange['method'], opts?: HttpProbeOptions): Promise<HttpExchange>;
  /** Opens the GET stream; what arrives on it is delivered to the session. */
  listen(timeoutMs?: number): Promise<HttpExchange>;
}

/** The legacy HTTP+SSE side of a connection (2024-11-05), for scenarios about that transport. */
export interface LegacySseAccess {
  /** The SSE URL. */
  readonly url: string;
  /** What the stream showed: its first event, the endpoint event, other events, why it cannot be used. */
  readonly stream: LegacyStream;
  /** The GET that opened the stream, every POST and every probe, in order. */
  readonly exchanges: readonly HttpExchange[];
  /** One request outside the session's flow: GET to the SSE URL (status only), POST to the endpoint. */
  probe(method: 'GET' | 'POST', opts?: LegacyProbeOptions): Promise<HttpExchange>;
}

/** A stdout line of a stdio target that was not a JSON-RPC message. */
export interface NoiseLine {
  seq: number;
  raw: string;
}

/**
 * What a scenario may do with a connection to the server under test. The engine's own class has
 * more (the raw session and channel); scenarios see only this, through `runner/api`.
 */
export interface ScenarioConnection {
  readonly revision: Revision;
  readonly transport: Channel['transport'];
  /**
   * The version the server answered initialize with, once it has; at the stateless revisions, the
   * revision's version once server/discover listed it.
   */
  readonly negotiated: string | undefined;
  /** The server's initialize result, once it has answered with one. */
  readonly initializeResult: JsonObject | undefined;
  /** The server's server/discover result, once it has answered with one (stateless revisions). */
  readonly discoverResult: JsonObject | undefined;
  /** The capabilities the server declared, in initialize or server/discover ({} before it has). */
  readonly serverCapabilities: Record<string, unknown>;
  /** The capabilities the harness declares: in its initialize request, or in every request's `_meta` (stateless revisions). */
  readonly clientCapabilities: Record<string, unknown>;
  /** The Streamable HTTP side, when the target is reached over HTTP. */
  readonly http: HttpAccess | undefined;
  /** The legacy HTTP+SSE side, when the target is reached over that transport. */
  readonly legacySse: LegacySseAccess | undefined;
  /** The initialize handshake, for scenarios about the handshake itself; others use `ready(t)`. */
  initialize(opts?: InitializeOptions): Promise<Reply>;
  request(method: string, params?: JsonObject, opts?: ConnectionRequestOptions): Promise<Reply>;
  /**
   * A request as this connection sends it (with the per-request `_meta` at the stateless
   * revisions), as text: for probes that send it outside the session's flow. `method` defaults to
   * the revision's liveness request.
   */
  requestBody(id: RequestId, method?: string, params?: JsonObject): string;
  /** `params` as this connection sends them: with the per-request `_meta` fields at the stateless revisions. */
  withMeta(params: JsonObject | undefined): JsonObject | undefined;
  /** server/discover, for scenarios about discovery itself; others use `ready(t)`, which sends it. */
  discover(opts?: ConnectionRequestOptions): Promise<Reply>;
  /** The revision's cheapest request that every server must answer (ping, or server/discover). */
  liveness(opts?: { id?: RequestId; timeoutMs?: number }): Promise<Reply>;
  notify(method: string, params?: JsonObject): Promise<Reply | undefined>;
  /** Sends text as is, for probes that misbehave on purpose. */
  sendRaw(text: string): Promise<Reply | undefined>;
  /** A position in the stream of received frames, for `since` and `waitFor`. */
  mark(): number;
  /**
   * Every frame after `mark` once whatever the target sent in answer to what the harness sent
   * since then has arrived, and how that was established: by ordering where the transport gives
   * one, else by a quiet window of `windowMs` (see {@link Settled}).
   */
  settle(mark: number, windowMs: number): Promise<Settled>;
  /** Waits `ms`, then returns every frame that arrived after `mark`. */
  since(mark: number, ms: number): Promise<Received[]>;
  /** The first frame after `mark` (already here or still to come) that passes `test`; undefined on timeout. */
  waitFor(test: (r: Received) => boolean, timeoutMs: number, mark?: number): Promise<Received | undefined>;
  /** stdout lines that were not JSON (stdio targets; [] otherwise). */
  noise(): NoiseLine[];
  /** Closes the target's stdin, the stdio shutdown signal (stdio targets only). */
  closeInput(): void;
  /** Whether the target process exits within `ms` (stdio targets; false otherwise). */
  exitsWithin(ms: number): Promise<boolean>;
}

/**
 * What {@link ScenarioConnection.settle} found: the frames, and in words how the harness knows that
 * nothing more is coming (for the evidence of a check that judges an absence).
 */
export interface Settled {
  frames: Received[];
  how: string;
}

/**
 * The harness, as a client, connected to the server under test over one channel. Wraps the raw
 * session with the moves scenarios make; the engine reaches the raw session for automatic checks.
 *
 * With a `silence` watch (scenario connections; the engine's probes have none), everything sent to
 * the target goes through the run's silence breaker: once the target has stopped answering, the
 * next send stops the scenario as blocked instead of waiting out another timeout.
 */
export class ServerConnection implements ScenarioConnection {
  readonly rpc: RpcSession;
  negotiated: string | undefined;
  initializeResult: JsonObject | undefined;
  discoverResult: JsonObject | undefined;
  private declared: JsonObject = {};
  /** A stateless revision: no handshake, the per-request `_meta` on every request instead. */
  private readonly stateless: boolean;
  private httpAccess: HttpAccess | undefined;

  constructor(
    readonly channel: Channel,
    readonly revision: Revision,
    validator: RevisionValidator,
    requestTimeoutMs: number,
    private silence?: SilenceWatch,
    private readonly client: ClientSide = {},
  ) {
    this.rpc = new RpcSession(channel, { validator, requestTimeoutMs, ...(client.onRequest ? { onPeerRequest: client.onRequest } : {}) });
    this.stateless = !describeRevision(revision).stateful;
    if (this.stateless) {
      this.declared = (client.capabilities ?? {}) as JsonObject;
      if (channel instanceof StreamableHttpChannel) channel.speakStateless(wireVersionOf(revision));
    }
  }

  get transport(): Channel['transport'] {
    return this.channel.transport;
  }

  /** Reports to another scenario's silence watch from now on (a shared session changing hands). */
  watchWith(silence: SilenceWatch): void {
    this.silence = silence;
  }

  /** The stdio channel, when the target runs as a child process. */
  get stdio(): StdioChannel | undefined {
    return this.channel instanceof StdioChannel ? this.channel : undefined;
  }

  /** The Streamable HTTP side for scenarios: its probes and stream go through the silence watch too. */
  get http(): HttpAccess | undefined {
    if (!(this.channel instanceof StreamableHttpChannel)) return undefined;
    this.httpAccess ??= watchedHttp(this.channel, (send) => this.watched(send));
    return this.httpAccess;
  }

  /** The legacy HTTP+SSE side for scenarios: its probes go through the silence watch too. */
  get legacySse(): LegacySseAccess | undefined {
    const channel = this.channel;
    if (!(channel instanceof LegacySseChannel)) return undefined;
    return {
      url: channel.url,
      stream: channel.stream,
      exchanges: channel.exchanges,
      probe: (method, opts) => this.watched(() => channel.probe(method, opts)),
    };
  }

  /**
   * Sends initialize and, on success, notifications/initialized. Over HTTP it also adopts the
   * negotiated MCP-Protocol-Version header where the negotiated revision defines it.
   */
  async initialize(opts: InitializeOptions = {}): Promise<Reply> {
    // Typed by the schema, so a malformed handshake of ours fails typecheck (the session also
    // validates every frame we send against the revision's schema at run time).
    const params = {
      protocolVersion: opts.protocolVersion ?? this.revision,
      capabilities: opts.capabilities ?? this.client.capabilities ?? {},
      clientInfo: { ...HARNESS_INFO },
    } satisfies Schema.InitializeRequestParams;
    // An answered handshake does not count as the target answering: most servers leave it to
    // their SDK, which answers it even when their own request handling is stuck, and every stdio
    // scenario starts a fresh process whose handshake would otherwise hide a target that answers
    // nothing else. Its silence counts like any other.
    this.declared = params.capabilities as JsonObject;
    const reply = await this.watched(() => this.rpc.request('initialize', params), { answerCounts: false });
    if (reply.kind !== 'result') return reply;
    this.initializeResult = reply.result;
    this.rpc.handshake = { local: this.declared, peer: this.serverCapabilities };
    const version = reply.result.protocolVersion;
    if (typeof version === 'string') {
      this.negotiated = version;
      const http = this.channel instanceof StreamableHttpChannel ? this.channel : undefined;
      if (http && isRevision(version) && describeRevision(version).http.protocolVersionHeader) http.protocolVersion = version;
    }
    if (opts.initialized !== false) await this.notify('notifications/initialized');
    return reply;
  }

  /**
   * Sends server/discover (stateless revisions). A result that lists the revision's version makes
   * it the negotiated one; the result's capabilities become the server's.
   */
  async discover(opts?: ConnectionRequestOptions): Promise<Reply> {
    const reply = await this.request('server/discover', undefined, opts);
    if (reply.kind !== 'result') return reply;
    this.discoverResult = reply.result;
    const versions = reply.result.supportedVersions;
    const wire = wireVersionOf(this.revision);
    if (Array.isArray(versions) && versions.includes(wire)) this.negotiated = wire;
    return reply;
  }

  get serverCapabilities(): Record<string, unknown> {
    const caps = (this.initializeResult ?? this.discoverResult)?.capabilities;
    return isJsonObject(caps) ? caps : {};
  }

  get clientCapabilities(): Record<string, unknown> {
    return this.declared;
  }

  async request(method: string, params?: JsonObject, opts: ConnectionRequestOptions = {}): Promise<Reply> {
    const { meta, ...rest } = opts;
    const sent = meta === false ? params : this.withMeta(params);
    return this.unlessOversize(method, await this.watched(() => this.rpc.request(method, sent, rest)));
  }

  async liveness(opts?: { id?: RequestId; timeoutMs?: number }): Promise<Reply> {
    return this.request(describeRevision(this.revision).liveness.method, undefined, opts);
  }

  requestBody(id: RequestId, method = describeRevision(this.revision).liveness.method, params?: JsonObject): string {
    const sent = this.withMeta(params);
    return JSON.stringify({ jsonrpc: '2.0', id, method, ...(sent ? { params: sent } : {}) });
  }

  /** `params` as the revision sends them: with the per-request `_meta` fields at the stateless revisions. */
  withMeta(params: JsonObject | undefined): JsonObject | undefined {
    if (!this.stateless) return params;
    return withRequestMeta(params, { protocolVersion: wireVersionOf(this.revision), clientCapabilities: this.declared, clientInfo: { ...HARNESS_INFO } });
  }

  /**
   * An answer over the harness's frame cap was never read, so nothing can be judged from it: a
   * scenario stops as blocked, saying so, rather than fail the target on the harness's limit. The
   * engine's own probes (no silence watch) get the reply as it is.
   */
  private unlessOversize(method: string, reply: Reply): Reply {
    if (this.silence && reply.kind === 'transport-error' && reply.oversize) throw new ScenarioStop('blocked', `${method}: ${reply.message}`);
    return reply;
  }

  // A notification has no response to wait for; over HTTP its POST does (202), so a POST the
  // target never answers is silence like any other (the session reports it as a timeout).
  notify(method: string, params?: JsonObject): Promise<Reply | undefined> {
    return this.watched(() => this.rpc.notify(method, params));
  }

  sendRaw(text: string): Promise<Reply | undefined> {
    return this.watched(() => this.rpc.sendRaw(text));
  }

  mark(): number {
    return this.rpc.received.length;
  }

  since(mark: number, ms: number): Promise<Received[]> {
    return this.rpc.collect(mark, ms);
  }

  async settle(mark: number, windowMs: number): Promise<Settled> {
    const channel = this.channel;
    if (channel instanceof StdioChannel) {
      // The target reads stdin in order and answers as it goes: whatever it wrote in answer to the
      // earlier frames comes before its answer to a ping sent after them.
      const pong = await this.liveness();
      const ping = `a ${describeRevision(this.revision).liveness.method} request`;
      if (pong.kind === 'result' || pong.kind === 'error') {
        return { frames: this.rpc.received.slice(mark).filter((r) => r.frame.seq < pong.seq), how: `established by ordering: what arrived before the answer to ${ping} sent after the probe` };
      }
      return { frames: this.rpc.received.slice(mark), how: `what arrived until ${ping} sent after the probe ended without an answer (${pong.kind})` };
    }
    if (channel instanceof StreamableHttpChannel && !channel.listening) {
      // An answer to a POST can only come in that POST's response; with no GET stream open, once
      // those responses have ended nothing more can arrive.
      if (await channel.postResponsesEnded(this.rpc.requestTimeoutMs)) {
        return { frames: this.rpc.received.slice(mark), how: 'established by the HTTP responses: every POST response had ended, and no GET stream was open' };
      }
    }
    return { frames: await this.rpc.collect(mark, windowMs), how: `established by a quiet window of ${windowMs} ms (no order holds on this transport)` };
  }

  waitFor(test: (r: Received) => boolean, timeoutMs: number, mark = 0): Promise<Received | undefined> {
    return this.rpc.waitFor(test, timeoutMs, mark);
  }

  noise(): NoiseLine[] {
    return this.rpc.violations.filter((v) => v.kind === 'not-json').map((v) => ({ seq: v.seq, raw: v.raw }));
  }

  closeInput(): void {
    this.stdio?.closeInput();
  }

  async exitsWithin(ms: number): Promise<boolean> {
    const stdio = this.stdio;
    return stdio ? settlesWithin(stdio.process.exited, ms) : false;
  }

  close(): Promise<void> {
    return this.rpc.close();
  }

  /**
   * Sends through the silence watch: stops the scenario (ScenarioStop) when the target has stopped
   * answering, else sends and reports what came back. A timeout counts as silence; a response, or
   * an HTTP status, as an answer (unless `answerCounts` is false); anything else (nothing to wait
   * for, a closed channel, a refused connection) says neither.
   */
  private async watched<R extends Reply | HttpExchange | undefined>(send: () => Promise<R>, { answerCounts = true } = {}): Promise<R> {
    const silence = this.silence;
    if (!silence) return send();
    const token = silence.sent();
    const outcome = await send();
    const heard = hearing(outcome);
    if (heard.kind === 'silence') silence.unanswered(token, heard.afterMs);
    else if (heard.kind === 'answer' && answerCounts) silence.answered();
    return outcome;
  }
}

/** Whether an outcome shows the target answering, staying silent, or neither. */
function hearing(outcome: Reply | HttpExchange | undefined): { kind: 'answer' } | { kind: 'silence'; afterMs: number } | { kind: 'neither' } {
  if (outcome === undefined) return { kind: 'neither' };
  if ('kind' in outcome) {
    switch (outcome.kind) {
      case 'timeout':
        return { kind: 'silence', afterMs: outcome.afterMs };
      case 'result':
      case 'error':
        return { kind: 'answer' };
      case 'transport-error':
        return outcome.status !== undefined ? { kind: 'answer' } : { kind: 'neither' };
      case 'closed':
        return { kind: 'neither' };
    }
  }
  // A body that never ended within the timeout is silence, even after its headers came.
  if (outcome.timedOutAfterMs !== undefined) return { kind: 'silence', afterMs: outcome.timedOutAfterMs };
  return outcome.status !== undefined ? { kind: 'answer' } : { kind: 'neither' };
}

/** The scenario's view of an HTTP channel, with its probes and stream sent through `watched`. */
function watchedHttp(channel: StreamableHttpChannel, watched: (send: () => Promise<HttpExchange>) => Promise<HttpExchange>): HttpAccess {
  return {
    get url() {
      return channel.url;
    },
    get exchanges() {
      return channel.exchanges;
    },
    get sessionId() {
      return channel.sessionId;
    },
    probe: (method, opts) => watched(() => channel.probe(method, opts)),
    listen: (timeoutMs) => watched(() => channel.listen(timeoutMs)),
  };
}
