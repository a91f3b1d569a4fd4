/**
 * The HTTP requests of both HTTP transports (Streamable HTTP and the legacy HTTP+SSE): node:http,
 * not fetch (fetch refuses "bad ports" such as 6000 and hides raw behaviour), never following a
 * redirect, every wait bounded, every body read bounded.
 */
import { isUtf8 } from 'node:buffer';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Transcript } from '../util/transcript.js';
import { MAX_FRAME_BYTES, OversizeFrame, type Oversize } from './frame-cap.js';
import { parseFrame } from './channel-base.js';
import type { SseStream } from './sse.js';
import type { InboundFrame } from './types.js';

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

/** Headers given by the caller over defaults: names lower-cased, a `null` value removes the header. */
export function withHeaders(base: Record<string, string>, extra: Record<string, string | null> = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(extra)) {
    const key = name.toLowerCase();
    if (value === null) delete headers[key];
    else headers[key] = value;
  }
  return headers;
}

/** One request as the channels make it: recorded (both ways) in the transcript and in `exchanges`. */
export interface ExchangeRequest {
  url: string;
  method: HttpExchange['method'];
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/**
 * Sends one request and records it: the request in the transcript, the exchange in `exchanges`,
 * then either the failure (no response: `error`, and `timedOutAfterMs` for silence) or the status and
 * headers. The body is the caller's to read; the response is undefined when none came.
 */
export async function startExchange(requests: HttpRequests, transcript: Transcript, exchanges: HttpExchange[], req: ExchangeRequest): Promise<{ exchange: HttpExchange; response?: IncomingMessage }> {
  const { url, method, headers, body, timeoutMs } = req;
  const seq = transcript.record('send', method, body ?? '', { method, headers }).seq;
  const exchange: HttpExchange = { method, requestHeaders: headers, requestBody: body, headers: {}, contentType: '', body: '', frames: [], seq };
  exchanges.push(exchange);
  let response: IncomingMessage;
  try {
    response = await requests.send(url, method, headers, body, timeoutMs, () =>
      transcript.note(`${method}: the kept-alive connection was closed by the server while idle; sent again on a new connection`),
    );
  } catch (err) {
    exchange.error = describeError(err, url);
    if (err instanceof TimeoutError) exchange.timedOutAfterMs = timeoutMs;
    transcript.note(`${method} failed: ${exchange.error}`);
    return { exchange };
  }
  exchange.status = response.statusCode;
  exchange.headers = headersOf(response);
  exchange.contentType = (exchange.headers['content-type'] ?? '').toLowerCase();
  transcript.record('recv', method, '', { method, status: exchange.status, headers: exchange.headers });
  return { exchange, response };
}

/** Whether an exchange got a 2xx status. */
export function succeeded(exchange: HttpExchange): boolean {
  return exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;
}

/**
 * The error a channel's `send` throws for the POST that carried a frame, or undefined when the
 * frame was delivered (a 2xx): no response, an oversize answer, or a status that refused it.
 */
export function sendFailure(exchange: HttpExchange): HttpStatusError | undefined {
  if (exchange.error !== undefined) return new HttpStatusError(exchange.error, undefined, exchange.seq, exchange.timedOutAfterMs);
  // The answer to this POST, too long to be read: the session makes it this request's reply
  // even when no id could be read from it.
  if (exchange.oversize) return new HttpStatusError(`HTTP ${exchange.status}: the response body is one frame of ${exchange.oversize.bytes} bytes`, exchange.status, exchange.seq, undefined, exchange.oversize);
  if (succeeded(exchange)) return undefined;
  const type = exchange.contentType ? ` (${exchange.contentType.split(';')[0]})` : '';
  return new HttpStatusError(`HTTP ${exchange.status}${type}${exchange.body ? `: ${clip(exchange.body, 300)}` : ''}`, exchange.status, exchange.seq);
}

/** No response headers (or no body end) within the limit. */
export class TimeoutError extends Error {
  constructor() {
    super('timeout');
  }
}

/** A reset on a reused kept-alive socket before any response: the request was not delivered. */
class StaleSocketError extends Error {
  readonly code = 'ECONNRESET';
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/**
 * The requests of one channel: each opened with a deadline for its headers and again for its body
 * (an SSE body has none: its reader bounds it), all destroyed at once by `destroyAll`.
 */
export class HttpRequests {
  private readonly open = new Set<ClientRequest>();

  /**
   * One request; resolves with the response once its headers arrive. Never follows redirects: a 3xx
   * is reported as the status it is. `onResend` hears when a stale kept-alive socket made it resend.
   */
  async send(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number, onResend?: () => void): Promise<IncomingMessage> {
    try {
      return await this.sendOnce(url, method, headers, body, timeoutMs);
    } catch (err) {
      // A kept-alive connection the server closed while it sat idle (its keep-alive timeout) is reset
      // when reused: the request never reached the server, so it goes once more on a new connection
      // (Node's documented remedy). Only for a reused socket, and only once: any other reset is the target's.
      if (!(err instanceof StaleSocketError)) throw err;
      onResend?.();
      return this.sendOnce(url, method, headers, body, timeoutMs);
    }
  }

  destroyAll(): void {
    for (const req of this.open) req.destroy();
  }

  private sendOnce(target: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<IncomingMessage> {
    const url = new URL(target);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } });
      this.open.add(req);
      const timer = setTimeout(() => req.destroy(new TimeoutError()), timeoutMs);
      req.once('response', (res) => {
        clearTimeout(timer);
        // The body (or stream) gets the same limit again, from now.
        const bodyTimer = setTimeout(() => res.destroy(new TimeoutError()), timeoutMs);
        res.once('close', () => {
          clearTimeout(bodyTimer);
          this.open.delete(req);
        });
        if (res.headers['content-type']?.startsWith('text/event-stream')) clearTimeout(bodyTimer);
        resolve(res);
      });
      req.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        this.open.delete(req);
        reject(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleSocketError(err) : err);
      });
      req.end(body);
    });
  }
}

/** A response's headers as one string each (repeated ones joined), for the record. */
export function headersOf(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * A response body read to its end (or the body timeout): as text when it is at most MAX_FRAME_BYTES,
 * else only counted, its head and tail kept.
 */
export async function readBody(response: IncomingMessage): Promise<{ text: string; oversize?: OversizeFrame; timedOut?: true; notUtf8?: true }> {
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
      if (total > MAX_FRAME_BYTES) {
        oversize = new OversizeFrame();
        for (const piece of chunks) oversize.add(piece);
        chunks.length = 0;
      }
    }
  } catch (err) {
    // Headers in time, then a body that never ended (a trickle): the caller treats it as silence.
    if (err instanceof TimeoutError && !oversize) return { text: Buffer.concat(chunks).toString('utf8'), timedOut: true };
    cut = `… [body cut short: ${err instanceof TimeoutError ? 'no end in time' : (err as Error).message}]`;
  }
  if (oversize) return { text: '', oversize };
  const bytes = Buffer.concat(chunks);
  return { text: bytes.toString('utf8') + cut, ...(isUtf8(bytes) ? {} : { notUtf8: true as const }) };
}

/**
 * Reads a response body that is not an SSE stream into its exchange and records it once: as the
 * frame it carries (whose seq evidence points at), or as a plain body. The frame is returned for
 * the channel to deliver; `labelled` is false for a JSON body under another Content-Type of a 2xx
 * answer, which is read anyway so that one transport fault (which its own check reports) does not
 * turn every later check into a timeout.
 */
export async function readExchangeBody(response: IncomingMessage, exchange: HttpExchange, transcript: Transcript, lane: string): Promise<{ frame?: InboundFrame; labelled?: boolean }> {
  const read = await readBody(response);
  exchange.body = read.text;
  const json = exchange.contentType.startsWith('application/json');
  if (read.oversize) {
    const oversize = read.oversize;
    exchange.body = `${oversize.headText}… [${oversize.note}]`;
    transcript.note(`${lane}: ${oversize.note}`);
    const seq = transcript.record('recv', json ? `${lane}-json` : `${lane}-body`, oversize.headText).seq;
    if (!json) return {};
    const frame = oversize.frame(`${lane}-json`, seq);
    exchange.oversize = frame.oversize;
    exchange.frames.push(frame);
    return { frame, labelled: true };
  }
  const body = exchange.body;
  const labelled = json && body.trim() !== '';
  if (labelled || (succeeded(exchange) && body.trim().startsWith('{'))) {
    const frameLane = labelled ? `${lane}-json` : `${lane}-mislabelled`;
    const frame = parseFrame(body, frameLane, transcript.record('recv', frameLane, body).seq, read.notUtf8);
    exchange.frames.push(frame);
    return { frame, labelled };
  }
  if (body.length > 0) transcript.record('recv', `${lane}-body`, body);
  return {};
}

/** A failed request in words, naming the URL. */
export function describeError(err: unknown, url: string): string {
  if (err instanceof TimeoutError) return `no response from ${url} in time`;
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ECONNREFUSED') return `connection refused by ${url}`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `host not found: ${url}`;
  if (e.code === 'ECONNRESET') return `connection reset by ${url}`;
  return `request to ${url} failed: ${e.message}`;
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
