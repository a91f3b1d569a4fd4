/**
 * Server-Sent Events for both HTTP transports, both directions: reading a stream the harness
 * receives (bounded: whole events only, one over the cap counted and dropped, the stream cut once it
 * has delivered MAX_FRAME_BYTES), the fields of each event as the server sent them (id, type, retry,
 * data: kept for checks about the stream itself), the stream they came on (awaited, cut, told apart
 * from the others of its session, since resumption is judged per stream), and writing events
 * (`sseEvent`) for whatever plays the server side (the reference server, a mock server for clients).
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { IncomingMessage } from 'node:http';
import { MAX_FRAME_BYTES, OversizeFrame } from './frame-cap.js';
import { settlesWithin } from '../util/wait.js';

export type { EventSourceMessage };

/** What reading a stream reports: each whole event, each oversize one, and the cut when the stream delivered too much. */
export interface SseHandlers {
  /** `notUtf8`: the stream had a byte that is not UTF-8 at or before this event (its text has U+FFFD there). */
  onEvent(event: EventSourceMessage, notUtf8: boolean): void;
  /** An event over the cap: its size, head and tail (frame-cap.ts), and the data of its head. */
  onOversize(oversize: OversizeFrame, headData: string): void;
  /** The stream delivered more than its bound in all; the harness closed it. */
  onOverflow?(): void;
}

/**
 * The bytes of a stream through a strict decoder: from the first byte that is not UTF-8 on,
 * `broken` stays true, and the events read after it are marked (the lenient decoder has already put
 * U+FFFD in its place).
 */
export class Utf8Watch {
  broken = false;
  private readonly strict = new TextDecoder('utf-8', { fatal: true });

  see(chunk: Uint8Array): void {
    if (this.broken) return;
    try {
      this.strict.decode(chunk, { stream: true });
    } catch {
      this.broken = true;
    }
  }
}

/**
 * Reads an SSE response body to its end (or until closed, or until it delivered `maxBytes` of
 * events, an oversize one counting its head). Never rejects: an error ends the stream.
 */
export async function readSseStream(body: IncomingMessage, handlers: SseHandlers, maxBytes = MAX_FRAME_BYTES): Promise<void> {
  const utf8 = new Utf8Watch();
  const parser = createParser({ onEvent: (event) => handlers.onEvent(event, utf8.broken) });
  let delivered = 0;
  const events = new SseEvents(
    (text) => {
      delivered += text.length;
      parser.feed(text);
    },
    (oversize) => {
      delivered += oversize.headText.length;
      handlers.onOversize(oversize, parseSseEvent(oversize.headText)?.data ?? '');
    },
  );
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      utf8.see(chunk);
      events.push(decoder.decode(chunk, { stream: true }));
      if (delivered > maxBytes) {
        handlers.onOverflow?.();
        body.destroy();
        return;
      }
    }
  } catch {
    // closed by the harness or the peer: nothing more will arrive
  }
  events.end();
}

/** A line terminator followed by another: the end of an SSE event (a CR directly before LF is one terminator). */
const EVENT_END = /(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)/g;

/**
 * Splits an SSE stream's text into whole events (each up to the blank line that ends it), holding at
 * most MAX_FRAME_BYTES of one: a longer event is counted and dropped as it comes, its head and tail
 * kept, and handed over once it ends.
 */
export class SseEvents {
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
    if (this.size > MAX_FRAME_BYTES) {
      this.oversize = new OversizeFrame();
      for (const piece of this.pieces) this.oversize.add(piece);
      this.pieces = [];
    }
  }
}

/**
 * One SSE event as text, ending with its blank line: `id`, `retry` and `event` when given, the data as one
 * `data:` line per line of it (so a value with newlines arrives whole, as SSE joins them back).
 */
export function sseEvent(data: string, fields: { event?: string; id?: string; retry?: number } = {}): string {
  const head = `${fields.id !== undefined ? `id: ${fields.id}\n` : ''}${fields.retry !== undefined ? `retry: ${fields.retry}\n` : ''}${fields.event !== undefined ? `event: ${fields.event}\n` : ''}`;
  return `${head}${data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`).join('')}\n`;
}

/** One SSE event: its fields as sent (absent when the event had no such line). */
export interface SseEvent {
  /** The `id` field (an empty value is kept: it resets the last event id). */
  id?: string;
  /** The `event` field (the type; none means `message`). */
  event?: string;
  /** The `retry` field, in milliseconds (only a value of digits counts, as SSE says). */
  retry?: number;
  /** The `data` lines joined with newlines; '' for an empty `data:` line, absent for none. */
  data?: string;
  /** Transcript entry of the event. */
  seq: number;
}

/** The fields of one event's text (its lines up to the blank line); undefined when it has none (comments only). */
export function parseSseEvent(text: string): Omit<SseEvent, 'seq'> | undefined {
  const event: Omit<SseEvent, 'seq'> = {};
  let fields = 0;
  const data: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'data') data.push(value);
    else if (name === 'id' && !value.includes('\0')) event.id = value;
    else if (name === 'event') event.event = value;
    else if (name === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
    else continue;
    fields++;
  }
  if (data.length > 0) event.data = data.join('\n');
  return fields > 0 ? event : undefined;
}

/** Whether an event carries a message: data that is not empty, of the default type. */
export function carriesMessage(event: Omit<SseEvent, 'seq'>): boolean {
  return event.data !== undefined && event.data !== '' && (event.event === undefined || event.event === 'message');
}

/** Who ended a stream's connection. */
export type StreamEnd = 'server' | 'harness';

/** The events of one SSE response, as they arrive; ends once its connection closes. */
export class SseStream {
  readonly events: SseEvent[] = [];
  /** Set once the connection has closed. */
  endedBy: StreamEnd | undefined;
  private readonly listeners = new Set<() => void>();
  private cutByHarness = false;

  constructor(private readonly close: () => void) {}

  /** The last event id the stream gave (what a client sends as Last-Event-ID), if any. */
  get lastEventId(): string | undefined {
    return this.events.findLast((e) => e.id !== undefined)?.id;
  }

  /** The last `retry` the stream gave, if any. */
  get retry(): number | undefined {
    return this.events.findLast((e) => e.retry !== undefined)?.retry;
  }

  add(event: SseEvent): void {
    this.events.push(event);
    this.wake();
  }

  /** The connection closed: by the harness when it cut it, else by the server (or the network). */
  finish(): void {
    if (this.endedBy !== undefined) return;
    this.endedBy = this.cutByHarness ? 'harness' : 'server';
    this.wake();
  }

  /** The harness closes the connection (a client going away); the stream ends as cut by the harness. */
  cut(): void {
    if (this.endedBy !== undefined) return;
    this.cutByHarness = true;
    this.close();
  }

  /**
   * The first event (already here or still to come) that `match` accepts; undefined when the stream
   * ends or `timeoutMs` passes first.
   */
  async waitFor(match: (event: SseEvent) => boolean, timeoutMs: number): Promise<SseEvent | undefined> {
    let found: SseEvent | undefined;
    const seen = (): boolean => (found = this.events.find(match)) !== undefined || this.endedBy !== undefined;
    await this.until(seen, timeoutMs);
    return found;
  }

  /** Resolves true once the connection has closed, false when it is still open after `timeoutMs`. */
  async ended(timeoutMs: number): Promise<boolean> {
    await this.until(() => this.endedBy !== undefined, timeoutMs);
    return this.endedBy !== undefined;
  }

  private async until(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done()) return;
    let listener: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => {
      listener = () => {
        if (done()) resolve();
      };
      this.listeners.add(listener);
    });
    await settlesWithin(reached, timeoutMs);
    this.listeners.delete(listener);
  }

  private wake(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
