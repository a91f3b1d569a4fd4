import { FRAME_HEAD_BYTES, type Oversize } from '../transports/frame-cap.js';
import type { Channel, InboundFrame } from '../transports/types.js';
import type { JsonObject } from '../util/json.js';
import type { RevisionValidator, SchemaIssue } from '../validation/types.js';
import {
  classify,
  idOfCutResponse,
  responseId,
  type Classified,
  type RequestId,
  type RpcErrorObject,
  type RpcErrorResponse,
  type RpcRequest,
  type RpcResultResponse,
} from './jsonrpc.js';

/** What became of a request: a value, never an exception, so scenario bodies stay straight-line. */
export type Reply =
  | { kind: 'result'; result: JsonObject; message: RpcResultResponse; seq: number }
  | { kind: 'error'; error: RpcErrorObject; message: RpcErrorResponse; seq: number }
  | { kind: 'timeout'; afterMs: number }
  /** `oversize`: the answer was one frame over the harness's cap, not parsed (the harness's limit, no fault of the target). */
  | { kind: 'transport-error'; message: string; status?: number; seq?: number; oversize?: Oversize }
  | { kind: 'closed'; reason: string };

/** A frame from the target that broke the revision's schema, or was not JSON at all. */
export interface FrameViolation {
  seq: number;
  lane: string;
  raw: string;
  /** `not-json` for unparseable frames, `schema` for schema failures, `not-utf8` for bytes that are not UTF-8. */
  kind: 'not-json' | 'schema' | 'not-utf8';
  issues: SchemaIssue[];
}

/** Something the harness itself sent that broke the schema: our bug, never the target's. */
export interface HarnessFault {
  frame: string;
  issues: SchemaIssue[];
}

/** How a request is sent: its id (allocated when absent), its timeout, and whether its params break the schema on purpose. */
export interface RequestOptions {
  id?: RequestId;
  timeoutMs?: number;
  offSchema?: boolean;
}

/** Answers a request the peer sent us; return a result object or an error object. */
export type PeerRequestHandler = (request: RpcRequest) => Promise<{ result: JsonObject } | { error: RpcErrorObject }>;

export interface RpcSessionOptions {
  validator: RevisionValidator;
  requestTimeoutMs: number;
  /** Optional custom answers to peer requests; by default ping gets {} and anything else -32601. */
  onPeerRequest?: PeerRequestHandler;
}

/** Violations kept in full; a flooding target gets the rest counted. */
const MAX_VIOLATIONS = 200;
/** Unparseable frames kept in `received`; valid ones are always kept (scenarios wait on them). */
const MAX_RECEIVED = 10_000;

interface Pending {
  method: string;
  /** The request's params: a task-augmented request's result is judged differently. */
  params: JsonObject | undefined;
  resolve: (reply: Reply) => void;
  timer: NodeJS.Timeout;
}

/** A received frame with its classification, kept in arrival order. */
export interface Received {
  frame: InboundFrame;
  classified: Classified | undefined;
}

/**
 * What a session saw, as the engine judges it after a scenario: every frame received, the
 * violations among them, and what the harness itself got wrong. A session is one; a session shared
 * by several scenarios gives each the part that is its own (runner/engine/shared-sessions.ts).
 */
export interface SessionRecord {
  readonly received: readonly Received[];
  readonly violations: readonly FrameViolation[];
  /** All violations, also those past the kept ones. */
  readonly violationCount: number;
  readonly harnessFaults: readonly HarnessFault[];
  readonly handshake: { local: JsonObject; peer: JsonObject } | undefined;
  /** Responses whose id matches no request of the harness (kept by sessions of one scenario; a shared view leaves it out). */
  readonly unsolicited?: readonly Received[];
  /** Requests the harness sent (with `unsolicited`). */
  readonly requestsSent?: number;
  /** The method of each request the harness sent, by its id's key (`idKey`). */
  readonly requestMethods?: ReadonlyMap<string, string>;
}

/**
 * A JSON-RPC 2.0 session of our own over any `Channel`: id allocation and correlation, answering
 * the peer's requests, raw sends for malformed-input probes, and validation of every frame against
 * the revision's schema. It plays either role; nothing here assumes client or server.
 */
export class RpcSession {
  readonly received: Received[] = [];
  /** The first MAX_VIOLATIONS violations; `violationCount` counts them all. */
  readonly violations: FrameViolation[] = [];
  violationCount = 0;
  readonly harnessFaults: HarnessFault[] = [];
  /** Responses whose id matches nothing we sent (or that carry no usable id). */
  readonly unsolicited: Received[] = [];
  /** Responses to requests of ours that had timed out already: late, not unsolicited. */
  readonly late: Received[] = [];
  /** Ids of our requests that timed out, so that a late response is told apart from a wrong id. */
  private readonly timedOut = new Set<string>();
  /** Requests this session sent. */
  requestsSent = 0;
  /** The method of each request this session sent, by its id's key. */
  readonly requestMethods = new Map<string, string>();
  /**
   * The capabilities each side declared in the session's handshake, once it happened (set by the
   * role that made it): the automatic checks hold the peer to what was negotiated.
   */
  handshake: { local: JsonObject; peer: JsonObject } | undefined;
  /** Requests that got no response within their timeout, so far (a late answer may still come). */
  timeouts = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Set<{ test: (r: Received) => boolean; done: (r: Received | undefined) => void }>();
  private nextId = 1;
  private closedReason: string | undefined;

  constructor(
    readonly channel: Channel,
    private readonly options: RpcSessionOptions,
  ) {
    channel.onFrame((frame) => this.onFrame(frame));
    channel.onClose((reason) => this.onClose(reason));
  }

  get validator(): RevisionValidator {
    return this.options.validator;
  }

  /** How long a request waits for its response unless it says otherwise. */
  get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs;
  }

  /**
   * Sends a request and waits for its response, a timeout, a transport error or the end of the
   * channel. `offSchema` sends params the schema refuses on purpose (a probe), without counting
   * them as the harness's fault.
   */
  async request(method: string, params?: JsonObject, opts: RequestOptions = {}): Promise<Reply> {
    if (this.closedReason !== undefined) return { kind: 'closed', reason: this.closedReason };
    const id = opts.id ?? this.nextId++;
    const message: RpcRequest = { jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) };
    const timeoutMs = opts.timeoutMs ?? this.options.requestTimeoutMs;
    const key = idKey(id);
    this.requestsSent++;
    this.requestMethods.set(key, method);
    const reply = new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        this.timedOut.add(key);
        this.timeouts++;
        resolve({ kind: 'timeout', afterMs: timeoutMs });
      }, timeoutMs);
      this.pending.set(key, { method, params, resolve, timer });
    });
    const failure = opts.offSchema ? await this.sendChecked(JSON.stringify(message)) : await this.sendValidated(message as unknown as JsonObject);
    if (failure) this.settle(key, failure);
    return reply;
  }

  /** Sends a notification; resolves once handed to the transport. */
  async notify(method: string, params?: JsonObject): Promise<Reply | undefined> {
    const message = { jsonrpc: '2.0' as const, method, ...(params !== undefined ? { params } : {}) };
    return this.sendValidated(message);
  }

  /** Sends arbitrary text unvalidated: for probes that misbehave on purpose. */
  async sendRaw(text: string): Promise<Reply | undefined> {
    return this.sendChecked(text);
  }

  /** Resolves with the first frame (already received or still to come) that passes `test`, or undefined on timeout. */
  waitFor(test: (r: Received) => boolean, timeoutMs: number, fromIndex = 0): Promise<Received | undefined> {
    const seen = this.received.slice(fromIndex).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const waiter = {
        test,
        done: (r: Received | undefined) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(r);
        },
      };
      const timer = setTimeout(() => waiter.done(undefined), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Frames received after index `from`, after waiting `ms` for stragglers. */
  async collect(from: number, ms: number): Promise<Received[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.received.slice(from);
  }

  /** Requests sent and still waiting for their response. */
  get outstanding(): number {
    return this.pending.size;
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  async close(): Promise<void> {
    await this.channel.close();
    this.onClose('session closed by the harness');
  }

  private async sendValidated(message: JsonObject): Promise<Reply | undefined> {
    const text = JSON.stringify(message);
    // The method check repeats some envelope checks in older revisions: report each issue once.
    const issues = [...this.validator.message(message), ...this.validator.methodMessage(message)].filter(
      (issue, i, all) => all.findIndex((o) => o.path === issue.path && o.message === issue.message) === i,
    );
    if (issues.length > 0) this.harnessFaults.push({ frame: text, issues });
    return this.sendChecked(text);
  }

  private async sendChecked(text: string): Promise<Reply | undefined> {
    try {
      await this.channel.send(text);
      return undefined;
    } catch (err) {
      // A send that failed because the peer went away is reported as the end of the channel,
      // which says why (an exit code, stderr), not as the write error it caused.
      if (this.closedReason !== undefined) return { kind: 'closed', reason: this.closedReason };
      // A transport that waited for an answer to the frame itself (an HTTP POST) and got none in
      // time says so with `timeoutMs`: that is silence, the same as a request that timed out.
      const e = err as { status?: number; message?: string; seq?: number; timeoutMs?: number; oversize?: Oversize };
      if (typeof e.timeoutMs === 'number') return { kind: 'timeout', afterMs: e.timeoutMs };
      if (e.oversize) return oversizeReply(e.oversize, e.seq);
      return { kind: 'transport-error', message: e.message ?? String(err), status: e.status, seq: e.seq };
    }
  }

  private settle(key: string, reply: Reply): void {
    const pending = this.pending.get(key);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(key);
    pending.resolve(reply);
  }

  private onFrame(frame: InboundFrame): void {
    if (frame.notUtf8) {
      // Judged on its own; the text (with replacement characters) is still read as the message it carries.
      this.addViolation({ seq: frame.seq, lane: frame.lane, raw: frame.raw, kind: 'not-utf8', issues: [{ path: '', message: 'bytes that are not valid UTF-8', definition: 'JSONRPCMessage' }] });
    }
    if (frame.oversize) {
      // Not parsed, so neither judged nor classified: the request it answers (when its id can be
      // read) gets a transport error that says why; the frame stays in the transcript as its head.
      const id = idOfCutResponse(frame.raw, frame.oversize.tail);
      if (id !== undefined) this.settle(idKey(id), oversizeReply(frame.oversize, frame.seq));
      this.deliver({ frame, classified: undefined });
      return;
    }
    if (frame.parseError !== undefined) {
      this.addViolation({
        seq: frame.seq,
        lane: frame.lane,
        raw: frame.raw,
        kind: 'not-json',
        issues: [{ path: '', message: frame.parseError, definition: 'JSONRPCMessage' }],
      });
      if (this.received.length < MAX_RECEIVED) this.deliver({ frame, classified: undefined });
      return;
    }
    const classified = classify(frame.value);
    if (classified.kind === 'batch') {
      this.validate(frame, frame.value, 'JSONRPCMessage');
      for (const item of classified.items) this.handleMessage(frame, item);
      return;
    }
    this.handleMessage(frame, frame.value);
  }

  private handleMessage(frame: InboundFrame, value: unknown): void {
    const classified = classify(value);
    const received: Received = { frame, classified };
    switch (classified.kind) {
      case 'result':
      case 'error': {
        const id = responseId(classified.message);
        const pending = id === undefined ? undefined : this.pending.get(idKey(id));
        if (!pending) {
          this.validate(frame, value, 'JSONRPCMessage');
          (id !== undefined && this.timedOut.has(idKey(id)) ? this.late : this.unsolicited).push(received);
          break;
        }
        if (classified.kind === 'result') {
          if (!this.validate(frame, value, 'JSONRPCMessage')) this.addIssues(frame, this.validator.result(pending.method, classified.message.result, pending.params));
          this.settle(idKey(id!), { kind: 'result', result: classified.message.result, message: classified.message, seq: frame.seq });
        } else {
          this.validate(frame, value, 'JSONRPCMessage');
          this.settle(idKey(id!), { kind: 'error', error: classified.message.error, message: classified.message, seq: frame.seq });
        }
        break;
      }
      case 'request':
        if (!this.validate(frame, value, 'JSONRPCMessage')) this.addIssues(frame, this.validator.methodMessage(value));
        // An id that is no string or number (null, an object) cannot be sent back in a valid response:
        // the frame is judged by the schema above, and left unanswered.
        if (typeof classified.message.id === 'string' || typeof classified.message.id === 'number') void this.answerPeer(classified.message);
        break;
      case 'notification':
        if (!this.validate(frame, value, 'JSONRPCMessage')) this.addIssues(frame, this.validator.methodMessage(value));
        break;
      default:
        this.validate(frame, value, 'JSONRPCMessage');
    }
    this.deliver(received);
  }

  private deliver(received: Received): void {
    this.received.push(received);
    for (const waiter of [...this.waiters]) if (waiter.test(received)) waiter.done(received);
  }

  /** Validates against the envelope; returns true when there were issues (recorded). */
  private validate(frame: InboundFrame, value: unknown, definition: string): boolean {
    const issues = definition === 'JSONRPCMessage' ? this.validator.message(value) : this.validator.definition(definition, value);
    return this.addIssues(frame, issues);
  }

  private addIssues(frame: InboundFrame, issues: SchemaIssue[]): boolean {
    if (issues.length === 0) return false;
    this.addViolation({ seq: frame.seq, lane: frame.lane, raw: frame.raw, kind: 'schema', issues });
    return true;
  }

  private addViolation(violation: FrameViolation): void {
    this.violationCount++;
    if (this.violations.length < MAX_VIOLATIONS) this.violations.push(violation);
  }

  private async answerPeer(request: RpcRequest): Promise<void> {
    const handler: PeerRequestHandler = this.options.onPeerRequest ?? defaultPeerHandler;
    const answer = await handler(request);
    const id = request.id;
    const response = 'result' in answer ? { jsonrpc: '2.0', id, result: answer.result } : { jsonrpc: '2.0', id, error: answer.error };
    const text = JSON.stringify(response);
    const issues = this.validator.message(response);
    if (issues.length > 0) this.harnessFaults.push({ frame: text, issues });
    await this.sendChecked(text);
  }

  private onClose(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const [key] of this.pending) this.settle(key, { kind: 'closed', reason });
    for (const waiter of [...this.waiters]) waiter.done(undefined);
  }
}

async function defaultPeerHandler(request: RpcRequest): Promise<{ result: JsonObject } | { error: RpcErrorObject }> {
  if (request.method === 'ping') return { result: {} };
  return { error: { code: -32601, message: `The conformance harness does not offer ${request.method}` } };
}

/** The reply to a request whose answer was one frame over the harness's cap. */
function oversizeReply(oversize: Oversize, seq: number | undefined): Reply {
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return {
    kind: 'transport-error',
    message: `the answer is one frame of ${oversize.bytes} bytes (${mib(oversize.bytes)}), over the harness's cap of ${mib(oversize.cap)} per frame: not parsed (its first ${FRAME_HEAD_BYTES / 1024} KiB are in the transcript)`,
    oversize,
    ...(seq !== undefined ? { seq } : {}),
  };
}

/** Distinguishes 1 from "1": a response must echo the id with its type. */
export function idKey(id: unknown): string {
  return `${typeof id}:${String(id)}`;
}
