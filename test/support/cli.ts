import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
 * Runs the CLI against the reference (with `defect`, launched with `launch` too) over `transport`.
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
    if (transport !== 'stdio') server = await startReferenceHttp(defect, [...(transport === 'http-sse' ? ['--sse'] : []), ...launch]);
    // The reference serves legacy HTTP+SSE on /sse next to Streamable HTTP on /mcp.
    const target = server ? ['server', '--url', transport === 'legacy-sse' ? server.url.replace(/\/mcp$/, '/sse') : server.url] : ['server', '--command', referenceCommand(defect, launch)];
    const run = await runCli([...target, '--timeout', String(timeoutSeconds), ...args], { timeoutMs: 400_000 });
    expect(run.report, `no report.json (exit ${run.code}): ${run.stderr}`).toBeDefined();
    expect(run.code).toBe(run.report!.summary.exitCode);
    return { ...run.report!, stdout: run.stdout, outDir: run.outDir };
  } finally {
    await server?.stop();
  }
}
