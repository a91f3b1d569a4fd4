import { readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { launch, LaunchError, splitCommand, type LaunchedProcess } from '../runner/util/process.js';

const STUBBORN = fileURLToPath(new URL('./support/peer-stubborn.mjs', import.meta.url));
const NODE = JSON.stringify(process.execPath);
const processes: LaunchedProcess[] = [];
const strays: number[] = [];

/**
 * True while `pid` names a running process. A killed grandchild is re-parented to PID 1, and some
 * container init processes never reap, so a dead one can linger as a zombie: that counts as gone.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

async function gone(pid: number, withinMs = 1000): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
    if (!alive(pid)) return true;
  }
  return !alive(pid);
}

async function start(command: string): Promise<LaunchedProcess> {
  const proc = await launch({ command });
  processes.push(proc);
  return proc;
}

async function output(proc: LaunchedProcess): Promise<string> {
  let text = '';
  proc.child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  await new Promise((resolve) => proc.child.stdout.once('end', resolve));
  return text;
}

/** The first stdout line of a stubborn peer: the pids of the child and its grandchild. */
async function pidsOf(proc: LaunchedProcess): Promise<{ child: number; grandchild: number }> {
  const line = await new Promise<string>((resolve) => proc.child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))));
  const pids = JSON.parse(line) as { child: number; grandchild: number };
  strays.push(pids.grandchild);
  return pids;
}

afterEach(async () => {
  for (const proc of processes.splice(0)) {
    await proc.stop(100);
    expect(() => process.kill(proc.pid!, 0)).toThrow();
  }
  for (const pid of strays.splice(0)) {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});

describe('splitCommand', () => {
  const argv = (command: string) => splitCommand(command)?.argv;

  it('splits like a shell: quotes, escapes, runs of spaces', () => {
    expect(argv('node server.js --port 3000')).toEqual(['node', 'server.js', '--port', '3000']);
    expect(argv(`node -e "console.log('a b')"`)).toEqual(['node', '-e', "console.log('a b')"]);
    expect(argv(`my-server 'two words'   "x\\"y" back\\ slash`)).toEqual(['my-server', 'two words', 'x"y', 'back slash']);
    expect(argv(`uvx "my server" ''`)).toEqual(['uvx', 'my server', '']);
    expect(splitCommand('node server.js')?.env).toEqual({});
  });

  it('reads leading NAME=value words as environment assignments, as a shell does', () => {
    expect(splitCommand('PORT=34915 node server.js --x=1')).toEqual({ env: { PORT: '34915' }, argv: ['node', 'server.js', '--x=1'] });
    expect(splitCommand(`A=1 B="two words" C= my-server`)).toEqual({ env: { A: '1', B: 'two words', C: '' }, argv: ['my-server'] });
    expect(splitCommand('node A=1')).toEqual({ env: {}, argv: ['node', 'A=1'] });
    // Quoted, the word is a program name to a shell, not an assignment.
    expect(splitCommand(`"A=1" prog`)).toEqual({ env: {}, argv: ['A=1', 'prog'] });
    expect(splitCommand('A=1 B=2')).toEqual({ env: { A: '1', B: '2' }, argv: [] });
  });

  it('returns undefined for anything that needs a shell, or for nothing at all', () => {
    for (const command of ['a | b', 'a && b', 'a; b', 'a > out.txt', 'a < in.txt', 'echo $HOME', 'echo ${HOME}', 'ls *.ts', 'a &', 'A=$HOME node x', '', '   ']) {
      expect(splitCommand(command), command).toBeUndefined();
    }
  });
});

describe('launch', () => {
  it('rejects a missing executable with a LaunchError naming it', async () => {
    const failure = launch({ command: 'mcpc-no-such-binary-4711 --flag' });
    await expect(failure).rejects.toBeInstanceOf(LaunchError);
    await expect(failure).rejects.toThrow('command not found: mcpc-no-such-binary-4711');
  });

  it('passes env and cwd, and runs shell syntax under /bin/sh', async () => {
    const cwd = realpathSync(tmpdir());
    const proc = await launch({ command: `${NODE} -e "process.stdout.write(process.env.MCPC_X + '|' + process.cwd())"`, cwd, env: { MCPC_X: 'from-env' } });
    processes.push(proc);
    expect(await output(proc)).toBe(`from-env|${cwd}`);

    const piped = await start(`echo "$MCPC_NOT_SET-piped" | tr a-z A-Z`);
    expect(await output(piped)).toBe('-PIPED\n');
  });

  it('sets leading NAME=value words as environment variables, over --env, without a shell', async () => {
    const proc = await launch({ command: `MCPC_X=from-prefix MCPC_Y="two words" ${NODE} -e "process.stdout.write(process.env.MCPC_X + '|' + process.env.MCPC_Y)"`, env: { MCPC_X: 'from-env' } });
    processes.push(proc);
    expect(await output(proc)).toBe('from-prefix|two words');
  });

  it('rejects a command line that only assigns variables', async () => {
    await expect(launch({ command: 'PORT=3000' })).rejects.toThrow(new LaunchError('nothing to run: the command line only sets PORT'));
  });

  // Reads process groups from /proc.
  it.skipIf(process.platform !== 'linux')('runs the child as the leader of its own process group', async () => {
    const proc = await start(`${NODE} ${JSON.stringify(STUBBORN)} leader-exits`);
    const { child, grandchild } = await pidsOf(proc);
    expect(child).toBe(proc.pid);
    const pgid = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
    expect(pgid(child)).toBe(child);
    expect(pgid(grandchild)).toBe(child);
  });
});

describe('LaunchedProcess.stop', () => {
  it('ends a child that exits on stdin close gracefully, without signals', async () => {
    const proc = await start(`${NODE} -e "process.stdin.resume(); process.stdin.on('end', () => process.exit(0))"`);
    const started = Date.now();
    await proc.stop(2000);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(proc.hasExited).toBe(true);
  });

  it('kills a child that ignores stdin close and SIGTERM, and its grandchild', async () => {
    const proc = await start(`${NODE} ${JSON.stringify(STUBBORN)} stubborn`);
    const { child, grandchild } = await pidsOf(proc);
    expect(alive(child) && alive(grandchild)).toBe(true);
    const started = Date.now();
    await proc.stop(150);
    // Two grace periods passed: stdin close, then SIGTERM, were both ignored before SIGKILL.
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(await proc.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(() => process.kill(child, 0)).toThrow();
    expect(await gone(grandchild)).toBe(true);
  });

  it('ends the group even when the leader exits and leaves a grandchild behind', async () => {
    const proc = await start(`${NODE} ${JSON.stringify(STUBBORN)} leader-exits`);
    const { child, grandchild } = await pidsOf(proc);
    await proc.stop(150);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(() => process.kill(child, 0)).toThrow();
    expect(await gone(grandchild)).toBe(true);
  });
});
