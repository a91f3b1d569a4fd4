import type { IncomingMessage } from 'node:http';
import type { Transcript } from '../util/transcript.js';
import { settlesWithin } from '../util/wait.js';
import { ChannelBase, parseFrame } from './channel-base.js';
import { MAX_FRAME_BYTES } from './frame-cap.js';
import { HttpRequests, readExchangeBody, sendFailure, startExchange, succeeded, withHeaders, type HttpExchange } from './http-request.js';
import { readSseStream } from './sse.js';

export { HttpStatusError, type HttpExchange } from './http-request.js';

/**
 * Largest HTTP body (or SSE event) the harness holds; a longer one is read to its end but only its
 * head and tail are kept (frame-cap.ts), so a hostile or huge answer cannot make it buffer more.
 */
export const MAX_BODY_BYTES = MAX_FRAME_BYTES;

export interface HttpProbeOptions {
  body?: string;
  /** Extra or overriding headers; a header set to `null` is removed. */
  headers?: Record<string, string | null>;
  timeoutMs?: number;
}

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
  private readonly requests = new HttpRequests();
  /** The SSE response streams of POSTs still being read. */
  private readonly postStreams = new Set<Promise<void>>();
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
    const failure = sendFailure(exchange);
    if (failure) throw failure;
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
   * more to them), false when one is still open after `timeoutMs`.
   */
  postResponsesEnded(timeoutMs: number): Promise<boolean> {
    return settlesWithin(Promise.all([...this.postStreams]), timeoutMs);
  }

  async close(): Promise<void> {
    this.requests.destroyAll();
    if (this.sessionId !== undefined && !this.closed) {
      await this.exchange('DELETE', { timeoutMs: 2000 }, false);
    }
    this.finish('the harness closed the connection');
  }

  private async exchange(method: HttpExchange['method'], opts: HttpProbeOptions, deliver: boolean): Promise<HttpExchange> {
    const defaults: Record<string, string> = { ...this.sessionHeaders() };
    if (method === 'GET') defaults.accept = 'text/event-stream';
    if (method === 'POST') Object.assign(defaults, { accept: ACCEPT_POST, 'content-type': 'application/json' });
    const headers = withHeaders(defaults, opts.headers);
    const lane = method;
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs;
    const { exchange, response } = await startExchange(this.requests, this.transcript, this.exchanges, { url: this.options.url, method, headers, body: opts.body, timeoutMs });
    if (!response) return exchange;
    const ok = succeeded(exchange);
    if (exchange.contentType.startsWith('text/event-stream')) {
      // The stream may stay open for a long time; read it in the background.
      const reading = this.readSse(response, exchange, lane, deliver && ok);
      if (method === 'POST') {
        this.postStreams.add(reading);
        void reading.then(() => this.postStreams.delete(reading));
      } else if (method === 'GET' && deliver && ok) {
        this.getStreams++;
        void reading.then(() => this.getStreams--);
      }
      return exchange;
    }
    const { frame, labelled } = await readExchangeBody(response, exchange, this.transcript, lane);
    // An error status may carry a JSON-RPC error without an id: evidence for the exchange, but not
    // a message of the session (it answers the HTTP request, not a JSON-RPC request).
    if (frame && deliver && (ok || !labelled)) this.emit(frame);
    return exchange;
  }

  private async readSse(body: IncomingMessage, exchange: HttpExchange, lane: string, deliver: boolean): Promise<void> {
    await readSseStream(body, {
      onEvent: (event, notUtf8) => {
        if (event.event !== undefined && event.event !== 'message') return;
        if (event.data === '') return;
        this.emitFrame(exchange, event.data, `${lane}-sse`, deliver, notUtf8);
      },
      onOversize: (oversize, head) => {
        this.transcript.note(`${lane}-sse: ${oversize.note}`);
        const seq = this.transcript.record('recv', `${lane}-sse`, head).seq;
        const frame = { ...oversize.frame(`${lane}-sse`, seq), raw: head };
        exchange.frames.push(frame);
        if (deliver) this.emit(frame);
      },
      onOverflow: () => this.transcript.note(`SSE stream exceeded ${MAX_BODY_BYTES} bytes; closed by the harness`),
    });
  }

  private emitFrame(exchange: HttpExchange, raw: string, lane: string, deliver: boolean, notUtf8: boolean): void {
    const frame = parseFrame(raw, lane, this.transcript.record('recv', lane, raw).seq, notUtf8);
    exchange.frames.push(frame);
    if (deliver) this.emit(frame);
  }
}
