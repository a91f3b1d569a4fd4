import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { parse } from 'shell-quote';
import { settlesWithin } from './wait.js';

/** A target process could not be started: a usage-level failure (exit code 2). */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
}

export interface LaunchSpec {
  /** The command line, as a user would type it. */
  command: string;
  cwd?: string;
  env?: Record<string, string>;
}

/** A command line split the way a shell would: leading `NAME=value` words, then the words to run. */
export interface SplitCommand {
  /** Environment assignments written before the program (`PORT=3000 node server.js`), in order. */
  env: Record<string, string>;
  /** The program and its arguments; empty when the line only assigns variables. */
  argv: string[];
}

/**
 * An assignment word at the start of what is left of a command line: an unquoted name, `=`, then a value
 * that may be quoted. Checked on the raw text because the tokenizer drops quotes, and `"A=1" prog` is a
 * program named `A=1` to a shell, not an assignment.
 */
const ASSIGNMENT_WORD = /^\s*[A-Za-z_][A-Za-z0-9_]*=(?:[^\s'"\\]|\\.|'[^']*'|"(?:[^"\\]|\\.)*")*/;

/**
 * Splits a command line into leading environment assignments and argv, as a shell would read
 * `PORT=3000 node server.js`; returns undefined when it needs a shell (pipes, globs, $VARS, ...) or is empty.
 */
export function splitCommand(command: string): SplitCommand | undefined {
  const tokens = parse(command, (name) => `$${name}`);
  const words: string[] = [];
  for (const token of tokens) {
    if (typeof token !== 'string') return undefined;
    if (/\$[A-Za-z_{]/.test(token)) return undefined;
    words.push(token);
  }
  if (words.length === 0) return undefined;
  let rest = command;
  let assignments = 0;
  for (let m = ASSIGNMENT_WORD.exec(rest); m && assignments < words.length; m = ASSIGNMENT_WORD.exec(rest)) {
    assignments++;
    rest = rest.slice(m[0].length);
  }
  const env: Record<string, string> = {};
  for (const word of words.slice(0, assignments)) {
    const i = word.indexOf('=');
    env[word.slice(0, i)] = word.slice(i + 1);
  }
  return { env, argv: words.slice(assignments) };
}

/** Every process group we started, so an interrupted run can still end them all. */
const live = new Set<LaunchedProcess>();

/**
 * A child process in its own process group, so that ending it also ends whatever it spawned
 * (npx, uvx and shell wrappers all fork).
 */
export class LaunchedProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Resolves once the process has exited and its stdout and stderr have been read to their end.
   * 'exit' alone can come before the last output has been read; a grandchild that inherited the
   * pipes can delay this for ever, so always bound a wait on it.
   */
  readonly drained: Promise<void>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(readonly child: ChildProcessWithoutNullStreams, readonly command: string) {
    live.add(this);
    // Node emits 'close' once the process exited and every output pipe closed; a failed spawn
    // emits only 'error', and has no output to wait for.
    this.drained = new Promise((resolve) => {
      child.once('close', () => resolve());
      child.once('error', () => resolve());
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(this);
        resolve({ code, signal });
      });
      child.once('error', () => {
        if (this.exitInfo) return;
        this.exitInfo = { code: null, signal: null };
        live.delete(this);
        resolve(this.exitInfo);
      });
    });
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Signals the whole process group; falls back to the child alone. */
  signal(sig: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        this.child.kill(sig);
      } catch {
        // already gone
      }
    }
  }

  /**
   * Ends the process and its whole group. For a stdio server, the shutdown the spec recommends:
   * close stdin, wait, SIGTERM, wait, SIGKILL. A server that does not read stdin (an HTTP server)
   * is sent SIGTERM at once (`viaStdin: false`). Always ends the group, even when the leader exited
   * and left children behind.
   */
  async stop(graceMs = 2000, { viaStdin = true }: { viaStdin?: boolean } = {}): Promise<void> {
    if (viaStdin && !this.child.stdin.destroyed) this.child.stdin.end();
    if (!viaStdin || !(await settlesWithin(this.exited, graceMs))) {
      this.signal('SIGTERM');
      if (!(await settlesWithin(this.exited, graceMs))) this.signal('SIGKILL');
    }
    // Children of the leader may outlive it: the group still gets a final SIGKILL.
    this.signal('SIGKILL');
    await settlesWithin(this.exited, graceMs);
  }
}

/**
 * Starts a command with piped stdio in a new process group. Leading `NAME=value` words set environment
 * variables for it, as in a shell (`PORT=3000 node server.js`). Rejects with a LaunchError when the
 * executable cannot be found or run; a program that starts and then dies is the caller's to judge.
 */
export async function launch(spec: LaunchSpec): Promise<LaunchedProcess> {
  const split = splitCommand(spec.command);
  if (split && split.argv.length === 0) throw new LaunchError(`nothing to run: the command line only sets ${Object.keys(split.env).join(', ')}`);
  const [file, args] = split ? [split.argv[0]!, split.argv.slice(1)] : ['/bin/sh', ['-c', spec.command]];
  const child = spawn(file, args, {
    cwd: spec.cwd,
    // Assignments written before the program win over --env, as they would in a shell.
    env: { ...process.env, ...spec.env, ...split?.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const proc = new LaunchedProcess(child, spec.command);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (err: NodeJS.ErrnoException) => {
      const reason =
        err.code === 'ENOENT'
          ? `command not found: ${file}`
          : err.code === 'EACCES'
            ? `permission denied: ${file}`
            : `cannot start ${file}: ${err.message}`;
      reject(new LaunchError(reason));
    });
  });
  // A pipe error after the peer died must not crash the harness; the exit is reported instead.
  child.stdin.on('error', () => undefined);
  return proc;
}

/** Ends every process group still running (for SIGINT/SIGTERM of the harness itself). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop(500)));
}

/** Synchronous last resort on process exit: SIGKILL every group still alive. */
export function killAllNow(): void {
  for (const p of live) p.signal('SIGKILL');
}
