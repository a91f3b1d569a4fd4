import { isUtf8 } from 'node:buffer';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Transcript } from '../util/transcript.js';
import { settlesWithin } from '../util/wait.js';
import { ChannelBase } from './channel-base.js';
import { MAX_FRAME_BYTES, OversizeFrame, type Oversize } from './frame-cap.js';
import { carriesMessage, parseSseEvent, SseStream, type SseEvent } from './sse.js';
import type { InboundFrame } from './types.js';

/**
 * Largest HTTP body (or SSE event) the harness holds; a longer one is read to its end but only its
 * head and tail are kept (frame-cap.ts), so a hostile or huge answer cannot make it buffer more.
 */
export const MAX_BODY_BYTES = MAX_FRAME_BYTES;

/**
 * A failed HTTP exchange for a frame we sent; the session turns it into a `transport-error` reply,
 * or into a `timeout` one when `timeoutMs` says no response came in time.
 */
export class HttpStatusError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly seq: number,
    /** Set when the server sent no response at all within this many milliseconds. */
    readonly timeoutMs?: number,
    /** Set when the response was one frame over the harness's cap. */
    readonly oversize?: Oversize,
  ) {
    super(message);
  }
}

/** One HTTP request/response pair as observed, for checks about the transport itself. */
export interface HttpExchange {
  method: 'POST' | 'GET' | 'DELETE';
  requestHeaders: Record<string, string>;
  requestBody?: string;
  /** Undefined when the request never got a response (connection refused, timeout). */
  status?: number;
  headers: Record<string, string>;
  contentType: string;
  /** The body as text (clipped), for non-streaming responses; SSE bodies arrive as frames. */
  body: string;
  /** Frames parsed from the body (JSON or SSE `data:` payloads). */
  frames: InboundFrame[];
  /** For an SSE response: its events (id, type, retry, data) and its connection, which can be awaited and cut. */
  sse?: SseStream;
  /** Network-level failure, if any. */
  error?: string;
  /** Set when the failure was silence: no response headers within this many milliseconds. */
  timedOutAfterMs?: number;
  /** Set when the body was a JSON frame over the harness's cap (`body` is then its head). */
  oversize?: Oversize;
  seq: number;
}

export interface HttpProbeOptions {
  body?: string;
  /** Extra or overriding headers; a header set to `null` is removed. */
  headers?: Record<string, string | null>;
  timeoutMs?: number;
  /** Sent as Last-Event-ID: a GET that resumes the stream this event id belongs to. */
  lastEventId?: string;
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
  private readonly requests = new Set<ClientRequest>();
  /** The SSE response streams of POSTs still being read, with their resumptions (each resolves true when the server ended it). */
  private readonly postStreams = new Set<Promise<boolean>>();
  /** For each POST stream (or resumption of one) being read: the end of its reading and of its resumptions. */
  private readonly following = new WeakMap<HttpExchange, Promise<boolean>>();
  /** A POST stream was cut at its deadline: what it would have carried never arrived. */
  private postStreamCut = false;
  /** GET streams open now: frames on them come in no order relative to the POST responses. */
  private getStreams = 0;

  constructor(private readonly options: StreamableHttpOptions) {
    super();
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
    if (sessionId !== undefined && this.sessionId === undefined) this.sessionId = sessionId;
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

  /** Whether a GET stream is open: the server may send on it at any time, in no order with the POST responses. */
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
    for (const req of this.requests) req.destroy();
    if (this.sessionId !== undefined && !this.closed) {
      await this.exchange('DELETE', { timeoutMs: 2000 }, false);
    }
    this.finish('the harness closed the connection');
  }

  /** `resumption`: how many times the POST stream this GET continues has been resumed before. */
  private async exchange(method: HttpExchange['method'], opts: HttpProbeOptions, deliver: boolean, resumption = 0): Promise<HttpExchange> {
    const headers: Record<string, string> = { ...this.sessionHeaders() };
    if (method === 'GET') headers.accept = 'text/event-stream';
    if (method === 'POST') Object.assign(headers, { accept: ACCEPT_POST, 'content-type': 'application/json' });
    if (opts.lastEventId !== undefined) headers['last-event-id'] = opts.lastEventId;
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      const key = name.toLowerCase();
      if (value === null) delete headers[key];
      else headers[key] = value;
    }
    const lane = method;
    const seq = this.transcript.record('send', lane, opts.body ?? '', { method, headers }).seq;
    const exchange: HttpExchange = { method, requestHeaders: headers, requestBody: opts.body, headers: {}, contentType: '', body: '', frames: [], seq };
    this.exchanges.push(exchange);
    let response: IncomingMessage;
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs;
    try {
      response = await this.open(method, headers, opts.body, timeoutMs);
    } catch (err) {
      exchange.error = describeError(err, this.options.url);
      if (err instanceof TimeoutError) exchange.timedOutAfterMs = timeoutMs;
      this.transcript.note(`${method} failed: ${exchange.error}`);
      return exchange;
    }
    exchange.status = response.statusCode;
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) exchange.headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    exchange.contentType = (exchange.headers['content-type'] ?? '').toLowerCase();
    this.transcript.record('recv', lane, '', { method, status: exchange.status, headers: exchange.headers });
    const ok = exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;
    if (exchange.contentType.startsWith('text/event-stream')) {
      // The stream may stay open for a long time; read it in the background. The session's own GET
      // stream lives as long as the session; any other is cut once the request's timeout has passed
      // again since its headers (the request's answer, if any, was due long before).
      exchange.sse = new SseStream(() => response.destroy());
      const listening = method === 'GET' && deliver && !isResumption(exchange);
      const reading = this.readSse(response, exchange, lane, deliver && ok, listening ? undefined : timeoutMs);
      if (method === 'POST' || (deliver && isResumption(exchange))) {
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
      this.emitFrame(exchange, exchange.body, `${lane}-json`, deliver && ok, read.notUtf8);
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
   * One HTTP request with node:http (not fetch: fetch refuses "bad ports" such as 6000 and hides
   * raw behaviour). Never follows redirects; a 3xx is reported as the status it is.
   */
  private async open(method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<IncomingMessage> {
    try {
      return await this.openOnce(method, headers, body, timeoutMs);
    } catch (err) {
      // A kept-alive connection the server closed while it sat idle (its keep-alive timeout) is reset
      // when reused: the request never reached the server, so it goes once more on a new connection
      // (Node's documented remedy). Only for a reused socket, and only once: any other reset is the target's.
      if (!(err instanceof StaleSocketError)) throw err;
      this.transcript.note(`${method}: the kept-alive connection was closed by the server while idle; sent again on a new connection`);
      return this.openOnce(method, headers, body, timeoutMs);
    }
  }

  private openOnce(method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<IncomingMessage> {
    const url = new URL(this.options.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } });
      this.requests.add(req);
      const timer = setTimeout(() => req.destroy(new TimeoutError()), timeoutMs);
      req.once('response', (res) => {
        clearTimeout(timer);
        // The body (or stream) gets the same limit again, from now.
        const bodyTimer = setTimeout(() => res.destroy(new TimeoutError()), timeoutMs);
        res.once('close', () => {
          clearTimeout(bodyTimer);
          this.requests.delete(req);
        });
        if (res.headers['content-type']?.startsWith('text/event-stream')) clearTimeout(bodyTimer);
        resolve(res);
      });
      req.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        this.requests.delete(req);
        reject(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleSocketError(err) : err);
      });
      req.end(body);
    });
  }

  /**
   * Reads an SSE stream to its end, delivering its messages; resolves true when the server ended
   * it, false when the harness cut it (past `deadlineMs` after its headers, over the byte cap, or
   * by a scenario's `cut`).
   */
  private async readSse(body: IncomingMessage, exchange: HttpExchange, lane: string, deliver: boolean, deadlineMs?: number): Promise<boolean> {
    const stream = exchange.sse!;
    // The same bytes through a strict decoder: from the first byte that is not UTF-8 on, the
    // stream's events are marked (the lenient one has already put U+FFFD in its place).
    const strict = new TextDecoder('utf-8', { fatal: true });
    let notUtf8 = false as boolean;
    const onEvent = (text: string): void => {
      const fields = parseSseEvent(text.replace(/^\uFEFF/, ''));
      if (fields === undefined) return;
      const { data, ...sse } = fields;
      if (carriesMessage(fields)) return stream.add({ ...fields, seq: this.emitFrame(exchange, data!, `${lane}-sse`, deliver, notUtf8 || undefined, sse) });
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
        if (!notUtf8) {
          try {
            strict.decode(chunk, { stream: true });
          } catch {
            notUtf8 = true;
          }
        }
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
    if (notUtf8) frame.notUtf8 = true;
    exchange.frames.push(frame);
    if (deliver) this.emit(frame);
    return seq;
  }
}

/** Whether a parsed frame is a JSON-RPC response (or a batch holding one). */
function isResponseFrame(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isResponseFrame);
  return typeof value === 'object' && value !== null && 'id' in value && ('result' in value || 'error' in value);
}

/**
 * A response body read to its end (or the body timeout): as text when it is at most MAX_BODY_BYTES,
 * else only counted, its head and tail kept.
 */
async function readBody(response: IncomingMessage): Promise<{ text: string; oversize?: OversizeFrame; timedOut?: true; notUtf8?: true }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let oversize: OversizeFrame | undefined;
  let cut = '';
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (oversize) {
        oversize.add(chunk);
        continue;
      }
      total += chunk.byteLength;
      chunks.push(chunk);
      if (total > MAX_BODY_BYTES) {
        oversize = new OversizeFrame();
        for (const piece of chunks) oversize.add(piece);
        chunks.length = 0;
      }
    }
  } catch (err) {
    if (err instanceof TimeoutError && !oversize) return { text: Buffer.concat(chunks).toString('utf8'), timedOut: true };
    cut = `… [body cut short: ${err instanceof TimeoutError ? 'no end in time' : (err as Error).message}]`;
  }
  if (oversize) return { text: '', oversize };
  const bytes = Buffer.concat(chunks);
  return { text: bytes.toString('utf8') + cut, ...(isUtf8(bytes) ? {} : { notUtf8: true as const }) };
}

/** A line terminator followed by another: the end of an SSE event (a CR directly before LF is one terminator). */
const EVENT_END = /(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)/g;

/**
 * Splits an SSE stream's text into whole events (each up to the blank line that ends it), holding at
 * most MAX_BODY_BYTES of one: a longer event is counted and dropped as it comes, its head and tail
 * kept, and handed over once it ends.
 */
class SseEvents {
  /** The text of the event so far, in the pieces it came in (joined once, when the event ends). */
  private pieces: string[] = [];
  private size = 0;
  /** The last characters seen: an event's end may begin in them. */
  private tail = '';
  private oversize: OversizeFrame | undefined;

  constructor(
    private readonly onEvent: (text: string) => void,
    private readonly onOversize: (oversize: OversizeFrame) => void,
  ) {}

  push(text: string): void {
    // Each piece is searched once (with the few characters before it), never the event's whole text again.
    for (;;) {
      EVENT_END.lastIndex = 0;
      const match = EVENT_END.exec(this.tail + text);
      if (!match) break;
      const cut = match.index + match[0].length - this.tail.length;
      this.take(text.slice(0, cut));
      text = text.slice(cut);
      if (this.oversize) this.onOversize(this.oversize);
      else this.onEvent(this.pieces.join(''));
      this.pieces = [];
      this.size = 0;
      this.tail = '';
      this.oversize = undefined;
    }
    this.take(text);
    this.tail = (this.tail + text).slice(-3);
  }

  /** The stream ended: an oversize event cut short is still reported; an unfinished small one is dropped, as SSE says. */
  end(): void {
    if (this.oversize) this.onOversize(this.oversize);
    this.oversize = undefined;
    this.pieces = [];
  }

  private take(text: string): void {
    if (text === '') return;
    if (this.oversize) {
      this.oversize.add(text);
      return;
    }
    this.pieces.push(text);
    this.size += text.length;
    if (this.size > MAX_BODY_BYTES) {
      this.oversize = new OversizeFrame();
      for (const piece of this.pieces) this.oversize.add(piece);
      this.pieces = [];
    }
  }
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

/** A reset on a reused kept-alive socket before any response: the request was not delivered. */
class StaleSocketError extends Error {
  readonly code = 'ECONNRESET';
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

class TimeoutError extends Error {
  constructor() {
    super('timeout');
  }
}

function describeError(err: unknown, url: string): string {
  if (err instanceof TimeoutError) return `no response from ${url} in time`;
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ECONNREFUSED') return `connection refused by ${url}`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `host not found: ${url}`;
  if (e.code === 'ECONNRESET') return `connection reset by ${url}`;
  return `request to ${url} failed: ${e.message}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
