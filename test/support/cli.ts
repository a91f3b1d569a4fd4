import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { mintToken, newTokenKey } from '../../runner/auth/tokens.js';
import { REVISIONS } from '../../runner/revisions.js';
import { expect } from 'vitest';
import type { ProofTransport } from '../../fixtures/defect.js';
import type { Report } from '../../reports/types.js';
import { PORT_PLACEHOLDER, startHttpProcess, type HttpTarget } from '../../fixtures/process.js';

/** The repository root (tests run from TypeScript sources; the CLI and fixtures run compiled from dist/). */
export const root = resolve(import.meta.dirname, '..', '..');
export const cliPath = join(root, 'dist', 'runner', 'cli', 'main.js');
export const referenceServer = join(root, 'dist', 'fixtures', 'reference-server.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outDir: string;
  /** report.json, when the run wrote one. */
  report: Report | undefined;
  ms: number;
}

/** Runs the built CLI as a real child process, with a fresh output directory. */
export function runCli(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; out?: boolean } = {}): Promise<CliRun> {
  const outDir = mkdtempSync(join(tmpdir(), 'mcpc-out-'));
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args, ...(opts.out === false ? [] : ['--out', outDir])], {
      cwd: root,
      env: { ...process.env, CI: '1', NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not finish within ${opts.timeoutMs ?? 120_000} ms: ${args.join(' ')}\n${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const reportPath = join(outDir, 'report.json');
      const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined;
      resolvePromise({ code, stdout, stderr, outDir, report, ms: Date.now() - started });
    });
  });
}

/** What the worker of {@link runInProcess} answers for one command line. */
interface WorkerAnswer {
  id: number;
  code?: number;
  error?: string;
  stdout: string;
  stderr: string;
}

/** The worker thread (support/cli-worker.mjs) that runs command lines for this test file, and its runs in flight. */
let worker: { thread: Worker; pending: Map<number, (answer: WorkerAnswer) => void>; next: number } | undefined;

function cliWorker(): NonNullable<typeof worker> {
  if (worker) return worker;
  // No execArgv: the test process's `--conditions` would send the built scenarios to the TypeScript sources.
  const thread = new Worker(new URL('./cli-worker.mjs', import.meta.url), { execArgv: [] });
  const pending = new Map<number, (answer: WorkerAnswer) => void>();
  thread.on('message', (answer: WorkerAnswer) => {
    pending.get(answer.id)?.(answer);
    pending.delete(answer.id);
  });
  thread.on('error', (error) => {
    for (const settle of pending.values()) settle({ id: -1, error: error.stack ?? error.message, stdout: '', stderr: '' });
    pending.clear();
    worker = undefined;
  });
  // The test process may end while the worker waits for work.
  thread.unref();
  return (worker = { thread, pending, next: 0 });
}

/**
 * Runs a command line of the built CLI in a worker thread of this process, with a fresh output directory, as
 * {@link runCli} does in a child process. For runs whose verdicts are the point (the proofs): the CLI's code
 * and the scenarios load, and the schemas compile, once per test file instead of once per run. What only a
 * process shows (exit on a signal, what is left running, output the process itself writes) is for runCli.
 */
export async function runInProcess(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; outDir?: string } = {}): Promise<CliRun> {
  const outDir = opts.outDir ?? mkdtempSync(join(tmpdir(), 'mcpc-out-'));
  const started = Date.now();
  const { thread, pending } = cliWorker();
  const id = worker!.next++;
  const limit = opts.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await new Promise<WorkerAnswer>((resolvePromise, reject) => {
      timer = setTimeout(() => reject(new Error(`the run did not finish within ${limit} ms: ${args.join(' ')}`)), limit);
      pending.set(id, resolvePromise);
      thread.postMessage({ id, args: [...args, '--out', outDir], env: { ...process.env, CI: '1', NO_COLOR: '1', ...opts.env } });
    });
    if (answer.error !== undefined) throw new Error(`the run threw: ${answer.error}\n${answer.stderr}`);
    const reportPath = join(outDir, 'report.json');
    const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined;
    return { code: answer.code ?? null, stdout: answer.stdout, stderr: answer.stderr, outDir, report, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `--spec-version` for every dated revision: draft is byte-identical to 2026-07-28 today, so whole runs that
 * are about something else leave it out (defects.test.ts runs it over stdio and HTTP, server and client).
 */
export const DATED_REVISIONS = REVISIONS.filter((r) => r !== 'draft').join(',');

/** Command line that starts the reference server over stdio, optionally with one defect (`extra`: more arguments, e.g. a mode). */
export function referenceCommand(defect?: string, extra: readonly string[] = []): string {
  return ['node', referenceServer, ...extra, ...(defect ? ['--defect', defect] : [])].join(' ');
}

/** Starts the reference server over Streamable HTTP on a free loopback port (`--sse`: answers as SSE streams). */
export function startReferenceHttp(defect?: string, extra: readonly string[] = []): Promise<HttpTarget> {
  return startHttpProcess({
    name: `reference server${defect ? ` (${defect})` : ''}`,
    argv: ['node', referenceServer, '--http', '--port', PORT_PLACEHOLDER, ...extra, ...(defect ? ['--defect', defect] : [])],
    path: '/mcp',
  });
}

/**
 * The token flags for the reference in its protected mode at `url`: a valid token, an expired one,
 * one for another resource and one without the scope the server needs, all signed with the server's key.
 */
export function referenceTokens(key: string, url: string): string[] {
  const claims = { iss: new URL(url).origin, sub: 'conformance-user', client_id: 'conformance-client', scope: 'mcp' };
  return [
    '--auth-token',
    mintToken(key, { ...claims, aud: url, ttlSeconds: 3600 }),
    '--auth-token-expired',
    mintToken(key, { ...claims, aud: url, ttlSeconds: -3600 }),
    '--auth-token-wrong-audience',
    mintToken(key, { ...claims, aud: `${new URL(url).origin}/another-resource`, ttlSeconds: 3600 }),
    '--auth-token-insufficient-scope',
    mintToken(key, { ...claims, aud: url, scope: 'profile', ttlSeconds: 3600 }),
  ];
}

/** Every failed check of a report as `scenario#check`, sorted. */
export function failedChecks(report: Report): string[] {
  return report.scenarios
    .flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${s.id.split('/').slice(2).join('/')}#${c.id}`))
    .filter((v, i, a) => a.indexOf(v) === i)
    .sort();
}

/** Every check that errored, and every errored scenario, with its message. */
export function erroredItems(report: Report): string[] {
  return report.scenarios.flatMap((s) => [
    ...(s.status === 'errored' ? [`${s.id}: ${s.message ?? ''}`] : []),
    ...s.checks.filter((c) => c.status === 'errored').map((c) => `${s.id}#${c.id}: ${c.message ?? ''}`),
  ]);
}

/**
 * Runs the CLI's code in this process against the reference (with `defect`, launched with `launch` too) over `transport`.
 * By default the defects' runs wait 3 s for a response, so that a defect that leaves a request
 * unanswered costs little; the reference's own runs keep the default 10 s, since a slow answer on a
 * loaded machine is no fault of the reference's.
 */
export async function runAgainst(
  transport: ProofTransport,
  args: string[],
  defect?: string,
  timeoutSeconds = defect ? 3 : 10,
  launch: readonly string[] = [],
): Promise<Report & { stdout: string; outDir: string }> {
  let server: HttpTarget | undefined;
  try {
    // The protected mode signs its tokens with a key of this run's, so that the harness can be given some.
    const key = launch.includes('--auth') ? newTokenKey() : undefined;
    if (transport !== 'stdio') server = await startReferenceHttp(defect, [...(transport === 'http-sse' ? ['--sse'] : []), ...launch, ...(key ? ['--auth-key', key] : [])]);
    // The reference serves legacy HTTP+SSE on /sse next to Streamable HTTP on /mcp.
    const target = server ? ['server', '--url', transport === 'legacy-sse' ? server.url.replace(/\/mcp$/, '/sse') : server.url] : ['server', '--command', referenceCommand(defect, launch)];
    const tokens = key && server ? referenceTokens(key, server.url) : [];
    const run = await runInProcess([...target, '--timeout', String(timeoutSeconds), ...tokens, ...args], { timeoutMs: 400_000 });
    expect(run.report, `no report.json (exit ${run.code}): ${run.stderr}`).toBeDefined();
    expect(run.code).toBe(run.report!.summary.exitCode);
    return { ...run.report!, stdout: run.stdout, outDir: run.outDir };
  } finally {
    await server?.stop();
  }
}
