/**
 * The harness's side of `{server}`: a client under test spawns the stand-in server of runner/cli/stdio-shim.ts,
 * which connects here, so the client's own stdio transport carries the session end to end. A
 * `Channel` over that socket: lines the client wrote to its server's stdin arrive as frames (lane
 * `stdin`), what the harness sends is what the server writes to its stdout (lane `stdout`). The
 * stand-in's control lines say how the client ended its server (stdin closed, or a signal first).
 *
 * A client may end the server it spawned and spawn it again within one launch (the v2 SDK client's
 * `auto` negotiation first spawns a probe for server/discover): one at a time, the spawns are one
 * conversation on this channel, which ends when the client exits (and its last server has ended), or
 * when the harness closes it, not when one of its servers goes away.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { quote } from 'shell-quote';
import { packageRoot } from '../paths.js';
import { ChannelBase } from '../transports/channel-base.js';
import { LineReader } from '../transports/lines.js';
import type { Transcript } from '../util/transcript.js';
import { SHIM_CONTROL } from './shim-protocol.js';

const CONTROL = Buffer.from(SHIM_CONTROL);

/** How the client ended one server it spawned: it closed its stdin, or signalled it (`signal SIGTERM`) before anything else. */
export type ShimEnding = 'stdin-closed' | `signal ${string}`;

/** How the client ended the servers it spawned, as the stand-in saw them. */
export interface ShimRecord {
  /** The stand-in connected: the client spawned its server (at least once). */
  connected: boolean;
  /**
   * How the last server it spawned ended: that one's ending is the shutdown of the session (an earlier
   * spawn, such as a probe for server/discover, was ended before the client went on). Unset while it runs,
   * and when it went away without a word (killed).
   */
  ending?: ShimEnding | undefined;
  /** Every server it spawned and was connected, in order, with how each ended (`ending` unset: killed, or still running). */
  servers: { ending?: ShimEnding }[];
  /** How many times the client spawned a server, counting any refused because an earlier one was still running. */
  spawns: number;
}

export class ShimEndpoint extends ChannelBase {
  readonly transport = 'stdio' as const;
  readonly record: ShimRecord = { connected: false, servers: [], spawns: 0 };
  private readonly server: Server;
  private socket: Socket | undefined;
  private readonly lines: LineReader;
  private port = 0;
  private clientGone = false;

  constructor(readonly transcript: Transcript) {
    super();
    // Each frame is tagged with the spawn it came from (a new server process: its request ids start afresh).
    this.lines = new LineReader('stdin', transcript, (frame) => this.emit({ ...frame, spawn: this.record.servers.length }));
    this.server = createServer((socket) => this.accept(socket));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  /** The command line `{server}` stands for: this Node running the stand-in, told where the harness listens. */
  get serverCommand(): string {
    return quote([process.execPath, join(packageRoot, 'dist', 'runner', 'cli', 'stdio-shim.js'), String(this.port)]);
  }

  async send(text: string): Promise<void> {
    this.transcript.record('send', 'stdout', text);
    const socket = this.socket;
    if (!socket || socket.destroyed || !socket.writable) throw new Error('no server the client spawned is connected');
    await new Promise<void>((resolve, reject) => socket.write(`${text}\n`, (err) => (err ? reject(err) : resolve())));
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.end('the harness closed the connection');
  }

  /**
   * The client's process exited: the conversation ends once the server it spawned last has ended too
   * (at once when none is running). Until then a client may end one server and spawn the next.
   */
  clientExited(): void {
    this.clientGone = true;
    if (!this.socket) this.end(`the client exited; ${this.lastEnding()}`);
  }

  private accept(socket: Socket): void {
    this.record.spawns++;
    if (this.socket || this.closed) {
      this.transcript.note(this.closed ? 'the client spawned its server after the conversation ended: refused' : 'the client spawned its server while the one it spawned before was still running: the new one is refused (one at a time)');
      socket.destroy();
      return;
    }
    this.socket = socket;
    this.record.connected = true;
    const spawned: ShimRecord['servers'][number] = {};
    this.record.servers.push(spawned);
    this.record.ending = undefined;
    const n = this.record.servers.length;
    this.transcript.note(`the client spawned its server ({server}${n > 1 ? `, spawn ${n}` : ''}): connected`);
    let control: Buffer | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (control) {
        control = Buffer.concat([control, chunk]);
        return;
      }
      const at = chunk.indexOf(CONTROL);
      if (at < 0) return this.lines.push(chunk);
      this.lines.push(chunk.subarray(0, at));
      control = chunk.subarray(at);
    });
    socket.on('close', () => {
      const ending = control ? parseControl(control.subarray(CONTROL.length).toString('utf8').trim()) : undefined;
      if (ending) spawned.ending = ending;
      this.record.ending = ending;
      // A line the server got without its newline ends with its stdin: it is not joined to the next spawn's first line.
      this.lines.flush();
      this.socket = undefined;
      const which = n > 1 ? ` (spawn ${n})` : '';
      this.transcript.note(ending === undefined ? `the server the client spawned${which} went away without a word (killed?)` : ending === 'stdin-closed' ? `the client closed its server's stdin${which}` : `the client sent its server${which} ${ending.slice('signal '.length)} before closing its stdin`);
      if (this.clientGone) this.end(`the client exited; ${this.lastEnding()}`);
    });
    socket.on('error', () => undefined);
  }

  /** How the server the client spawned last ended, for the channel's close reason. */
  private lastEnding(): string {
    const last = this.record.servers.at(-1);
    if (!last) return 'it never spawned its server';
    const count = this.record.servers.length > 1 ? ` (the last of ${this.record.servers.length})` : '';
    return last.ending === undefined ? `the server it spawned${count} went away without a word (killed?)` : `it ended its server${count} (${last.ending})`;
  }

  private end(reason: string): void {
    this.lines.flush();
    this.finish(reason);
  }
}

/** A control line's text as an ending, when it is one. */
function parseControl(text: string): ShimEnding | undefined {
  return text === 'stdin-closed' || text.startsWith('signal ') ? (text as ShimEnding) : undefined;
}
