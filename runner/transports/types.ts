import type { Transcript } from '../util/transcript.js';
import type { Oversize } from './frame-cap.js';

/** The transports a target can be reached over. */
export type TransportKind = 'stdio' | 'streamable-http' | 'legacy-sse';

/** A frame that arrived from the peer: the raw text, and the parsed value when it parsed. */
export interface InboundFrame {
  /** The text; only its head when `oversize` is set. */
  raw: string;
  /** The parsed JSON value; absent when `parseError` or `oversize` is set. */
  value?: unknown;
  parseError?: string;
  /** Set when the frame was longer than the harness's cap (frame-cap.ts): not parsed, `raw` is its head. */
  oversize?: Oversize;
  /** Set when the frame's bytes were not valid UTF-8 (`raw` then holds replacement characters). */
  notUtf8?: true;
  /** Where it arrived (stdout, POST-json, POST-sse, GET-sse, ...). */
  lane: string;
  /** Transcript sequence number of this frame. */
  seq: number;
  /** Which server process the client had spawned when it sent this ({server}: 1, 2, ...); each one's request ids are its own. */
  spawn?: number;
}

/**
 * A bidirectional message pipe to one peer. Channels move text frames; they know nothing of
 * JSON-RPC semantics. The same interface serves the harness as client (testing servers) and as
 * server (testing clients).
 */
export interface Channel {
  readonly transport: TransportKind;
  readonly transcript: Transcript;
  /**
   * Sends one frame. For stdio the text must not contain a newline unless the caller means to
   * misbehave (raw probes). Resolves once the frame has been handed to the transport; for HTTP
   * that is when the response headers have arrived (bodies stream into `onFrame`). Rejects when
   * the frame was not delivered; the error may carry `status` (the HTTP status that refused it),
   * `seq` (its transcript entry) and `timeoutMs` (the peer sent no response at all within that
   * many milliseconds), which the session turns into its reply.
   */
  send(text: string): Promise<void>;
  onFrame(listener: (frame: InboundFrame) => void): void;
  /** Called once when the peer goes away or the channel is closed; `reason` is human-readable. */
  onClose(listener: (reason: string) => void): void;
  readonly closed: boolean;
  /** Ends the channel gracefully, then forcefully; never hangs. */
  close(): Promise<void>;
}
