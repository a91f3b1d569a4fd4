/**
 * The harness's bound on one frame, the same on every transport: a frame longer than MAX_FRAME_BYTES
 * is not parsed, and of its text only the first FRAME_HEAD_BYTES (for the transcript and to read the
 * id from) and the last FRAME_TAIL_CHARS (an id written after the result) are kept while the rest is
 * counted and dropped. So a 100 MB answer costs the harness a few hundred KiB, never its size several
 * times over; the session turns it into a transport error for the request it answers.
 */
import type { InboundFrame } from './types.js';

/** Frames above this are not parsed. 8 MiB: far above any page of a list or a resource a run reads. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** What is kept of the start of an oversize frame. */
export const FRAME_HEAD_BYTES = 64 * 1024;
/** What is kept of its end. */
export const FRAME_TAIL_CHARS = 256;

/** What an oversize frame left behind: its size, the cap, and its last characters. */
export interface Oversize {
  bytes: number;
  cap: number;
  tail: string;
}

/**
 * Keeps the head and the tail of an oversize frame as its pieces go by, and counts its bytes.
 * Pieces are strings or buffers, as the transport has them.
 */
export class OversizeFrame {
  private head = '';
  private tail = '';
  private bytes = 0;

  add(piece: string | Buffer): void {
    // Only the parts kept are ever turned into text: the rest of a buffer is counted, nothing more.
    const isText = typeof piece === 'string';
    this.bytes += isText ? Buffer.byteLength(piece) : piece.length;
    const room = FRAME_HEAD_BYTES - this.head.length;
    if (room > 0) this.head += isText ? piece.slice(0, room) : piece.subarray(0, room).toString('utf8');
    const end = isText ? piece.slice(-FRAME_TAIL_CHARS) : piece.subarray(-FRAME_TAIL_CHARS).toString('utf8');
    this.tail = (this.tail + end).slice(-FRAME_TAIL_CHARS);
  }

  /** The frame to deliver in place of the one that was too long. */
  frame(lane: string, seq: number): InboundFrame {
    return { raw: this.head, lane, seq, oversize: { bytes: this.bytes, cap: MAX_FRAME_BYTES, tail: this.tail } };
  }

  /** The transcript's words for it, next to the head it records. */
  get note(): string {
    return `a frame of ${this.bytes} bytes, over the harness's cap of ${MAX_FRAME_BYTES} bytes: not parsed, only its first ${FRAME_HEAD_BYTES} bytes are kept`;
  }

  get size(): number {
    return this.bytes;
  }

  get headText(): string {
    return this.head;
  }
}
