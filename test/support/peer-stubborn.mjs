// A child that is hard to end, for the launch tests. It spawns a grandchild in its own process group
// (the default: not detached) that ignores SIGTERM and stdin, then prints one JSON line with both pids.
//
//   node peer-stubborn.mjs stubborn       ignores stdin closing and SIGTERM too: only SIGKILL ends it
//   node peer-stubborn.mjs leader-exits   exits as soon as its stdin closes, leaving the grandchild behind
import { spawn } from 'node:child_process';

const mode = process.argv[2];
const grandchildCode = `
process.on('SIGTERM', () => {});
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);
`;

if (mode === 'stubborn') process.on('SIGTERM', () => {});
process.stdin.resume();
process.stdin.on('end', () => {
  if (mode === 'leader-exits') process.exit(0);
});
setInterval(() => {}, 1000);

const grandchild = spawn(process.execPath, ['-e', grandchildCode], { stdio: ['ignore', 'pipe', 'ignore'] });
grandchild.stdout.once('data', () => {
  // Both handlers are installed by now: a SIGTERM cannot end either of them early.
  process.stdout.write(JSON.stringify({ child: process.pid, grandchild: grandchild.pid }) + '\n');
});
