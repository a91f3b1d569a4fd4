// A child that exits before its output has ended: it says 'bye' on stderr and exits with code 3 at
// once, leaving behind a grandchild (same process group) that inherited its stdout and stderr.
//
//   node peer-orphan.mjs late     the grandchild writes 'last words' to stderr 200 ms later, then ends
//   node peer-orphan.mjs linger   the grandchild holds the pipes open for a minute, writing nothing
import { spawn } from 'node:child_process';

const mode = process.argv[2];
const code =
  mode === 'late'
    ? `setTimeout(() => process.stderr.write('last words\\n'), 200)`
    : `setTimeout(() => {}, 60_000)`;
spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'inherit', 'inherit'] });
process.stderr.write('bye\n', () => process.exit(3));
