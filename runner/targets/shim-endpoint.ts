/**
 * The harness's side of `{server}`: a client under test spawns the stand-in server of runner/cli/stdio-shim.ts,
 * which connects here, so the client's own stdio transport carries the session end to end. A
 * `Channel` over that socket: lines the client wrote to its server's stdin arrive as frames (lane
 * `stdin`), what the harness sends is what the server writes to its stdout (lane `stdout`). The
 * stand-in's control lines say how the client ended its server (stdin closed, or a signal first).
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

/** How the client ended the server it spawned, as the stand-in saw it. */
export interface ShimRecord {
  /** The stand-in connected: the client spawned its server. */
  connected: boolean;
  /** How it ended: the client closed its stdin, or signalled it (`signal SIGTERM`), before anything else. */
  ending?: 'stdin-closed' | `signal ${string}`;
  /** How many times the client spawned a server (a second connection is refused). */
  spawns: number;
}

export class ShimEndpoint extends ChannelBase {
  readonly transport = 'stdio' as const;
  readonly record: ShimRecord = { connected: false, spawns: 0 };
  private readonly server: Server;
  private socket: Socket | undefined;
  private readonly lines: LineReader;
  private port = 0;

  constructor(readonly transcript: Transcript) {
    super();
    this.lines = new LineReader('stdin', transcript, (frame) => this.emit(frame));
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
    if (!socket || socket.destroyed || !socket.writable) throw new Error('the server the client spawned is not connected');
    await new Promise<void>((resolve, reject) => socket.write(`${text}\n`, (err) => (err ? reject(err) : resolve())));
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.end('the harness closed the connection');
  }

  private accept(socket: Socket): void {
    this.record.spawns++;
    if (this.socket) {
      this.transcript.note('the client spawned its server a second time: that one is refused (one server per launch)');
      socket.destroy();
      return;
    }
    this.socket = socket;
    this.record.connected = true;
    this.transcript.note('the client spawned its server ({server}): connected');
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
      if (control) this.onControl(control.subarray(CONTROL.length).toString('utf8').trim());
      this.end(this.record.ending === undefined ? 'the server the client spawned went away without a word (killed?)' : `the client ended its server (${this.record.ending})`);
    });
    socket.on('error', () => undefined);
  }

  private onControl(text: string): void {
    if (text === 'stdin-closed' || text.startsWith('signal ')) {
      this.record.ending = text as ShimRecord['ending'];
      this.transcript.note(text === 'stdin-closed' ? 'the client closed its server\'s stdin' : `the client sent its server ${text.slice('signal '.length)} before closing its stdin`);
    }
  }

  private end(reason: string): void {
    this.lines.flush();
    this.finish(reason);
  }
}
