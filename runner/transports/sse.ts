/**
 * Server-Sent Events for both HTTP transports, both directions: reading a stream the harness
 * receives (bounded: whole events only, one over the cap counted and dropped, the stream cut once it
 * has delivered MAX_FRAME_BYTES), and writing events (`sseEvent`) for whatever plays the server side
 * (the reference server, a mock server for clients under test).
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { IncomingMessage } from 'node:http';
import { MAX_FRAME_BYTES, OversizeFrame } from './frame-cap.js';

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
 * Reads an SSE response body to its end (or until closed, or until it delivered `maxBytes` of
 * events, an oversize one counting its head). Never rejects: an error ends the stream.
 */
export async function readSseStream(body: IncomingMessage, handlers: SseHandlers, maxBytes = MAX_FRAME_BYTES): Promise<void> {
  // The same bytes through a strict decoder: from the first byte that is not UTF-8 on, the
  // stream's events are marked (the lenient one has already put U+FFFD in its place).
  const strict = new TextDecoder('utf-8', { fatal: true });
  let notUtf8 = false as boolean;
  const parser = createParser({ onEvent: (event) => handlers.onEvent(event, notUtf8) });
  let delivered = 0;
  const events = new SseEvents(
    (text) => {
      delivered += text.length;
      parser.feed(text);
    },
    (oversize) => {
      delivered += oversize.headText.length;
      handlers.onOversize(oversize, sseData(oversize.headText));
    },
  );
  const decoder = new TextDecoder();
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

/** The data of an SSE event's text (its `data:` lines, joined), for the head of an oversize event. */
export function sseData(event: string): string {
  return event
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
    .join('\n');
}

/**
 * One SSE event as text, ending with its blank line: `event` and `id` when given, the data as one
 * `data:` line per line of it (so a value with newlines arrives whole, as SSE joins them back).
 */
export function sseEvent(data: string, fields: { event?: string; id?: string } = {}): string {
  const head = `${fields.event !== undefined ? `event: ${fields.event}\n` : ''}${fields.id !== undefined ? `id: ${fields.id}\n` : ''}`;
  return `${head}${data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`).join('')}\n`;
}
