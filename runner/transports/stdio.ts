import type { LaunchedProcess } from '../util/process.js';
import type { Transcript } from '../util/transcript.js';
import { settlesWithin } from '../util/wait.js';
import { ChannelBase } from './channel-base.js';
import { LineReader } from './lines.js';

export { MAX_LINE_BYTES } from './lines.js';

/** Lines of stderr kept for error messages ("the server said ..."). */
const STDERR_TAIL_LINES = 40;

/**
 * How long the channel waits, once the process exited, for its stdout and stderr to be read to
 * their end. The pipes normally end with the process; a grandchild that inherited them can hold
 * them open for ever, and must not hold up the report of the exit.
 */
export const DRAIN_MS = 2000;

/**
 * How long a failed write (EPIPE) waits for the exit it almost always announces. A process may
 * also close its stdin and run on; then the write failure itself is reported, after this wait.
 */
export const EXIT_AFTER_WRITE_FAILURE_MS = 5000;

/**
 * Newline-delimited JSON-RPC over a child's stdin/stdout. stderr is recorded on its own lane and
 * never parsed. Non-JSON stdout lines are delivered as frames with `parseError`, so the session can
 * record them as violations.
 */
export class StdioChannel extends ChannelBase {
  readonly transport = 'stdio' as const;
  private readonly lines: LineReader;
  private readonly stderrTail: string[] = [];
  private stderrPartial = '';
  /**
   * Set by closeInput: stdin ended on purpose, so a refused write is no sign of an exit, and an
   * exit after it is the expected end rather than the target ending on its own.
   */
  private inputEnded = false;
  /** Resolves when the channel finishes, for whoever must wait for the exit to be reported. */
  private readonly ended: Promise<void>;

  constructor(
    readonly process: LaunchedProcess,
    readonly transcript: Transcript,
  ) {
    super();
    this.ended = new Promise((resolve) => this.onClose(() => resolve()));
    const { child } = process;
    this.lines = new LineReader('stdout', transcript, (frame) => this.emit(frame));
    child.stdout.on('data', (chunk: Buffer) => this.lines.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.onStderr(chunk));
    void process.exited.then(async ({ code, signal }) => {
      // 'exit' can come before the pipes are read to their end: finishing now would lose the
      // last stderr lines, the ones that usually say why the target died.
      await settlesWithin(process.drained, DRAIN_MS);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      this.end(`the target process exited (${how})`, `process exited (${how})`);
    });
  }

  /** The last lines the target wrote to stderr, for error messages. */
  get stderr(): string {
    return [...this.stderrTail, this.stderrPartial].filter(Boolean).join('\n');
  }

  /**
   * Writes one line to the target's stdin. A write the pipe refuses (EPIPE: the target's end is
   * gone) is almost always the target exiting, and races the exit event; the exit, with its code
   * and stderr, is the better report. So a refused write waits (bounded) for the channel to
   * finish, and rejects after it: the session then reports the end of the channel, not the write.
   */
  async send(text: string): Promise<void> {
    const stdin = this.process.child.stdin;
    this.transcript.record('send', 'stdin', text);
    if (this.closed || this.inputEnded) throw new Error('stdin of the target is closed');
    try {
      if (stdin.destroyed || stdin.writableEnded) throw new Error('stdin of the target is closed');
      await new Promise<void>((resolve, reject) => {
        stdin.write(text + '\n', (err) => (err ? reject(err) : resolve()));
      });
    } catch (err) {
      if (!(await settlesWithin(this.ended, EXIT_AFTER_WRITE_FAILURE_MS + DRAIN_MS))) {
        throw new Error(`the target closed its stdin (${(err as Error).message})`);
      }
      throw err;
    }
  }

  /** Whether the harness closed the target's stdin (closeInput). */
  get inputClosed(): boolean {
    return this.inputEnded;
  }

  /** Closes the target's stdin (the stdio shutdown signal) without waiting for anything. */
  closeInput(): void {
    this.transcript.note('closed stdin');
    this.inputEnded = true;
    this.process.child.stdin.end();
  }

  async close(): Promise<void> {
    await this.process.stop();
    // Whatever the target wrote before it ended belongs in the transcript, which closes after this.
    await settlesWithin(this.process.drained, DRAIN_MS);
    this.end('the harness closed the connection');
  }

  /** Judges the output still buffered, then announces the end (once; `note` goes to the transcript). */
  private end(reason: string, note?: string): void {
    if (this.closed) return;
    // A last line without its newline is still output: judge it like any other line.
    this.lines.flush();
    this.flushStderr();
    if (note) this.transcript.note(note);
    this.finish(reason);
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
