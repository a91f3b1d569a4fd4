import type { IncomingMessage } from 'node:http';
import type { Transcript } from '../util/transcript.js';
import { settlesWithin } from '../util/wait.js';
import { ChannelBase } from './channel-base.js';
import { MAX_FRAME_BYTES } from './frame-cap.js';
import { standardHeaders } from './mcp-headers.js';
import { MirroredTools } from './mcp-param-headers.js';
import { clip, HttpRequests, HttpStatusError, readBody, startExchange, withHeaders, type HttpExchange } from './http-request.js';
import { carriesMessage, parseSseEvent, SseEvents, SseStream, Utf8Watch, type SseEvent } from './sse.js';
import type { InboundFrame } from './types.js';
import { isJsonObject } from '../util/json.js';

/**
 * Largest HTTP body (or SSE event) the harness holds; a longer one is read to its end but only its
 * head and tail are kept (frame-cap.ts), so a hostile or huge answer cannot make it buffer more.
 */
export const MAX_BODY_BYTES = MAX_FRAME_BYTES;

// The request pieces both HTTP transports share live in http-request.ts; these types are part of this channel's API too.
export { HttpStatusError, type HttpExchange };

export interface HttpProbeOptions {
  body?: string;
  /** Extra or overriding headers; a header set to `null` is removed. */
  headers?: Record<string, string | null>;
  timeoutMs?: number;
  /** Sent as Last-Event-ID: a GET that resumes the stream this event id belongs to. */
  lastEventId?: string;
  /**
   * Another URL of the endpoint's own origin (a metadata document, the endpoint with a query):
   * never another origin, so that nothing the session sends goes anywhere the user did not point at.
   */
  url?: string;
}

/** Whether an exchange resumes an earlier stream (a GET with Last-Event-ID). */
export function isResumption(exchange: Pick<HttpExchange, 'method' | 'requestHeaders'>): boolean {
  return exchange.method === 'GET' && exchange.requestHeaders['last-event-id'] !== undefined;
}

/** Resumptions of one POST stream the server closed before its response, at most (a server polled forever stops here). */
const MAX_RESUMPTIONS = 20;
/** The longest `retry` the harness honours before resuming; a longer one is cut to it. */
const MAX_RETRY_MS = 5000;

export interface StreamableHttpOptions {
  url: string;
  transcript: Transcript;
  /** User headers sent on every request (e.g. Authorization). */
  headers?: Record<string, string>;
  timeoutMs: number;
  /**
   * What is known of the target's tools that mirror parameters into Mcp-Param-* headers, shared
   * by the channels of one target (each channel keeps its own when absent).
   */
  mirroredTools?: MirroredTools;
}

const ACCEPT_POST = 'application/json, text/event-stream';

/**
 * The client side of Streamable HTTP: each frame is a POST; responses come back as JSON or as an
 * SSE stream; the session id and protocol version headers are tracked once the peer sets them.
 * `probe` sends a request that bypasses the session, for checks on the transport itself.
 */
export class StreamableHttpChannel extends ChannelBase {
  readonly transport = 'streamable-http' as const;
  readonly exchanges: HttpExchange[] = [];
  /** The Mcp-Session-Id the server assigned, if any. */
  sessionId: string | undefined;
  /** Sent as MCP-Protocol-Version once set (2025-06-18 and later). */
  protocolVersion: string | undefined;
  /** Speaking a stateless revision (see {@link speakStateless}). */
  private stateless = false;
  private readonly requests = new HttpRequests();
  /** The SSE response streams of POSTs still being read, with their resumptions (each resolves true when the server ended it). */
  private readonly postStreams = new Set<Promise<boolean>>();
  /** For each POST stream (or resumption of one) being read: the end of its reading and of its resumptions. */
  private readonly following = new WeakMap<HttpExchange, Promise<boolean>>();
  /** A POST stream was cut at its deadline: what it would have carried never arrived. */
  private postStreamCut = false;
  /** GET and subscriptions/listen streams open now: frames on them come in no order relative to the other responses. */
  private getStreams = 0;
  /** The target's tools that mirror parameters, learnt from tools/list results at the stateless revisions. */
  private readonly mirroredTools: MirroredTools;
  /** The ids of the tools/list requests sent and not yet answered (as JSON text), whose results teach `mirroredTools`. */
  private readonly toolListings = new Set<string>();

  constructor(private readonly options: StreamableHttpOptions) {
    super();
    this.mirroredTools = options.mirroredTools ?? new MirroredTools();
  }

  /**
   * From 2026-07-28 there is no session: every POST carries MCP-Protocol-Version and the headers
   * that mirror its body (Mcp-Method, Mcp-Name, and for a tools/call the Mcp-Param-* headers of
   * the arguments its tool marks x-mcp-header, as a tools/list result showed them), no
   * Mcp-Session-Id is adopted, and an error status whose body is the JSON-RPC answer to the
   * request (400 for an unsupported version, 404 for an unknown method) delivers that answer to
   * the session like any other.
   */
  speakStateless(wireVersion: string): void {
    this.stateless = true;
    this.protocolVersion = wireVersion;
  }

  get transcript(): Transcript {
    return this.options.transcript;
  }

  get url(): string {
    return this.options.url;
  }

  /** The headers the session sends on every request. */
  sessionHeaders(): Record<string, string> {
    // Lower-cased, so that probes can override or remove any of them by name.
    const user = Object.fromEntries(Object.entries(this.options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      ...user,
      ...(this.sessionId !== undefined ? { 'mcp-session-id': this.sessionId } : {}),
      ...(this.protocolVersion !== undefined ? { 'mcp-protocol-version': this.protocolVersion } : {}),
    };
  }

  async send(text: string): Promise<void> {
    if (this.closed) throw new Error('the HTTP channel is closed');
    const exchange = await this.exchange('POST', { body: text }, true);
    const sessionId = exchange.headers['mcp-session-id'];
    if (sessionId !== undefined && this.sessionId === undefined && !this.stateless) this.sessionId = sessionId;
    if (exchange.error !== undefined) throw new HttpStatusError(exchange.error, undefined, exchange.seq, exchange.timedOutAfterMs);
    // The answer to this POST, too long to be read: the session makes it this request's reply
    // even when no id could be read from it.
    if (exchange.oversize) throw new HttpStatusError(`HTTP ${exchange.status}: the response body is one frame of ${exchange.oversize.bytes} bytes`, exchange.status, exchange.seq, undefined, exchange.oversize);
    if (exchange.status !== undefined && (exchange.status < 200 || exchange.status >= 300)) {
      // A redirect is never followed (it could carry the user's headers elsewhere): say where it pointed.
      const location = exchange.status >= 300 && exchange.status < 400 ? exchange.headers.location : undefined;
      const type = location !== undefined ? ` (${redirectNote(location)})` : exchange.contentType ? ` (${exchange.contentType.split(';')[0]})` : '';
      throw new HttpStatusError(`HTTP ${exchange.status}${type}${exchange.body ? `: ${clip(exchange.body, 300)}` : ''}`, exchange.status, exchange.seq);
    }
  }

  /**
   * Sends one HTTP request outside the session's flow and returns what came back. It carries the
   * session's headers (and, for POST, the Accept and Content-Type a client must send) unless
   * overridden. Frames in the body are parsed but not delivered to the session.
   */
  async probe(method: HttpExchange['method'], opts: HttpProbeOptions = {}): Promise<HttpExchange> {
    return this.exchange(method, opts, false);
  }

  /**
   * Opens the GET stream on which a server may send requests and notifications of its own.
   * Frames that arrive on it are delivered to the session like any other; the exchange tells
   * whether the server offered a stream at all (200 text/event-stream) or refused (405).
   */
  async listen(timeoutMs?: number): Promise<HttpExchange> {
    return this.exchange('GET', { ...(timeoutMs !== undefined ? { timeoutMs } : {}) }, true);
  }

  /**
   * Whether a GET stream or a subscriptions/listen stream is open: the server may send on it at any
   * time, in no order with the other responses.
   */
  get listening(): boolean {
    return this.getStreams > 0;
  }

  /**
   * Resolves true once every POST response stream open now has ended (the server can add nothing
   * more to them), false when one is still open after `timeoutMs`, or when the harness had to cut
   * one at its deadline (what it would have carried never arrived).
   */
  async postResponsesEnded(timeoutMs: number): Promise<boolean> {
    return (await settlesWithin(Promise.all([...this.postStreams]), timeoutMs)) && !this.postStreamCut;
  }

  async close(): Promise<void> {
    this.requests.destroyAll();
    if (this.sessionId !== undefined && !this.closed) {
      await this.exchange('DELETE', { timeoutMs: 2000 }, false);
    }
    this.finish('the harness closed the connection');
  }

  /** `resumption`: how many times the POST stream this GET continues has been resumed before. */
  private async exchange(method: HttpExchange['method'], opts: HttpProbeOptions, deliver: boolean, resumption = 0): Promise<HttpExchange> {
    const defaults: Record<string, string> = { ...this.sessionHeaders() };
    const message = method === 'POST' ? parsed(opts.body) : undefined;
    if (method === 'GET') defaults.accept = 'text/event-stream';
    if (method === 'POST') Object.assign(defaults, { accept: ACCEPT_POST, 'content-type': 'application/json' }, this.stateless ? this.statelessHeaders(message) : {});
    if (opts.lastEventId !== undefined) defaults['last-event-id'] = opts.lastEventId;
    const lane = method;
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs;
    const url = opts.url ?? this.options.url;
    if (new URL(url).origin !== new URL(this.options.url).origin) throw new Error(`harness bug: a probe of ${this.options.url} was aimed at another origin (${url})`);
    const request = { url, method, headers: withHeaders(defaults, opts.headers), body: opts.body, timeoutMs };
    const { exchange, response } = await startExchange(this.requests, this.transcript, this.exchanges, request);
    if (!response) return exchange;
    const ok = exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;
    if (exchange.contentType.startsWith('text/event-stream')) {
      // The stream may stay open for a long time; read it in the background. The session's own GET
      // stream lives as long as the session; any other is cut once the request's timeout has passed
      // again since its headers (the request's answer, if any, was due long before).
      exchange.sse = new SseStream(() => response.destroy());
      // The session's GET stream, and the response stream of a subscriptions/listen request (2026-07-28
      // on), stay open as long as the server or the harness wants: notifications come on them at any time.
      const listening = deliver && ((method === 'GET' && !isResumption(exchange)) || (method === 'POST' && isListenRequest(message)));
      const reading = this.readSse(response, exchange, lane, deliver && ok, listening ? undefined : timeoutMs);
      if ((method === 'POST' && !listening) || (deliver && isResumption(exchange))) {
        // A POST stream the server closes before its response is resumed (2025-11-25's polling),
        // and counts as open until that ends too.
        const following = deliver && ok ? reading.then(async (ended) => ended && (await this.resume(exchange, resumption))) : reading;
        this.following.set(exchange, following);
        this.postStreams.add(following);
        void following.then((ended) => {
          this.postStreams.delete(following);
          if (!ended) this.postStreamCut = true;
        });
      } else if (listening && ok) {
        this.getStreams++;
        void reading.then(() => this.getStreams--);
      }
      return exchange;
    }
    const read = await readBody(response);
    exchange.body = read.text;
    if (read.timedOut) {
      // Headers in time, then a body that never ended (a trickle): as silent as no answer at all.
      exchange.error = `the response body did not end within ${timeoutMs} ms of its headers`;
      exchange.timedOutAfterMs = timeoutMs;
      this.transcript.note(`${method}: ${exchange.error}; cut by the harness after ${read.text.length} characters`);
      if (read.text !== '') this.transcript.record('recv', `${lane}-body`, read.text);
      return exchange;
    }
    if (read.oversize) {
      const oversize = read.oversize;
      exchange.body = `${oversize.headText}… [${oversize.note}]`;
      this.transcript.note(`${lane}: ${oversize.note}`);
      const json = exchange.contentType.startsWith('application/json');
      const seq = this.transcript.record('recv', json ? `${lane}-json` : `${lane}-body`, oversize.headText).seq;
      if (json) {
        const frame = oversize.frame(`${lane}-json`, seq);
        exchange.oversize = frame.oversize;
        exchange.frames.push(frame);
        if (deliver && ok) this.emit(frame);
      }
      return exchange;
    }
    // Each body is recorded once: as the frame it carries (whose seq evidence points at), or as a plain body.
    // An error status may carry a JSON-RPC error without an id: evidence for the exchange, but not
    // a message of the session (it answers the HTTP request, not a JSON-RPC request).
    if (exchange.contentType.startsWith('application/json') && exchange.body.trim() !== '') {
      // From 2026-07-28 an error status carries the JSON-RPC answer to the request itself.
      const answer = ok || (this.stateless && method === 'POST' && answersRequest(parsed(exchange.body)));
      this.emitFrame(exchange, exchange.body, `${lane}-json`, deliver && answer, read.notUtf8);
    } else if (ok && exchange.body.trim().startsWith('{')) {
      // A JSON body under the wrong Content-Type is read anyway, so that one transport fault
      // (which its own check reports) does not turn every later check into a timeout.
      this.emitFrame(exchange, exchange.body, `${lane}-mislabelled`, deliver, read.notUtf8);
    } else if (exchange.body.length > 0) {
      this.transcript.record('recv', `${lane}-body`, exchange.body);
    }
    return exchange;
  }

  /**
   * The headers mirroring a POST's body at the stateless revisions (a probe's own headers override
   * them): the standard ones, and the Mcp-Param-* ones of a tools/call. A tools/list request is
   * remembered, so that its result can teach which tools mirror parameters.
   */
  private statelessHeaders(message: unknown): Record<string, string> {
    if (isJsonObject(message) && message.method === 'tools/list' && message.id !== undefined) this.toolListings.add(JSON.stringify(message.id));
    return { ...standardHeaders(message), ...this.mirroredTools.headersFor(message) };
  }

  /** Learns from a frame that answers a tools/list request of the harness with a result. */
  private learnTools(value: unknown): void {
    if (this.toolListings.size === 0 || !isJsonObject(value) || !('result' in value || 'error' in value)) return;
    const key = JSON.stringify(value.id);
    if (!this.toolListings.delete(key)) return;
    this.mirroredTools.learn(value.result);
  }

  /**
   * Reads an SSE stream to its end, delivering its messages; resolves true when the server ended
   * it, false when the harness cut it (past `deadlineMs` after its headers, over the byte cap, or
   * by a scenario's `cut`).
   */
  private async readSse(body: IncomingMessage, exchange: HttpExchange, lane: string, deliver: boolean, deadlineMs?: number): Promise<boolean> {
    const stream = exchange.sse!;
    const utf8 = new Utf8Watch();
    const onEvent = (text: string): void => {
      const fields = parseSseEvent(text.replace(/^\uFEFF/, ''));
      if (fields === undefined) return;
      const { data, ...sse } = fields;
      if (carriesMessage(fields)) return stream.add({ ...fields, seq: this.emitFrame(exchange, data!, `${lane}-sse`, deliver, utf8.broken || undefined, sse) });
      // An event without a message (a priming event, a retry, another type) is evidence all the same.
      stream.add({ ...fields, seq: this.transcript.record('recv', `${lane}-sse`, data ?? '', undefined, sse).seq });
    };
    // Whole events only are parsed: one over the cap is counted and dropped as it comes. What
    // the stream delivers is bounded too (MAX_BODY_BYTES of events, an oversize one counting its head).
    let delivered = 0;
    const events = new SseEvents(
      (text) => {
        delivered += text.length;
        onEvent(text);
      },
      (oversize) => {
        delivered += oversize.headText.length;
        this.transcript.note(`${lane}-sse: ${oversize.note}`);
        const head = parseSseEvent(oversize.headText)?.data ?? '';
        const seq = this.transcript.record('recv', `${lane}-sse`, head).seq;
        const frame = { ...oversize.frame(`${lane}-sse`, seq), raw: head };
        exchange.frames.push(frame);
        stream.add({ data: head, seq });
        if (deliver) this.emit(frame);
      },
    );
    const decoder = new TextDecoder();
    const deadline =
      deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            this.transcript.note(`${lane}-sse: the stream was still open ${deadlineMs} ms after its headers; closed by the harness`);
            stream.cut();
          }, deadlineMs);
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        utf8.see(chunk);
        events.push(decoder.decode(chunk, { stream: true }));
        if (delivered > MAX_BODY_BYTES) {
          this.transcript.note(`SSE stream exceeded ${MAX_BODY_BYTES} bytes; closed by the harness`);
          stream.cut();
          break;
        }
      }
    } catch {
      // closed by close(), the deadline, a cut or the peer: nothing more will arrive
    } finally {
      clearTimeout(deadline);
    }
    events.end();
    stream.finish();
    // A stream the peer ended or broke off carries nothing more either; one the harness cut might have.
    return stream.endedBy !== 'harness';
  }

  /**
   * Resumes a POST stream the server closed after an event id but before any response, as a
   * client polls it (2025-11-25): after the server's `retry` (capped), GET with Last-Event-ID;
   * what comes is the session's like the rest of the stream. Stops at a response, a stream
   * without a new event id, or MAX_RESUMPTIONS. Resolves false when the harness had to cut a
   * resumption (what it would have carried never arrived), else true.
   */
  private async resume(exchange: HttpExchange, count: number): Promise<boolean> {
    const stream = exchange.sse;
    const lastEventId = stream?.lastEventId;
    if (!stream || stream.endedBy !== 'server' || !lastEventId || this.closed || count >= MAX_RESUMPTIONS) return true;
    if (exchange.frames.some((f) => isResponseFrame(f.value))) return true;
    const wait = Math.min(stream.retry ?? 0, MAX_RETRY_MS);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.transcript.note(`the server closed the SSE stream of a request before its response; resumed with Last-Event-ID ${lastEventId}`);
    // Read as the stream's continuation: its frames go to the session, and it is resumed in turn.
    const next = await this.exchange('GET', { lastEventId }, true, count + 1);
    return (await this.following.get(next)) ?? true;
  }

  /** Records a frame, keeps it in the exchange and hands it to the session when `deliver`; returns its transcript entry. */
  private emitFrame(exchange: HttpExchange, raw: string, lane: string, deliver: boolean, notUtf8?: true, sse?: Omit<SseEvent, 'seq' | 'data'>): number {
    const seq = this.transcript.record('recv', lane, raw, undefined, sse).seq;
    let frame: InboundFrame;
    try {
      frame = { raw, value: JSON.parse(raw) as unknown, lane, seq };
    } catch (err) {
      frame = { raw, parseError: `not JSON: ${(err as Error).message}`, lane, seq };
    }
    if (frame.parseError === undefined) this.learnTools(frame.value);
    if (notUtf8) frame.notUtf8 = true;
    exchange.frames.push(frame);
    if (deliver) this.emit(frame);
    return seq;
  }
}

/** The JSON value a body holds, or undefined when it holds none. */
function parsed(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether a parsed body is a subscriptions/listen request, whose response stream is long-lived. */
function isListenRequest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { method?: unknown }).method === 'subscriptions/listen' && 'id' in value;
}

/** Whether a parsed body is the response to a request of the session: it carries that request's id. */
function answersRequest(value: unknown): boolean {
  return isResponseFrame(value) && !Array.isArray(value) && ['string', 'number'].includes(typeof (value as { id?: unknown }).id);
}

/** Whether a parsed frame is a JSON-RPC response (or a batch holding one). */
function isResponseFrame(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isResponseFrame);
  return typeof value === 'object' && value !== null && 'id' in value && ('result' in value || 'error' in value);
}

/** How a redirect is described in an HTTP error's message (see {@link redirectIn}). */
function redirectNote(location: string): string {
  return `a redirect to ${clip(location, 200)}, not followed`;
}

/** The status and Location of a redirect named in an HTTP error's message, e.g. for the CLI's verdict on a target. */
export function redirectIn(message: string): { status: number; location: string } | undefined {
  const match = /HTTP (3\d\d) \(a redirect to (.+), not followed\)/.exec(message);
  return match ? { status: Number(match[1]), location: match[2]! } : undefined;
}
