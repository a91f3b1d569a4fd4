/**
 * SSE events as a server sent them: the fields of each event (id, event type, retry, data) kept for
 * checks about the stream itself, and the stream they came on, which a scenario can wait on, cut,
 * and tell apart from the others of its session (resumption is judged per stream).
 */
import { settlesWithin } from '../util/wait.js';

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
