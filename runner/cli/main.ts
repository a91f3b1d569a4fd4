#!/usr/bin/env node
/**
 * The command-line entry: the only module that touches process.argv, process.exit and signals.
 * Everything else is reachable as a library (runner/index.ts).
 */
import { resolve } from 'node:path';
import { parseReporters, progressLine, readReport, REPORTERS, type ReporterName } from '../../reports/index.js';
import type { Report } from '../../reports/types.js';
import { loadScenarios } from '../engine/load.js';
import { unmatchedFilters } from '../engine/plan.js';
import { run } from '../engine/run.js';
import { killAllNow, stopAll } from '../util/process.js';
import { checkUrl, type ServerTargetSpec } from '../targets/server-target.js';
import { TOOL_VERSION } from '../version.js';
import { parseArgs, UsageError, type ReportCommand, type ServerCommand } from './args.js';
import { listCommand } from './list.js';
import { exitCodeAfterReports, OutDirError, prepareOutDir, writeReports } from './outputs.js';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = await parseArgs(argv, TOOL_VERSION);
  } catch (err) {
    return usage(err);
  }
  if (!parsed.command) {
    if (parsed.output) process.stdout.write(parsed.output + '\n');
    return 0;
  }
  const command = parsed.command;
  if (command.kind === 'list') {
    process.stdout.write(await listCommand(command));
    return 0;
  }
  if (command.kind === 'report') return reportCommand(command);
  return serverCommand(command);
}

async function serverCommand(cmd: ServerCommand): Promise<number> {
  let reporters: ReporterName[];
  const outDir = resolve(cmd.out);
  try {
    reporters = parseReporters(cmd.reporter);
    if (cmd.url !== undefined) {
      const problem = checkUrl(cmd.url.split('{port}').join('1'));
      if (problem) throw new UsageError(problem);
    }
    // A typo in --scenario would run nothing and pass: refuse it before anything is launched or cleared.
    const unmatched = unmatchedFilters(await loadScenarios(), 'server', cmd.scenario);
    if (unmatched) throw new UsageError(unmatched, '');
  } catch (err) {
    return usage(err);
  }
  try {
    // Checked before the run, so that an unusable --out cannot lose a whole run's results at the end.
    prepareOutDir(outDir, reporters, REPORTERS);
  } catch (err) {
    if (!(err instanceof OutDirError)) throw err;
    return usage(err);
  }
  const interactive = Boolean(process.stderr.isTTY) && !process.env.CI;
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const report = await run({
    target: targetSpec(cmd),
    specVersion: cmd.specVersion as never,
    scenarios: cmd.scenario,
    jobs: cmd.jobs,
    timeoutMs: Math.round(cmd.timeout * 1000),
    failOn: cmd.failOn,
    outDir,
    onPlan: (total, revisions) => {
      if (!interactive) process.stderr.write(`mcp-conformance: running ${total} scenario${total === 1 ? '' : 's'} at ${revisions.join(', ')}\n`);
    },
    onProgress: (done, total, last) => {
      if (interactive) process.stderr.write(`\r${progressLine(done, total, last.id)}`);
    },
  });
  if (interactive) process.stderr.write('\r\x1b[K');
  const failures = writeReports(report, reporters, REPORTERS, { outDir, render: { color, verbose: cmd.verbose } });
  printFatal(report);
  return exitCodeAfterReports(report.summary.exitCode, failures);
}

/**
 * Why a run ended early, printed once, on stderr, whichever reporters run (the console reporter names only
 * the kind, so that the reason does not appear twice). A usage problem found after the probe is one line,
 * like every other usage error; an unreachable target's reason may end with the lines it wrote to stderr.
 */
function printFatal(report: Report): void {
  if (report.fatal) process.stderr.write(`mcp-conformance: ${report.fatal.message}\n`);
}

/**
 * `report --from`: renders a saved report without re-running. Its exit code is the saved run's, so a CI step
 * that only re-renders still fails a non-conformant run; 3 when a reporter failed; 2 when the file is unusable.
 */
function reportCommand(cmd: ReportCommand): number {
  let reporters: ReporterName[];
  try {
    reporters = parseReporters(cmd.reporter);
  } catch (err) {
    return usage(err);
  }
  let report: Report;
  try {
    report = readReport(cmd.from);
  } catch (err) {
    // readReport's message names the file and the problem; --help would not help with a bad file.
    process.stderr.write(`mcp-conformance: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const failures = writeReports(report, reporters, REPORTERS, { outDir: resolve(cmd.out), render: { color, verbose: cmd.verbose } });
  printFatal(report);
  return exitCodeAfterReports(report.summary.exitCode, failures);
}

/** --command alone: stdio; --url alone: HTTP; both: start the command, then test the URL. */
function targetSpec(cmd: ServerCommand): ServerTargetSpec {
  const launch = cmd.command !== undefined ? { command: cmd.command, ...(cmd.cwd ? { cwd: cmd.cwd } : {}), env: Object.fromEntries(cmd.env.map(splitPair)) } : undefined;
  if (cmd.url === undefined) return { kind: 'command', ...launch! };
  return { kind: 'url', url: cmd.url, headers: Object.fromEntries(cmd.header.map(splitHeader)), ...(launch ? { launch } : {}) };
}

function splitPair(pair: string): [string, string] {
  const i = pair.indexOf('=');
  return [pair.slice(0, i), pair.slice(i + 1)];
}

function splitHeader(header: string): [string, string] {
  const i = header.indexOf(':');
  return [header.slice(0, i).trim(), header.slice(i + 1).trim()];
}

/**
 * A usage error: exactly one line on stderr, exit code 2. It ends by pointing at --help, unless the error
 * says where to look itself (a filter names `list scenarios`) or --help would not help (a folder problem).
 */
function usage(err: unknown): number {
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s*\r?\n\s*/g, ' ').trim();
  const hint = err instanceof UsageError ? err.hint : err instanceof OutDirError ? '' : 'see mcp-conformance --help';
  process.stderr.write(`mcp-conformance: ${message}${hint ? ` (${hint})` : ''}\n`);
  return err instanceof UsageError || (err instanceof Error && !(err instanceof TypeError)) ? 2 : 3;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\nmcp-conformance: interrupted (${signal}); stopping the target\n`);
    void stopAll().finally(() => process.exit(130));
  });
}
process.on('exit', killAllNow);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mcp-conformance: harness error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);
