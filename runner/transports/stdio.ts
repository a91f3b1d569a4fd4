import type { LaunchedProcess } from '../util/process.js';
import type { Transcript } from '../util/transcript.js';
import { ChannelBase } from './channel-base.js';

/** A line longer than this is hostile or broken; it is reported and dropped, never buffered forever. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Lines of stderr kept for error messages ("the server said ..."). */
const STDERR_TAIL_LINES = 40;

/**
 * Newline-delimited JSON-RPC over a child's stdin/stdout. stderr is recorded on its own lane and
 * never parsed. Non-JSON stdout lines are delivered as frames with `parseError`, so the session can
 * record them as violations.
 */
export class StdioChannel extends ChannelBase {
  readonly transport = 'stdio' as const;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;
  private readonly stderrTail: string[] = [];
  private stderrPartial = '';

  constructor(
    readonly process: LaunchedProcess,
    readonly transcript: Transcript,
  ) {
    super();
    const { child } = process;
    child.stdout.on('data', (chunk: Buffer) => this.onStdout(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.onStderr(chunk));
    void process.exited.then(({ code, signal }) => {
      // A last line without its newline is still output: judge it like any other line.
      if (this.pendingBytes > 0) this.endLine();
      this.flushStderr();
      this.transcript.note(`process exited (${signal ? `signal ${signal}` : `code ${code}`})`);
      this.finish(`the target process exited (${signal ? `signal ${signal}` : `code ${code}`})`);
    });
  }

  /** The last lines the target wrote to stderr, for error messages. */
  get stderr(): string {
    return [...this.stderrTail, this.stderrPartial].filter(Boolean).join('\n');
  }

  async send(text: string): Promise<void> {
    const stdin = this.process.child.stdin;
    this.transcript.record('send', 'stdin', text);
    if (this.closed || stdin.destroyed || stdin.writableEnded) throw new Error('stdin of the target is closed');
    await new Promise<void>((resolve, reject) => {
      stdin.write(text + '\n', (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Closes the target's stdin (the stdio shutdown signal) without waiting for anything. */
  closeInput(): void {
    this.transcript.note('closed stdin');
    this.process.child.stdin.end();
  }

  async close(): Promise<void> {
    await this.process.stop();
    this.finish('the harness closed the connection');
  }

  private onStdout(chunk: Buffer): void {
    let start = 0;
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, start)) {
      this.append(chunk.subarray(start, i));
      this.endLine();
      start = i + 1;
    }
    this.append(chunk.subarray(start));
  }

  private append(part: Buffer): void {
    if (part.length === 0 || this.discarding) return;
    if (this.pendingBytes + part.length > MAX_LINE_BYTES) {
      this.emitInvalid(Buffer.concat(this.pending).subarray(0, 1024).toString('utf8'), `line exceeds ${MAX_LINE_BYTES} bytes; dropped`);
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = true;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private endLine(): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const raw = Buffer.concat(this.pending).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    // A bare CR before the newline is tolerated by JSON.parse as whitespace; an empty line is noise.
    if (raw.trim() === '') {
      if (raw.length > 0) this.emitInvalid(raw, 'blank line on stdout');
      return;
    }
    try {
      const value: unknown = JSON.parse(raw);
      const seq = this.transcript.record('recv', 'stdout', raw).seq;
      this.emit({ raw, value, lane: 'stdout', seq });
    } catch (err) {
      this.emitInvalid(raw, `not JSON: ${(err as Error).message}`);
    }
  }

  private emitInvalid(raw: string, parseError: string): void {
    const seq = this.transcript.record('recv', 'stdout', raw).seq;
    this.emit({ raw, parseError, lane: 'stdout', seq });
  }

  private onStderr(chunk: Buffer): void {
    const text = this.stderrPartial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.stderrPartial = lines.pop() ?? '';
    // A flood of stderr must not grow memory without bound: keep the partial line clipped too.
    if (this.stderrPartial.length > 64 * 1024) this.stderrPartial = this.stderrPartial.slice(-64 * 1024);
    for (const line of lines) this.stderrLine(line);
  }

  private flushStderr(): void {
    if (this.stderrPartial) this.stderrLine(this.stderrPartial);
    this.stderrPartial = '';
  }

  private stderrLine(line: string): void {
    this.transcript.record('recv', 'stderr', line);
    this.stderrTail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
  }
}
