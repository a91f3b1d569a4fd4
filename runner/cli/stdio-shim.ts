#!/usr/bin/env node
/**
 * The server a client under test spawns when its command line says `{server}` (README: "How a client
 * under test is launched"): a stand-in that carries the client's real stdio transport to the harness.
 * It connects to the harness on 127.0.0.1:<port>, passes its stdin to the socket and the socket to its
 * stdout, untouched. How it ends is the shutdown the client chose, and the harness is told on the
 * same socket with a control line that no JSON-RPC message can be (it starts with a NUL byte):
 * `stdin-closed` when the client closed its stdin, `signal SIGTERM` when it was signalled first.
 *
 *   node dist/runner/cli/stdio-shim.js <port>
 */
import { connect } from 'node:net';
import { SHIM_CONTROL } from '../targets/shim-protocol.js';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write('stdio-shim: usage: stdio-shim <port> (started by mcp-conformance for {server})\n');
  process.exit(2);
}


const socket = connect({ host: '127.0.0.1', port });
let lastByte = 0x0a;
let ending = false;

/** Tells the harness how the stand-in ends, on a line of its own, then closes the socket. */
function control(what: string): void {
  if (ending) return;
  ending = true;
  socket.end(`${lastByte === 0x0a ? '' : '\n'}${SHIM_CONTROL}${what}\n`);
}

process.stdin.on('data', (chunk: Buffer) => {
  if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!;
  socket.write(chunk);
});
process.stdin.on('end', () => control('stdin-closed'));
socket.pipe(process.stdout);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => {
    control(`signal ${signal}`);
    socket.once('close', () => process.exit(128 + (signal === 'SIGTERM' ? 15 : signal === 'SIGINT' ? 2 : 1)));
  });
}
socket.on('close', () => process.exit(0));
socket.on('error', (error) => {
  process.stderr.write(`stdio-shim: the harness at 127.0.0.1:${port} is gone: ${error.message}\n`);
  process.exit(1);
});
