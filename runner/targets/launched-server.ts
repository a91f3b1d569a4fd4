import { acceptsConnections, freePort, PORT_PLACEHOLDER } from '../util/ports.js';
import { launch, LaunchError, type LaunchedProcess } from '../util/process.js';
import { settlesWithin } from '../util/wait.js';
import { UnreachableError } from './errors.js';

/** An HTTP server under test that the harness started, and stops. */
export interface LaunchedServer {
  /** The URL with the placeholder filled in. */
  url: string;
  /** The command line with the placeholder filled in. */
  command: string;
  /** Process id of the server, which is also its process group id. */
  pid: number | undefined;
  /** The last few kilobytes the server wrote to stdout and stderr, for diagnostics. */
  output(): string;
  /** Ends the server's whole process group; idempotent, never rejects. */
  stop(): Promise<void>;
}

export interface LaunchServerSpec {
  command: string;
  url: string;
  cwd?: string;
  env?: Record<string, string>;
}

const OUTPUT_TAIL_CHARS = 16 * 1024;
/** Binding a port just found free can still lose a race with another process; that is retried. */
const PORT_ATTEMPTS = 3;

/**
 * Starts an HTTP server under test from a command line and resolves when its URL's port accepts
 * connections. `{port}` in the command, the URL and the environment values becomes a free loopback
 * port. Rejects with an UnreachableError (exit code 2) when it cannot start, dies, or never listens.
 */
export async function launchServer(spec: LaunchServerSpec, readyMs: number): Promise<LaunchedServer> {
  const needsPort = [spec.command, spec.url, ...Object.values(spec.env ?? {})].some((s) => s.includes(PORT_PLACEHOLDER));
  for (let attempt = 1; ; attempt++) {
    const port = needsPort ? String(await freePort()) : '';
    try {
      return await startOnce(spec, port, readyMs);
    } catch (err) {
      const lostRace = needsPort && err instanceof UnreachableError && /EADDRINUSE|address already in use/i.test(err.message);
      if (!lostRace || attempt >= PORT_ATTEMPTS) throw err;
    }
  }
}

async function startOnce(spec: LaunchServerSpec, port: string, readyMs: number): Promise<LaunchedServer> {
  const fill = (text: string): string => text.split(PORT_PLACEHOLDER).join(port);
  const command = fill(spec.command);
  const url = fill(spec.url);
  const env = spec.env ? Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, fill(v)])) : undefined;
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const targetPort = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));

  let proc: LaunchedProcess;
  try {
    proc = await launch({ command, ...(spec.cwd ? { cwd: spec.cwd } : {}), ...(env ? { env } : {}) });
  } catch (err) {
    throw new UnreachableError(`cannot launch the server: ${err instanceof LaunchError ? err.message : String(err)}`);
  }
  // Keep reading its output (a full pipe would block it) and remember the end for error messages.
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  proc.child.stdout.on('data', keep);
  proc.child.stderr.on('data', keep);
  const hint = (): string => (tail.trim() ? `; its output ends with:\n${tail.trim().split('\n').slice(-10).join('\n')}` : '');

  const deadline = Date.now() + readyMs;
  while (!(await acceptsConnections(host, targetPort))) {
    if (proc.hasExited) {
      const { code, signal } = await proc.exited;
      throw new UnreachableError(`the server exited (${signal ? `signal ${signal}` : `code ${code}`}) before listening on ${url}${hint()}`);
    }
    if (Date.now() > deadline) {
      await proc.stop(500, { viaStdin: false });
      throw new UnreachableError(`the server did not listen on ${url} within ${readyMs} ms${hint()}`);
    }
    // Either it exits or the next poll finds the port open; a short pause keeps the poll cheap.
    await settlesWithin(proc.exited, 50);
  }
  let stopping: Promise<void> | undefined;
  return { url, command, pid: proc.pid, output: () => tail, stop: () => (stopping ??= proc.stop(2000, { viaStdin: false }).catch(() => undefined)) };
}
