/**
 * The harness as a Streamable HTTP server, for a client under test: one endpoint on 127.0.0.1 per
 * scenario. It is a `Channel` like any other: what the client POSTs arrives as frames, and what the
 * harness's session sends goes out the way the transport says: a response in the HTTP response of
 * the POST that carried its request (a JSON body or an SSE stream), a request or notification on
 * the SSE stream of the request being handled when there is one, else on the client's GET stream.
 *
 * Every HTTP request is recorded as it came (hosted-endpoint.ts: method, headers, the messages it
 * carried, the status it got): the client-side transport checks judge those records. The endpoint
 * is lenient on purpose: a request without its session id is still served, so one fault does not
 * hide the checks after it.
 * What it refuses, it refuses because a scenario asked (a session expired to see the client start a
 * new one, no GET stream).
 *
 * At the stateless revisions (2026-07-28 on, `stateless`) the endpoint mints no session, answers GET
 * and DELETE with 405, and a request refused with one of the protocol errors the transport page
 * gives a status for gets its JSON-RPC error as a JSON body with that status (404 for an unknown
 * method, 400 for a header mismatch, a missing client capability or an unsupported version).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sseEvent } from '../transports/sse.js';
import type { InboundFrame } from '../transports/types.js';
import type { Transcript } from '../util/transcript.js';
import { classify, ErrorCode, type RequestId } from '../wire/jsonrpc.js';
import { MODERN_ERRORS } from '../wire/request-meta.js';
import { HostedEndpoint, idKey, safeParse, type HttpRequestRecord } from './hosted-endpoint.js';

/** The path of the endpoint: the URL handed to the client ends in it. */
export const HOSTED_PATH = '/mcp';

/** What the endpoint's SSE streams did, for the resumption checks. */
export interface StreamRecord {
  id: string;
  kind: 'post' | 'get';
  /** When the endpoint closed its connection before the response (see `dropStream`), with the retry it announced. */
  dropped?: { t: number; retryMs: number; lastEventId: string };
  /** Stateless revisions: when the endpoint broke the stream off before the response, for good (see `dropStream`). */
  broken?: { t: number };
  /** GET requests that resumed it (record numbers). */
  resumedBy: number[];
}

export interface HostedHttpOptions {
  transcript: Transcript;
  /** How a POST carrying requests is answered, by the first request's method. Default: an SSE stream for tools/call, JSON otherwise. */
  responseMode?: (method: string) => 'json' | 'sse';
  /** Whether GET opens an SSE stream; false answers 405. Default true. */
  getStream?: boolean;
  /**
   * How many sessions the endpoint forgets right after the client's notifications/initialized (each
   * later request naming it gets 404): the client must then start a new session. Default 0.
   */
  expireSessions?: number;
  /** The stateless revisions' endpoint: no sessions, no GET stream, protocol errors with their HTTP status. */
  stateless?: boolean;
  /**
   * Answers a POST carrying one request at the HTTP level, before the harness's session does (a
   * server of the earlier era refusing a request that comes without a session: 400 and the body it
   * gives, '' for none). The request still reaches the session, whose answer is then not sent.
   */
  refuse?: (post: RefusablePost) => HttpRefusal | undefined;
}

/** What `refuse` is shown of a POST that carries one request. */
export interface RefusablePost {
  method: string;
  /** Its Mcp-Session-Id, when it has one. */
  sessionId: string | undefined;
}

/** A POST answered at the HTTP level: this status, and this body (a JSON one; '' for none). */
export interface HttpRefusal {
  status: number;
  body: string;
}

/** The HTTP status of a JSON-RPC error at the stateless revisions, by code (200 for the others). */
const MODERN_ERROR_STATUS: Readonly<Record<number, number>> = {
  [ErrorCode.MethodNotFound]: 404,
  [MODERN_ERRORS.headerMismatch]: 400,
  [MODERN_ERRORS.missingClientCapability]: 400,
  [MODERN_ERRORS.unsupportedProtocolVersion]: 400,
};

interface Stream {
  id: string;
  kind: 'post' | 'get';
  sessionId: string | undefined;
  /** The open connection; undefined once it closed (its later events wait for a resumption). */
  res: ServerResponse | undefined;
  /** JSON mode: the response is one body, written once every request of the POST is answered. */
  json: boolean;
  /**
   * Stateless SSE mode: the status line waits for the first message, so that a request answered
   * with nothing but an error gets it as a JSON body with the error's status instead.
   */
  headPending: boolean;
  /** The POST that opened it (none for a GET stream). */
  post: HttpRequestRecord | undefined;
  /** Events sent on it, for replay after Last-Event-ID. */
  events: { id: string; text: string }[];
  /** Requests of the POST still unanswered (id keys); the stream ends when none remain. */
  awaiting: Set<string>;
  /** JSON mode: the responses gathered so far, in order. */
  gathered: string[];
  batch: boolean;
  /** JSON mode: headers of the response (the session id of an initialize). */
  headers: Record<string, string>;
  record: StreamRecord;
}

/**
 * A Streamable HTTP endpoint hosted for one client under test. `start()` binds it; `url` is what
 * the client is given; `close()` ends every open stream and the server.
 */
export class HostedHttpEndpoint extends HostedEndpoint {
  readonly transport = 'streamable-http' as const;
  readonly streams: StreamRecord[] = [];
  private readonly options: HostedHttpOptions;
  private readonly live = new Map<string, Stream>();
  private readonly ended = new Set<string>();
  private readonly context = new AsyncLocalStorage<Stream>();
  /** Requests and notifications with no stream to go on yet: the next GET stream gets them. */
  private readonly parked: string[] = [];
  /** Requests whose POST `refuse` answered (id keys): the session's answers to them are not sent. */
  private readonly refused = new Set<string>();
  private expireLeft: number;
  private streamCount = 0;

  constructor(options: HostedHttpOptions) {
    super(options.transcript, HOSTED_PATH);
    this.options = options;
    this.expireLeft = options.expireSessions ?? 0;
  }

  /**
   * Sends a frame of the harness's session: a response goes to the POST that carried its request;
   * a request or notification to the stream of the request being handled, else the GET stream,
   * else it waits for one.
   */
  async send(text: string): Promise<void> {
    if (this.closed) throw new Error('the hosted endpoint is closed');
    const value = safeParse(text);
    const kind = classify(value).kind;
    if (kind === 'result' || kind === 'error') {
      const key = idKey((value as { id?: RequestId }).id);
      if (this.refused.delete(key)) {
        this.transcript.note('the answer to a request whose POST was refused at the HTTP level: not sent');
        return;
      }
      const stream = [...this.liveStreams()].find((s) => s.awaiting.has(key));
      if (!stream) {
        this.transcript.record('send', 'unrouted', text);
        this.transcript.note('a response whose request is no longer waiting on any POST: not sent');
        return;
      }
      stream.awaiting.delete(key);
      this.deliver(stream, text);
      if (stream.awaiting.size === 0) this.finishPost(stream);
      return;
    }
    const current = this.context.getStore();
    const target = current && !current.json && current.awaiting.size > 0 && this.live.has(current.id) ? current : this.getStreamFor(current?.sessionId);
    if (target) this.deliver(target, text);
    else {
      this.parked.push(text);
      this.transcript.note('no stream open for a message to the client yet: it goes on the next GET stream');
    }
  }

  /**
   * Closes the connection of the SSE stream of the request being handled, after an event that
   * carries an id and `retry` (an SSE priming event): the client is expected to come back with GET
   * and Last-Event-ID after `retryMs`, and gets the rest of the stream there. Returns false when the
   * current request has no open SSE stream.
   */
  dropStream(retryMs: number): boolean {
    const stream = this.context.getStore();
    if (!stream || stream.json || !stream.res) return false;
    if (this.options.stateless) return this.breakStream(stream);
    const id = `${stream.id}-${stream.events.length}`;
    const text = sseEvent('', { id, retry: retryMs });
    stream.events.push({ id, text });
    this.transcript.record('send', `${stream.kind.toUpperCase()}-sse`, '', undefined, { id, retry: retryMs });
    stream.res.end(text);
    stream.res = undefined;
    stream.record.dropped = { t: this.now(), retryMs, lastEventId: id };
    this.transcript.note(`closed the connection of SSE stream ${stream.id} after a priming event (id ${id}, retry ${retryMs} ms): the client should resume it with GET and Last-Event-ID`);
    return true;
  }

  /**
   * The stateless revisions' broken stream: the SSE response opens and its connection ends with no
   * event at all (no id, no retry: nothing to resume). The request is lost; its response, when the
   * harness gives one, goes nowhere.
   */
  private breakStream(stream: Stream): true {
    if (stream.headPending && stream.res) {
      stream.headPending = false;
      this.openSse(stream.res, stream.headers);
    }
    stream.res!.end();
    stream.res = undefined;
    stream.record.broken = { t: this.now() };
    stream.awaiting.clear();
    this.live.delete(stream.id);
    this.transcript.note(`broke off SSE stream ${stream.id} before its response (no event, nothing to resume): the client should send the request again, with a new id`);
    return true;
  }

  async close(): Promise<void> {
    for (const stream of this.live.values()) stream.res?.end();
    this.live.clear();
    await this.shutdown();
  }

  protected async serve(req: IncomingMessage, res: ServerResponse, record: HttpRequestRecord): Promise<void> {
    const answer = (status: number, extra: Record<string, string> = {}, body = ''): void => this.answer(res, record, status, extra, body);
    const { method, path, headers } = record;
    if (path !== HOSTED_PATH) return answer(404);
    if (this.options.stateless && method !== 'POST') return answer(405, { allow: 'POST' });
    const sessionId = headers['mcp-session-id'];
    if (method === 'POST') return this.post(req, res, record, sessionId);
    if (sessionId !== undefined && this.ended.has(sessionId)) return this.unknownSession(record, res);
    if (method === 'GET') {
      if (this.options.getStream === false) return answer(405, { allow: 'POST, DELETE' });
      const last = headers['last-event-id'];
      const resumed = last === undefined ? undefined : this.resumable(last);
      record.status = 200;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      if (resumed) return this.resume(resumed, last!, res, record);
      if (last !== undefined) this.transcript.note(`GET with Last-Event-ID ${last}, which names no stream of this endpoint: a new stream`);
      const stream = this.openStream('get', sessionId, res, false);
      for (const text of this.parked.splice(0)) this.deliver(stream, text);
      return;
    }
    if (method === 'DELETE') {
      if (sessionId === undefined || !this.sessionIds.includes(sessionId)) return answer(sessionId === undefined ? 400 : 404);
      this.ended.add(sessionId);
      for (const stream of this.liveStreams()) if (stream.sessionId === sessionId) this.endStream(stream);
      return answer(200);
    }
    answer(405, { allow: 'GET, POST, DELETE' });
  }

  private async post(req: IncomingMessage, res: ServerResponse, record: HttpRequestRecord, sessionId: string | undefined): Promise<void> {
    const { frame, values } = await this.readPost(req, record);
    if (sessionId !== undefined && this.ended.has(sessionId)) return this.unknownSession(record, res);
    const requests = values.filter((v) => classify(v).kind === 'request') as { id: RequestId; method: string }[];
    const headers: Record<string, string> = {};
    const initialize = requests.find((r) => r.method === 'initialize');
    let session = sessionId;
    if (initialize && !this.options.stateless) {
      session = randomUUID();
      this.sessionIds.push(session);
      headers['mcp-session-id'] = session;
    }
    if (requests.length === 0) {
      // Notifications and responses only (or no message at all): accepted, or refused as no message.
      const status = frame.parseError === undefined && values.length > 0 ? 202 : 400;
      record.status = status;
      res.writeHead(status).end();
      this.emit(frame);
      const initialized = values.some((v) => classify(v).kind === 'notification' && (v as { method: string }).method === 'notifications/initialized');
      if (initialized && sessionId !== undefined && this.expireLeft > 0) {
        this.expireLeft--;
        this.ended.add(sessionId);
        this.transcript.note(`the endpoint forgets session ${sessionId} now: its next request gets 404, and the client should start a new session`);
      }
      return;
    }
    const refusal = requests.length === 1 && !record.batch ? this.options.refuse?.({ method: requests[0]!.method, sessionId }) : undefined;
    if (refusal) return this.refuseRequest(res, record, frame, requests[0]!.id, refusal);
    const json = (this.options.responseMode ?? defaultMode)(requests[0]!.method) === 'json';
    record.status = 200;
    const stream = this.openStream('post', session, res, json, headers);
    stream.post = record;
    stream.headPending = !json && this.options.stateless === true;
    if (!json && !stream.headPending) this.openSse(res, headers);
    stream.batch = record.batch;
    for (const r of requests) stream.awaiting.add(idKey(r.id));
    this.context.run(stream, () => this.emit(frame));
  }

  /** A POST answered at the HTTP level (see `refuse`); its request still reaches the session, which is told nothing of its answer. */
  private refuseRequest(res: ServerResponse, record: HttpRequestRecord, frame: InboundFrame, id: RequestId, refusal: HttpRefusal): void {
    record.status = refusal.status;
    res.writeHead(refusal.status, refusal.body === '' ? {} : { 'content-type': 'application/json' }).end(refusal.body);
    this.transcript.record('send', `POST-${refusal.status}`, refusal.body);
    this.transcript.note(`answered the POST with HTTP ${refusal.status} and ${refusal.body === '' ? 'an empty body' : 'this body'}, before the session saw its request`);
    this.refused.add(idKey(id));
    this.emit(frame);
  }

  /** 404 for a request that names a session the endpoint ended or forgot. */
  private unknownSession(record: HttpRequestRecord, res: ServerResponse): void {
    record.status = 404;
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }));
    this.transcript.note(`answered 404: session ${record.headers['mcp-session-id']} is not known (any more)`);
  }

  private openSse(res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
  }

  private openStream(kind: 'post' | 'get', sessionId: string | undefined, res: ServerResponse, json: boolean, headers: Record<string, string> = {}): Stream {
    const id = `s${++this.streamCount}`;
    const record: StreamRecord = { id, kind, resumedBy: [] };
    this.streams.push(record);
    const stream: Stream = { id, kind, sessionId, res, json, headPending: false, post: undefined, events: [], awaiting: new Set(), gathered: [], batch: false, headers, record };
    this.live.set(id, stream);
    res.once('close', () => {
      if (stream.res === res) stream.res = undefined;
      if (stream.kind === 'get' && stream.awaiting.size === 0) this.live.delete(id);
    });
    return stream;
  }

  private deliver(stream: Stream, text: string): void {
    if (stream.headPending) {
      stream.headPending = false;
      // Only an error, as the whole answer: it goes as a JSON body, with its status.
      const onlyError = stream.awaiting.size === 0 && classify(safeParse(text)).kind === 'error';
      if (onlyError) stream.json = true;
      else if (stream.res) this.openSse(stream.res, stream.headers);
    }
    if (stream.json) {
      stream.gathered.push(text);
      this.transcript.record('send', 'POST-json', text);
      return;
    }
    const id = `${stream.id}-${stream.events.length}`;
    const event = sseEvent(text, { id });
    stream.events.push({ id, text: event });
    const lane = `${stream.kind.toUpperCase()}-sse`;
    if (stream.res) {
      this.transcript.record('send', lane, text, undefined, { id });
      stream.res.write(event);
    } else {
      this.transcript.record('send', `${lane} (held)`, text, undefined, { id });
    }
  }

  /** Every request of a POST is answered: a JSON body is written, an SSE stream ends (or waits to be resumed). */
  private finishPost(stream: Stream): void {
    if (stream.json) {
      const body = stream.batch ? `[${stream.gathered.join(',')}]` : stream.gathered[0] ?? '';
      const status = this.statusOf(body);
      if (stream.post) stream.post.status = status;
      stream.res?.writeHead(status, { ...stream.headers, 'content-type': 'application/json' }).end(body);
      this.live.delete(stream.id);
      return;
    }
    if (stream.res) this.endStream(stream);
    // A dropped stream stays, to be replayed to the GET that resumes it.
  }

  /** The status of a JSON answer: 200, or at the stateless revisions the one its lone error calls for. */
  private statusOf(body: string): number {
    if (!this.options.stateless) return 200;
    const value = safeParse(body);
    const c = classify(value);
    return c.kind === 'error' ? (MODERN_ERROR_STATUS[c.message.error.code] ?? 200) : 200;
  }

  private endStream(stream: Stream): void {
    stream.res?.end();
    stream.res = undefined;
    this.live.delete(stream.id);
  }

  private resumable(lastEventId: string): Stream | undefined {
    const streamId = lastEventId.split('-')[0]!;
    const stream = this.live.get(streamId);
    return stream && stream.events.some((e) => e.id === lastEventId) ? stream : undefined;
  }

  /** A GET with Last-Event-ID: the stream's events after that id, then its later ones, on this connection. */
  private resume(stream: Stream, lastEventId: string, res: ServerResponse, record: HttpRequestRecord): void {
    stream.record.resumedBy.push(record.n);
    this.transcript.note(`GET resumes SSE stream ${stream.id} after event ${lastEventId}`);
    const after = stream.events.slice(stream.events.findIndex((e) => e.id === lastEventId) + 1);
    stream.res?.end();
    stream.res = res;
    res.once('close', () => {
      if (stream.res === res) stream.res = undefined;
    });
    for (const event of after) {
      this.transcript.record('send', 'GET-sse (replayed)', event.text);
      res.write(event.text);
    }
    if (stream.kind === 'post' && stream.awaiting.size === 0) this.endStream(stream);
  }

  private getStreamFor(sessionId: string | undefined): Stream | undefined {
    const gets = [...this.liveStreams()].filter((s) => s.kind === 'get' && s.res);
    return gets.find((s) => s.sessionId === sessionId) ?? gets[0];
  }

  private *liveStreams(): Iterable<Stream> {
    yield* this.live.values();
  }
}

function defaultMode(method: string): 'json' | 'sse' {
  return method === 'tools/call' ? 'sse' : 'json';
}
