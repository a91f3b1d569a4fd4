import type { Transcript } from '../util/transcript.js';
import type { Channel, InboundFrame, TransportKind } from './types.js';

/**
 * The listener bookkeeping every channel shares: frames fan out to listeners, and the close reason
 * is announced exactly once (late listeners hear it at once).
 */
export abstract class ChannelBase implements Channel {
  abstract readonly transport: TransportKind;
  abstract readonly transcript: Transcript;
  private frameListeners: ((frame: InboundFrame) => void)[] = [];
  private closeListeners: ((reason: string) => void)[] = [];
  private closeReason: string | undefined;

  abstract send(text: string): Promise<void>;
  abstract close(): Promise<void>;

  get closed(): boolean {
    return this.closeReason !== undefined;
  }

  onFrame(listener: (frame: InboundFrame) => void): void {
    this.frameListeners.push(listener);
  }

  onClose(listener: (reason: string) => void): void {
    if (this.closeReason !== undefined) listener(this.closeReason);
    else this.closeListeners.push(listener);
  }

  /** Hands a received frame to every listener. */
  protected emit(frame: InboundFrame): void {
    for (const listener of this.frameListeners) listener(frame);
  }

  /** Marks the channel closed and tells the listeners why; later calls do nothing. */
  protected finish(reason: string): void {
    if (this.closeReason !== undefined) return;
    this.closeReason = reason;
    for (const listener of this.closeListeners) listener(reason);
    this.closeListeners = [];
  }
}

/**
 * A received text as the frame it carries: parsed when it is JSON, else with the parse error;
 * `notUtf8` when its bytes were not UTF-8 (the text then holds replacement characters).
 */
export function parseFrame(raw: string, lane: string, seq: number, notUtf8 = false): InboundFrame {
  const mark = notUtf8 ? { notUtf8: true as const } : {};
  try {
    return { raw, value: JSON.parse(raw) as unknown, lane, seq, ...mark };
  } catch (err) {
    return { raw, parseError: `not JSON: ${(err as Error).message}`, lane, seq, ...mark };
  }
}
