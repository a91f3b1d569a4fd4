/**
 * The harness as a server of the legacy HTTP+SSE transport of 2024-11-05, for a client under test:
 * one endpoint on 127.0.0.1 per scenario. The client GETs the SSE URL (`/sse`); the stream's first
 * event, `endpoint`, names the URI to POST messages to (`/messages?sessionId=<uuid>`, one session per
 * stream); each POST carries one message and is answered 202 Accepted; everything the harness sends
 * (responses, requests, notifications) goes out as `message` events on the session's stream.
 *
 * Every HTTP request is recorded as it came (hosted-endpoint.ts), the GET with the endpoint it was
 * given: the client-side checks judge whether each POST went to it. A POST to the SSE URL is refused
 * with 405, as legacy servers do: a client that speaks both transports POSTs initialize there first
 * (the backwards-compatibility probe of 2025-03-26) and must be told to fall back to GET (accepting
 * it would leave such a client waiting for an answer in the POST's response). Otherwise the endpoint
 * is lenient on purpose: a POST anywhere else (a path without the session, another path) is accepted
 * all the same and its messages go to the session whose endpoint it went to, else to the newest
 * stream, so that one fault does not hide the checks after it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sseEvent } from '../transports/sse.js';
import type { Transcript } from '../util/transcript.js';
import { classify, type RequestId } from '../wire/jsonrpc.js';
import { HostedEndpoint, idKey, safeParse, type HttpRequestRecord } from './hosted-endpoint.js';

/** The path of the SSE URL handed to the client. */
export const LEGACY_SSE_PATH = '/sse';
/** The path of the POST endpoint the stream announces. */
export const LEGACY_MESSAGES_PATH = '/messages';

export interface HostedLegacySseOptions {
  transcript: Transcript;
  /**
   * The URI the endpoint event announces for a session, given the endpoint's origin; default
   * `/messages?sessionId=<id>` (relative, as SDK servers send it). Whatever it names must be served
   * here: any path is.
   */
  endpoint?: (sessionId: string, origin: string) => string;
}

interface Session {
  id: string;
  /** The endpoint it announced, as an absolute URL. */
  endpoint: string;
  /** The open stream; undefined once it closed. */
  res: ServerResponse | undefined;
}

export class HostedLegacySseEndpoint extends HostedEndpoint {
  readonly transport = 'legacy-sse' as const;
  private readonly sessions = new Map<string, Session>();
  /** Requests still unanswered (id keys), with the session whose POST carried them. */
  private readonly awaiting = new Map<string, string>();
  /** The session of the POST being handled: requests sent while answering it go on its stream. */
  private readonly context = new AsyncLocalStorage<string>();
  /** Messages with no stream open to go on yet: the next stream gets them. */
  private readonly parked: string[] = [];

  constructor(private readonly options: HostedLegacySseOptions) {
    super(options.transcript, LEGACY_SSE_PATH);
  }

  /** Sends a frame of the harness's session as a `message` event on the stream of the session it belongs to (else the newest). */
  async send(text: string): Promise<void> {
    if (this.closed) throw new Error('the hosted endpoint is closed');
    const value = safeParse(text);
    const kind = classify(value).kind;
    let sessionId = this.context.getStore();
    if (kind === 'result' || kind === 'error') {
      const key = idKey((value as { id?: RequestId }).id);
      sessionId = this.awaiting.get(key) ?? sessionId;
      this.awaiting.delete(key);
    }
    const session = this.streamOf(sessionId);
    if (!session?.res) {
      this.parked.push(text);
      this.transcript.note('no SSE stream open for a message to the client: it goes on the next stream');
      return;
    }
    this.transcript.record('send', 'GET-sse', text);
    session.res.write(sseEvent(text, { event: 'message' }));
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) session.res?.end();
    await this.shutdown();
  }

  protected async serve(req: IncomingMessage, res: ServerResponse, record: HttpRequestRecord): Promise<void> {
    if (record.method === 'POST' && record.path === LEGACY_SSE_PATH) {
      await this.readPost(req, record);
      this.transcript.note(`a POST to the SSE URL: refused with 405 (a legacy server's answer, after which a client probing for Streamable HTTP falls back to GET ${LEGACY_SSE_PATH})`);
      return this.answer(res, record, 405, { allow: 'GET' });
    }
    if (record.method === 'POST') return this.post(req, res, record);
    if (record.method === 'GET' && record.path === LEGACY_SSE_PATH) return this.open(res, record);
    this.answer(res, record, record.path === LEGACY_SSE_PATH ? 405 : 404, record.path === LEGACY_SSE_PATH ? { allow: 'GET' } : {});
  }

  /** A new session and its stream: the endpoint event first, then whatever waited for a stream. */
  private open(res: ServerResponse, record: HttpRequestRecord): void {
    const id = randomUUID();
    const endpoint = this.options.endpoint?.(id, this.origin) ?? `${LEGACY_MESSAGES_PATH}?sessionId=${id}`;
    record.status = 200;
    record.announced = endpoint;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    this.transcript.record('send', 'GET-sse-endpoint', endpoint);
    res.write(sseEvent(endpoint, { event: 'endpoint' }));
    const session: Session = { id, endpoint: new URL(endpoint, this.url).href, res };
    this.sessions.set(id, session);
    this.sessionIds.push(id);
    res.once('close', () => {
      session.res = undefined;
      if (!this.closed) this.transcript.note(`the client closed the SSE stream of session ${id}`);
    });
    for (const text of this.parked.splice(0)) void this.send(text);
  }

  /** One message: accepted (202), its answers sent on the stream of the session whose endpoint it went to (else the newest). */
  private async post(req: IncomingMessage, res: ServerResponse, record: HttpRequestRecord): Promise<void> {
    const { frame, values } = await this.readPost(req, record);
    const href = new URL(record.target, this.origin).href;
    const sessionId = ([...this.sessions.values()].find((s) => s.endpoint === href) ?? this.newest())?.id;
    this.answer(res, record, frame.parseError === undefined && values.length > 0 ? 202 : 400);
    for (const value of values) {
      const c = classify(value);
      if (c.kind === 'request' && sessionId !== undefined) this.awaiting.set(idKey(c.message.id), sessionId);
    }
    if (sessionId === undefined) this.emit(frame);
    else this.context.run(sessionId, () => this.emit(frame));
  }

  /** The session's stream when it is open, else the newest open one. */
  private streamOf(sessionId: string | undefined): Session | undefined {
    const named = sessionId === undefined ? undefined : this.sessions.get(sessionId);
    return named?.res ? named : this.newest();
  }

  private newest(): Session | undefined {
    return [...this.sessions.values()].reverse().find((s) => s.res);
  }
}
