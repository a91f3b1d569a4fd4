import { isUtf8 } from 'node:buffer';
import type { Transcript } from '../util/transcript.js';
import { MAX_FRAME_BYTES, OversizeFrame } from './frame-cap.js';
import type { InboundFrame } from './types.js';

/** A line longer than this is not buffered: only its head and tail are kept (frame-cap.ts). */
export const MAX_LINE_BYTES = MAX_FRAME_BYTES;

/**
 * Newline-delimited JSON-RPC as it arrives in chunks (a child's stdout, a socket): every line is
 * recorded on `lane` and handed on as a frame, parsed when it is JSON, with its parse error when it
 * is not, cut to its head and tail when it is over the cap. A blank line is noise, like any other
 * line that is no message.
 */
export class LineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The line being read is over MAX_LINE_BYTES: counted and dropped as it comes, up to its newline. */
  private oversize: OversizeFrame | undefined;

  constructor(
    private readonly lane: string,
    private readonly transcript: Transcript,
    private readonly emit: (frame: InboundFrame) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, start)) {
      this.append(chunk.subarray(start, i));
      this.endLine();
      start = i + 1;
    }
    this.append(chunk.subarray(start));
  }

  /** The input ended: a last line without its newline is still output, judged like any other. */
  flush(): void {
    if (this.pendingBytes > 0 || this.oversize) this.endLine();
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.oversize) {
      this.oversize.add(part);
      return;
    }
    if (this.pendingBytes + part.length > MAX_LINE_BYTES) {
      this.oversize = new OversizeFrame();
      for (const piece of this.pending) this.oversize.add(piece);
      this.oversize.add(part);
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private endLine(): void {
    if (this.oversize) {
      const oversize = this.oversize;
      this.oversize = undefined;
      this.transcript.note(`${this.lane}: ${oversize.note}`);
      const seq = this.transcript.record('recv', this.lane, oversize.headText).seq;
      this.emit(oversize.frame(this.lane, seq));
      return;
    }
    const bytes = Buffer.concat(this.pending);
    const raw = bytes.toString('utf8');
    const notUtf8 = isUtf8(bytes) ? {} : { notUtf8: true as const };
    this.pending = [];
    this.pendingBytes = 0;
    // A bare CR before the newline is tolerated by JSON.parse as whitespace; an empty line is noise.
    if (raw.trim() === '') {
      if (raw.length > 0) this.emitInvalid(raw, `blank line on ${this.lane}`, notUtf8);
      return;
    }
    try {
      const value: unknown = JSON.parse(raw);
      const seq = this.transcript.record('recv', this.lane, raw).seq;
      this.emit({ raw, value, lane: this.lane, seq, ...notUtf8 });
    } catch (err) {
      this.emitInvalid(raw, `not JSON: ${(err as Error).message}`, notUtf8);
    }
  }

  private emitInvalid(raw: string, parseError: string, notUtf8: { notUtf8?: true }): void {
    const seq = this.transcript.record('recv', this.lane, raw).seq;
    this.emit({ raw, parseError, lane: this.lane, seq, ...notUtf8 });
  }
}
