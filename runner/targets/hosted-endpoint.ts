/**
 * What every HTTP endpoint the harness hosts for a client under test shares, whatever the transport
 * (Streamable HTTP: hosted-http.ts; the legacy HTTP+SSE transport: hosted-legacy-sse.ts): one HTTP
 * server on 127.0.0.1 on a free port, the URL handed to the client, and a record of every request as
 * it came (method, path and query, headers, the messages a POST carried, the status it got), which
 * the client-side transport checks judge.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelBase, parseFrame } from '../transports/channel-base.js';
import { headersOf, readBody } from '../transports/http-request.js';
import type { InboundFrame } from '../transports/types.js';
import type { Transcript } from '../util/transcript.js';
import { classify } from '../wire/jsonrpc.js';

/** One JSON-RPC message of a POST body, by kind. */
export interface PostedMessage {
  kind: 'request' | 'notification' | 'response' | 'invalid';
  method?: string;
  id?: unknown;
}

/** One HTTP request the client made, as it arrived. */
export interface HttpRequestRecord {
  /** Arrival order, from 1. */
  n: number;
  /** Milliseconds since the endpoint started listening. */
  t: number;
  method: string;
  path: string;
  /** The request target as sent: the path and, when there is one, the query (`/messages?sessionId=...`). */
  target: string;
  /** Its headers, names in lower case (repeated ones joined). */
  headers: Record<string, string>;
  /** The transcript entry that recorded it (a POST's entry holds its body). */
  seq: number;
  /** What a POST carried: one entry per message (a batch gives several); empty for other methods. */
  messages: PostedMessage[];
  /** Whether a POST body was a JSON array. */
  batch: boolean;
  /** The status the endpoint answered with, once it did. */
  status?: number;
  /** Legacy HTTP+SSE: the endpoint URI the stream this GET opened announced. */
  announced?: string;
}

/** A POST body as the frame it carries, and its messages (none when it is no JSON). */
export interface PostedBody {
  frame: InboundFrame;
  values: unknown[];
}

export abstract class HostedEndpoint extends ChannelBase {
  abstract override readonly transport: 'streamable-http' | 'legacy-sse';
  readonly transcript: Transcript;
  readonly requests: HttpRequestRecord[] = [];
  /** Session ids the endpoint issued, in order. */
  readonly sessionIds: string[] = [];
  /** When the client last made a request (Date.now()), 0 before the first. */
  lastActivity = 0;
  private readonly server: Server;
  private started = 0;
  private address: AddressInfo | undefined;

  /** `path`: the path of the URL handed to the client. */
  constructor(
    transcript: Transcript,
    private readonly path: string,
  ) {
    super();
    this.transcript = transcript;
    this.server = createServer((req, res) => {
      this.screen(req);
      void this.serve(req, res, this.arrived(req)).catch((err: unknown) => {
        this.transcript.note(`endpoint error: ${(err as Error).message}`);
        if (!res.headersSent) res.writeHead(500).end();
        else res.end();
      });
    });
  }

  /** Binds 127.0.0.1 on a free port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.address = this.server.address() as AddressInfo;
    this.started = Date.now();
  }

  /** The URL the client is given. */
  get url(): string {
    return `${this.origin}${this.path}`;
  }

  /** `http://127.0.0.1:<port>`. */
  get origin(): string {
    if (!this.address) throw new Error('harness bug: the hosted endpoint was used before start()');
    return `http://127.0.0.1:${this.address.port}`;
  }

  /** Milliseconds since the endpoint started listening. */
  now(): number {
    return Date.now() - this.started;
  }

  /**
   * Looks at a request before anything of it is recorded: an endpoint that meets secrets in
   * requests (an access token in a header or the query) adds them to the run's redactor here.
   */
  protected screen(_req: IncomingMessage): void {}

  /** Serves one request; its record is already in `requests` (a POST's body not yet read: see `readPost`). */
  protected abstract serve(req: IncomingMessage, res: ServerResponse, record: HttpRequestRecord): Promise<void>;

  /** Ends every connection and the server; the channel is closed. */
  protected async shutdown(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.finish('the harness closed the endpoint');
  }

  /** Answers a request with a status (and headers, a body), recording the status. */
  protected answer(res: ServerResponse, record: HttpRequestRecord, status: number, headers: Record<string, string> = {}, body = ''): void {
    record.status = status;
    res.writeHead(status, headers).end(body);
  }

  /** Reads a POST's body into the transcript and its record (the messages it carried, whether a batch). */
  protected async readPost(req: IncomingMessage, record: HttpRequestRecord): Promise<PostedBody> {
    const read = await readBody(req);
    record.seq = this.transcript.record('recv', 'POST', read.text, { method: 'POST', target: record.target, headers: record.headers }).seq;
    const frame = parseFrame(read.text, 'POST', record.seq, read.notUtf8);
    const values = Array.isArray(frame.value) ? (frame.value as unknown[]) : frame.parseError === undefined ? [frame.value] : [];
    record.batch = Array.isArray(frame.value);
    record.messages = frame.parseError !== undefined ? [{ kind: 'invalid' }] : values.map(posted);
    return { frame, values };
  }

  /** A request as it arrived: recorded (a POST's transcript entry waits for its body). */
  private arrived(req: IncomingMessage): HttpRequestRecord {
    this.lastActivity = Date.now();
    const headers = headersOf(req);
    const target = req.url ?? '/';
    const method = req.method ?? 'GET';
    const record: HttpRequestRecord = { n: this.requests.length + 1, t: this.now(), method, path: target.split('?')[0]!, target, headers, seq: 0, messages: [], batch: false };
    this.requests.push(record);
    if (method !== 'POST') record.seq = this.transcript.record('recv', method, '', { method, target, headers }).seq;
    return record;
  }
}

function posted(value: unknown): PostedMessage {
  const c = classify(value);
  switch (c.kind) {
    case 'request':
      return { kind: 'request', method: c.message.method, id: c.message.id };
    case 'notification':
      return { kind: 'notification', method: c.message.method };
    case 'result':
    case 'error':
      return { kind: 'response', id: c.message.id };
    default:
      return { kind: 'invalid' };
  }
}

/** The text as JSON, or undefined when it is none. */
export function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export { idKey } from '../wire/session.js';
