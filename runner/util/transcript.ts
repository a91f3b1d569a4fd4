import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { REDACTED, Redactor } from './redact.js';

/** Which way a transcript entry travelled, from the harness's point of view. */
export type Direction = 'send' | 'recv' | 'note';

/**
 * One line of a transcript. `frame` holds the bytes exactly as sent or received (a JSON-RPC frame, an
 * HTTP body, a stderr line); `lane` says where they travelled (stdin, stdout, stderr, POST, GET, ...).
 */
export interface TranscriptEntry {
  seq: number;
  /** Milliseconds since the transcript began. */
  t: number;
  dir: Direction;
  transport: string;
  lane: string;
  frame: string;
  /** HTTP exchange details (method, status, selected headers), redacted like the frame; `target`: path and query of a request a hosted endpoint received. */
  http?: { method?: string; target?: string; status?: number; headers?: Record<string, string> };
  /** The SSE fields of the event that carried the frame (an event without data is recorded with frame ''). */
  sse?: { id?: string; event?: string; retry?: number };
}

/**
 * Headers whose values are hidden by name. The second line of defence behind redaction by value: it
 * also covers credentials the user never passed (a Set-Cookie the server issues). Deliberately
 * narrower than secrets.ts's name rule: Mcp-Session-Id must stay visible, it is evidence.
 */
const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key)$/i;

/** Redacts header names and values by value, then hides the values of credential headers by name. */
function redactHeaders(headers: Record<string, string>, redactor: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[redactor.redact(name)] = SECRET_HEADERS.test(name) ? REDACTED : redactor.redact(value);
  return out;
}

/** Longest frame kept verbatim; hostile targets can send megabytes in one line. */
const MAX_FRAME_CHARS = 64 * 1024;

/** Entries kept per transcript; a target that floods gets the rest counted, not stored. */
const MAX_ENTRIES = 20_000;

/**
 * Records every byte that crosses a session, in order, in memory and optionally as JSONL on disk.
 * Checks point into it by `seq`. Every entry passes through the run's redactor before it is kept or
 * written, so a secret the target echoes never reaches memory-held evidence or a transcript file.
 */
export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  /** Entries not kept because the transcript was full. */
  dropped = 0;
  private readonly start = Date.now();
  private seq = 0;
  private stream: WriteStream | undefined;

  /**
   * @param redactor the run's secrets; the engine always passes its own. The default redacts only
   *   by header name, for unit tests of the transports that run without secrets.
   */
  constructor(
    readonly transport: string,
    private readonly redactor: Redactor = Redactor.none,
  ) {}

  /** Also write every entry to `path` as JSON lines, replacing whatever the file held (a previous run's). */
  writeTo(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'w' });
    for (const entry of this.entries) this.stream.write(JSON.stringify(entry) + '\n');
  }

  record(dir: Direction, lane: string, rawFrame: string, http?: TranscriptEntry['http'], sse?: TranscriptEntry['sse']): TranscriptEntry {
    // Redact before clipping: a secret cut in two by the clip would leave its first half behind.
    const frame = this.redactor.redact(rawFrame);
    const clipped =
      frame.length > MAX_FRAME_CHARS ? `${frame.slice(0, MAX_FRAME_CHARS)}… [${frame.length - MAX_FRAME_CHARS} more chars]` : frame;
    const entry: TranscriptEntry = { seq: ++this.seq, t: Date.now() - this.start, dir, transport: this.transport, lane: this.redactor.redact(lane), frame: clipped };
    if (http) entry.http = { ...http, ...(http.target !== undefined ? { target: this.redactor.redact(http.target) } : {}), ...(http.headers ? { headers: redactHeaders(http.headers, this.redactor) } : {}) };
    if (sse) entry.sse = { ...sse, ...(sse.id !== undefined ? { id: this.redactor.redact(sse.id) } : {}), ...(sse.event !== undefined ? { event: this.redactor.redact(sse.event) } : {}) };
    if (this.entries.length >= MAX_ENTRIES) {
      // Still numbered, so evidence pointers stay unique; just not stored.
      if (this.dropped++ === 0) this.stream?.write(JSON.stringify({ seq: entry.seq, t: entry.t, dir: 'note', transport: this.transport, lane: 'harness', frame: `transcript full: later entries are counted, not kept` }) + '\n');
      return entry;
    }
    this.entries.push(entry);
    this.stream?.write(JSON.stringify(entry) + '\n');
    return entry;
  }

  note(text: string): TranscriptEntry {
    return this.record('note', 'harness', text);
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }
}

/**
 * A transcript that writes into another one: a session shared by several scenarios records into
 * the transcript of the scenario holding it at the time. Between holders, entries are counted and
 * dropped (a shared session that receives anything while idle is retired, so nothing judged is lost).
 * While capturing, it also keeps the entries it forwarded: a shared session's start, which every
 * later holder's transcript gets a copy of.
 */
export class TranscriptRelay extends Transcript {
  private target: Transcript | undefined;
  private captured: TranscriptEntry[] | undefined;
  /** Entries recorded while no scenario held the session. */
  idleEntries = 0;

  /** From now on, entries go to `target` (and are kept as well when `capture` is set). */
  attach(target: Transcript, { capture = false } = {}): void {
    this.target = target;
    this.captured = capture ? [] : undefined;
  }

  /** Entries go nowhere from now on; returns what was captured since `attach`. */
  detach(): TranscriptEntry[] {
    const captured = this.captured ?? [];
    this.target = undefined;
    this.captured = undefined;
    return captured;
  }

  /** Stops capturing; returns the entries captured since `attach`. */
  endCapture(): TranscriptEntry[] {
    const captured = this.captured ?? [];
    this.captured = undefined;
    return captured;
  }

  override record(dir: Direction, lane: string, rawFrame: string, http?: TranscriptEntry['http'], sse?: TranscriptEntry['sse']): TranscriptEntry {
    if (!this.target) {
      this.idleEntries++;
      return { seq: 0, t: 0, dir, transport: this.transport, lane, frame: '' };
    }
    const entry = this.target.record(dir, lane, rawFrame, http, sse);
    this.captured?.push(entry);
    return entry;
  }
}
