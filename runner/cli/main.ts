#!/usr/bin/env node
/**
 * The command-line entry: the only module that touches process.argv, process.exit and signals.
 * Everything else is reachable as a library (runner/index.ts); the commands are in commands.ts.
 */
import { cli } from './commands.js';

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\nmcp-conformance: interrupted (${signal}); stopping the target\n`);
    // Already loaded when a run launched anything; otherwise there is nothing to stop, and loading it is quick.
    void import('../util/process.js')
      .then(({ stopAll }) => stopAll())
      .finally(() => process.exit(130));
  });
}
// Every process the run launched dies with the CLI. Only a run launches any, and it loads util/process.js to do
// so; the hook looks the module up at exit, so a command that never loaded it does not load it here.
let killAtExit: (() => void) | undefined;
process.on('exit', () => killAtExit?.());

cli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  stdoutTTY: Boolean(process.stdout.isTTY),
  stderrTTY: Boolean(process.stderr.isTTY),
  onLaunch: (kill) => (killAtExit = kill),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mcp-conformance: harness error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);
