/**
 * The client side of the HTTP+SSE transport of 2024-11-05 (replaced by Streamable HTTP in
 * 2025-03-26): the client GETs an SSE stream whose first event, `endpoint`, names the URI to POST
 * messages to; everything the server sends arrives as `message` events on that stream.
 *
 * The harness never POSTs to an endpoint on another origin than the SSE URL's: the user's headers
 * (Authorization) would go to a host they never named. Such a channel refuses every send with a
 * transport error that says so, and the transport's own checks report it.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import type { IncomingMessage } from 'node:http';
import type { Transcript } from '../util/transcript.js';
import { ChannelBase, parseFrame } from './channel-base.js';
import { MAX_FRAME_BYTES } from './frame-cap.js';
import { HttpRequests, HttpStatusError, readBody, readExchangeBody, sendFailure, startExchange, succeeded, withHeaders, type HttpExchange } from './http-request.js';
import { readSseStream } from './sse.js';

export interface LegacySseOptions {
  /** The SSE URL, where the client GETs the stream. */
  url: string;
  transcript: Transcript;
  /** User headers sent on every request (e.g. Authorization). */
  headers?: Record<string, string>;
  /** How long to wait for the stream's headers, then for its endpoint event, and for each POST. */
  timeoutMs: number;
}

/** How much of the stream is read at most while waiting for the endpoint event. */
export const ENDPOINT_WAIT_BYTES = 64 * 1024;
/**
 * What one session's stream may deliver in all before the harness hangs up: every answer of the
 * session comes on it, so more than one frame's cap; the bound is there for endless streams.
 */
const STREAM_BYTES = 16 * MAX_FRAME_BYTES;

/** One event of the stream that was not a message: its type, its data, and where it was recorded. */
export interface StreamEvent {
  event: string;
  data: string;
  seq: number;
  /** A JSON message under another event type than `message`, after the endpoint (delivered all the same). */
  mislabelled?: true;
}

/** What the GET of the SSE URL showed: the stream and its endpoint event. */
export interface LegacyStream {
  /** The GET's exchange; its frames are every message event of the session. */
  exchange: HttpExchange;
  /** The first event the stream carried, when one came before the harness stopped waiting. */
  first?: StreamEvent;
  /** The endpoint event: its data as sent, and (when it is a URI) the URL it names, resolved against the SSE URL. */
  endpoint?: StreamEvent & { url?: string };
  /** Events other than the first `endpoint` and the `message` events after it, in order. */
  others: StreamEvent[];
  /** Why frames cannot be sent: no stream, no endpoint event, an endpoint on another origin. */
  problem?: string;
}

/** A probe outside the session: GET goes to the SSE URL, POST to the endpoint. */
export interface LegacyProbeOptions {
  body?: string;
  /** Extra or overriding headers; a header set to `null` is removed. */
  headers?: Record<string, string | null>;
  timeoutMs?: number;
}

/** The `endpoint` event's URI against the SSE URL: the URL to POST to, or why there is none. */
export function resolveEndpoint(data: string, sseUrl: string): { url?: string; problem?: string } {
  let url: URL;
  try {
    url = new URL(data.trim(), sseUrl);
  } catch {
    return { problem: `the endpoint event's data ${JSON.stringify(data.slice(0, 200))} is no URI` };
  }
  const origin = new URL(sseUrl).origin;
  if (url.origin !== origin) {
    // Without the query (a session id): the same words for every session, so that reports group them.
    return { problem: `the endpoint event names ${url.origin}${url.pathname}, on another origin than the SSE stream (${origin}); the harness never sends there` };
  }
  return { url: url.href };
}

export class LegacySseChannel extends ChannelBase {
  readonly transport = 'legacy-sse' as const;
  /** The GET that opened the stream, every POST, and every probe, in order. */
  readonly exchanges: HttpExchange[] = [];
  private readonly requests = new HttpRequests();
  private state: LegacyStream | undefined;

  private constructor(private readonly options: LegacySseOptions) {
    super();
  }

  /**
   * Opens the stream and waits for its endpoint event (for `timeoutMs`, and ENDPOINT_WAIT_BYTES of
   * events). Never rejects: a stream that cannot be used says why in `stream.problem`, and every
   * send then fails with it.
   */
  static async connect(options: LegacySseOptions): Promise<LegacySseChannel> {
    const channel = new LegacySseChannel(options);
    await channel.open();
    return channel;
  }

  get transcript(): Transcript {
    return this.options.transcript;
  }

  get url(): string {
    return this.options.url;
  }

  get stream(): LegacyStream {
    if (!this.state) throw new Error('harness bug: the legacy SSE channel was used before it connected');
    return this.state;
  }

  async send(text: string): Promise<void> {
    if (this.closed) throw new Error('the SSE channel is closed');
    const { endpoint, problem, exchange } = this.stream;
    if (problem !== undefined || endpoint?.url === undefined) {
      throw new HttpStatusError(problem ?? 'no endpoint to send to', undefined, exchange.seq);
    }
    const post = await this.post(endpoint.url, { body: text }, true);
    const failure = sendFailure(post);
    if (failure) throw failure;
  }

  /**
   * Sends one request outside the session's flow: GET to the SSE URL (the stream is not read: only
   * the status and headers count), POST to the endpoint (its body is read, not delivered). Resolves
   * with an exchange that has an `error` when there is no endpoint to POST to.
   */
  async probe(method: 'GET' | 'POST', opts: LegacyProbeOptions = {}): Promise<HttpExchange> {
    if (method === 'POST') {
      const { endpoint, problem, exchange } = this.stream;
      if (endpoint?.url === undefined) return { method, requestHeaders: {}, headers: {}, contentType: '', body: '', frames: [], seq: exchange.seq, error: problem ?? 'no endpoint' };
      return this.post(endpoint.url, opts, false);
    }
    const { exchange, response } = await this.get(opts);
    response?.destroy();
    return exchange;
  }

  async close(): Promise<void> {
    this.requests.destroyAll();
    this.finish('the harness closed the connection');
  }

  private get(opts: LegacyProbeOptions): Promise<{ exchange: HttpExchange; response?: IncomingMessage }> {
    const headers = withHeaders({ ...this.options.headers, accept: 'text/event-stream' }, opts.headers);
    return startExchange(this.requests, this.transcript, this.exchanges, { url: this.options.url, method: 'GET', headers, timeoutMs: opts.timeoutMs ?? this.options.timeoutMs });
  }

  private async post(url: string, opts: LegacyProbeOptions, deliver: boolean): Promise<HttpExchange> {
    const headers = withHeaders({ ...this.options.headers, 'content-type': 'application/json' }, opts.headers);
    const { exchange, response } = await startExchange(this.requests, this.transcript, this.exchanges, { url, method: 'POST', headers, body: opts.body, timeoutMs: opts.timeoutMs ?? this.options.timeoutMs });
    if (!response) return exchange;
    // Answers belong on the stream; one in the POST's body is read anyway (its own check reports it),
    // so that one transport fault does not turn every later check into a timeout.
    const { frame } = await readExchangeBody(response, exchange, this.transcript, 'POST');
    if (frame && deliver && succeeded(exchange)) this.emit(frame);
    return exchange;
  }

  private async open(): Promise<void> {
    const { exchange, response } = await this.get({});
    const state: LegacyStream = { exchange, others: [] };
    this.state = state;
    if (!response) {
      state.problem = `cannot open the SSE stream: ${exchange.error ?? 'no response'}`;
      return;
    }
    if (exchange.status !== 200 || !exchange.contentType.startsWith('text/event-stream')) {
      exchange.body = (await readBody(response)).text.slice(0, 2000);
      if (exchange.body) this.transcript.record('recv', 'GET-body', exchange.body);
      state.problem = `GET ${this.options.url} answered HTTP ${exchange.status}${exchange.contentType ? ` (${exchange.contentType.split(';')[0]})` : ''}, not an SSE stream`;
      return;
    }
    // Why the wait for the endpoint ended without one: the stream ended, or sent too much without it, or time ran out.
    let gaveUp = `within ${this.options.timeoutMs} ms`;
    let announced: ((why?: string) => void) | undefined;
    const endpointSeen = new Promise<void>((resolve) => (announced = (why) => {
      if (why !== undefined && !state.endpoint) gaveUp = why;
      resolve();
    }));
    let before = 0;
    const onEvent = (event: EventSourceMessage, notUtf8: boolean): void => {
      const type = event.event ?? 'message';
      if (type === 'message' && state.endpoint) {
        if (event.data === '') return;
        const frame = parseFrame(event.data, 'GET-sse', this.transcript.record('recv', 'GET-sse', event.data).seq, notUtf8);
        exchange.frames.push(frame);
        this.emit(frame);
        return;
      }
      // A message under another event type is delivered anyway (its own check reports it), so that one
      // transport fault does not turn every later check into a timeout.
      const mislabelled = state.endpoint !== undefined && type !== 'endpoint' && /^\s*[[{]/.test(event.data);
      const lane = type === 'endpoint' ? 'GET-sse-endpoint' : mislabelled ? 'GET-sse-mislabelled' : 'GET-sse-event';
      const seen: StreamEvent = { event: type, data: event.data, seq: this.transcript.record('recv', lane, event.data).seq, ...(mislabelled ? { mislabelled: true as const } : {}) };
      if (mislabelled) {
        const frame = parseFrame(event.data, lane, seen.seq, notUtf8);
        exchange.frames.push(frame);
        this.emit(frame);
      }
      state.first ??= seen;
      if (type === 'endpoint' && !state.endpoint) {
        const resolved = resolveEndpoint(event.data, this.options.url);
        state.endpoint = { ...seen, ...(resolved.url ? { url: resolved.url } : {}) };
        if (resolved.problem) {
          state.problem = resolved.problem;
          this.transcript.note(resolved.problem);
        }
        announced!();
        return;
      }
      // Kept as evidence: events before the endpoint (nothing sent yet for them to answer), keep-alive
      // events of the server's own types, and messages under another type.
      state.others.push(seen);
      before += event.data.length;
      if (!state.endpoint && before > ENDPOINT_WAIT_BYTES) announced!(`in its first ${ENDPOINT_WAIT_BYTES} bytes`);
    };
    const reading = readSseStream(
      response,
      {
        onEvent,
        onOversize: (oversize, head) => {
          this.transcript.note(`GET-sse: ${oversize.note}`);
          const frame = { ...oversize.frame('GET-sse', this.transcript.record('recv', 'GET-sse', head).seq), raw: head };
          exchange.frames.push(frame);
          if (state.endpoint) this.emit(frame);
          else announced!('before an event over the frame cap');
        },
        onOverflow: () => this.transcript.note(`the SSE stream exceeded ${STREAM_BYTES} bytes; closed by the harness`),
      },
      STREAM_BYTES,
    );
    void reading.then(() => {
      announced!('before the stream ended');
      this.finish(this.closed ? 'the harness closed the connection' : 'the server closed the SSE stream');
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([endpointSeen, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.timeoutMs)))]);
    clearTimeout(timer);
    if (!state.endpoint) {
      state.problem = `the SSE stream sent no endpoint event ${gaveUp}${state.first ? ` (it began with a "${state.first.event}" event)` : ''}`;
      this.transcript.note(state.problem);
      response.destroy();
    }
  }
}

/**
 * GETs `url` as a legacy SSE client would and resolves with the endpoint the server announced, or
 * undefined when the answer is not an SSE stream with an `endpoint` event within `timeoutMs`.
 * Never rejects; always closes the stream. Used to tell a legacy server apart (the backwards-
 * compatibility probe of 2025-03-26).
 */
export async function sniffLegacySse(url: string, headers: Record<string, string>, timeoutMs: number, transcript: Transcript): Promise<string | undefined> {
  const channel = await LegacySseChannel.connect({ url, headers, timeoutMs, transcript });
  await channel.close();
  return channel.stream.endpoint?.data.trim();
}
