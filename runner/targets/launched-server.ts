import { createConnection, createServer } from 'node:net';
import { UnreachableError } from './errors.js';
import { launch, LaunchError, type LaunchedProcess } from './launch.js';

/** The placeholder replaced by a free loopback port in `--command` and `--url`. */
export const PORT_PLACEHOLDER = '{port}';

export interface LaunchedServer {
  /** The URL with the placeholder filled in. */
  url: string;
  /** The command line with the placeholder filled in. */
  command: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (another process could still take it before the server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** True when something accepts a TCP connection on host:port within half a second. */
export function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Starts an HTTP server under test from a command line, once for the whole run, and resolves when
 * its URL's port accepts connections. `{port}` in the command and the URL becomes a free port.
 * Rejects with an UnreachableError (exit code 2) when it cannot start, dies, or never listens.
 */
export async function launchServer(spec: { command: string; url: string; cwd?: string; env?: Record<string, string> }, readyMs: number): Promise<LaunchedServer> {
  const needsPort = spec.command.includes(PORT_PLACEHOLDER) || spec.url.includes(PORT_PLACEHOLDER);
  const port = needsPort ? String(await freePort()) : '';
  const command = spec.command.split(PORT_PLACEHOLDER).join(port);
  const url = spec.url.split(PORT_PLACEHOLDER).join(port);
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const targetPort = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));

  let proc: LaunchedProcess;
  try {
    proc = await launch({ command, cwd: spec.cwd, env: spec.env });
  } catch (err) {
    throw new UnreachableError(`cannot launch the server: ${err instanceof LaunchError ? err.message : String(err)}`);
  }
  // Keep reading its output (a full pipe would block it) and remember the end for error messages.
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
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
      await proc.stop(500);
      throw new UnreachableError(`the server did not listen on ${url} within ${readyMs} ms${hint()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, command, stop: () => proc.stop() };
}
