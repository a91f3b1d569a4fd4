/**
 * The commands of the command line, run by {@link cli} with the output streams it is given. main.ts is the
 * process around it: argv, signals, the exit code.
 *
 * Start-up is kept short: only this file, the version and the small modules below load up front. yargs loads once
 * the arguments are more than `--version`; each command then imports what it uses (`list` the scenarios, a run the
 * engine and the reporters, `report` the renderers), so no command pays for another's libraries.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ReporterName } from '../../reports/names.js';
import type { Report } from '../../reports/types.js';
import type { Baseline } from '../engine/baseline.js';
import type { AuthCredentials, ServerTargetSpec } from '../targets/server-target.js';
import { TOOL_VERSION } from '../version.js';
import { parseRevisionChoice } from '../revisions.js';
import type { BaselineUpdateCommand, ClientCommand, ReportCommand, ReportMatrixCommand, ReportMergeCommand, ServerCommand } from './args.js';
import type { ClientRunTarget } from '../engine/run.js';
import { escapeControls } from '../../reports/text.js';
import { exitCodeAfterReports, OutDirError, prepareOutDir, writeAtomically, writeReports, type OutputIo } from './outputs.js';
import { UsageError } from './usage-error.js';

/** The reporter registry and helpers, loaded by the commands that render something. */
type Reports = typeof import('../../reports/index.js');

/** Where a command line's output goes, and what it knows of the terminal. */
export interface CliIo extends OutputIo {
  stdoutTTY: boolean;
  stderrTTY: boolean;
  /** Told how to kill every process a run launched, once it may launch one (for the process's exit hook). */
  onLaunch?(killAllNow: () => void): void;
}

/**
 * Runs one command line and returns its exit code. Everything it prints goes through `io`; it never
 * exits the process or touches signals (main.ts does), so a test can run it in its own process.
 */
export async function cli(argv: string[], io: CliIo): Promise<number> {
  // `--version` alone is answered before anything else loads, with what yargs would print.
  if (argv.length === 1 && argv[0] === '--version') {
    io.stdout(TOOL_VERSION + '\n');
    return 0;
  }
  const { parseArgs } = await import('./args.js');
  let parsed;
  try {
    parsed = await parseArgs(argv, TOOL_VERSION);
  } catch (err) {
    return usage(err, io);
  }
  if (!parsed.command) {
    if (parsed.output) io.stdout(parsed.output + '\n');
    return 0;
  }
  const command = parsed.command;
  if (command.kind === 'list') {
    const { listCommand } = await import('./list.js');
    io.stdout(await listCommand(command));
    return 0;
  }
  if (command.kind === 'report') return reportCommand(command, io);
  if (command.kind === 'report-merge') return reportMergeCommand(command, io);
  if (command.kind === 'baseline-update') return baselineUpdateCommand(command, io);
  if (command.kind === 'report-matrix') return reportMatrixCommand(command, io);
  return serverCommand(command, io);
}

/** `server` and `client`: runs the suites against the target and writes the reports. */
async function serverCommand(cmd: ServerCommand | ClientCommand, io: CliIo): Promise<number> {
  const [{ killAllNow }, reports, { readBaseline, staleEntries }, { loadScenarios }, { unmatchedFilters }, { checkUrl, targetSecrets }, { MIN_SECRET_LENGTH, Redactor }, { CiProgress, outputsLine }] = await Promise.all([
    import('../util/process.js'),
    import('../../reports/index.js'),
    import('../engine/baseline.js'),
    import('../engine/load.js'),
    import('../engine/plan.js'),
    import('../targets/server-target.js'),
    import('../util/redact.js'),
    import('./status-lines.js'),
  ]);
  io.onLaunch?.(killAllNow);
  const { parseReporters, REPORTERS } = reports;
  let reporters: ReporterName[];
  let baseline: Baseline | undefined;
  const outDir = resolve(cmd.out);
  try {
    reporters = parseReporters(cmd.reporter);
    // A malformed baseline is the user's to fix (file:line in the message), found before anything is launched.
    if (cmd.baseline !== undefined) baseline = readBaseline(cmd.baseline);
    if (cmd.kind === 'server' && cmd.url !== undefined) {
      const problem = checkUrl(cmd.url.split('{port}').join('1'));
      if (problem) throw new UsageError(problem);
    }
    // A typo in --scenario would run nothing and pass: refuse it before anything is launched or cleared.
    const unmatched = unmatchedFilters(await loadScenarios(), cmd.kind, cmd.scenario);
    if (unmatched) throw new UsageError(unmatched, '');
  } catch (err) {
    return usage(err, io);
  }
  try {
    // Checked before the run, so that an unusable --out cannot lose a whole run's results at the end.
    prepareOutDir(outDir, reporters, REPORTERS);
  } catch (err) {
    if (!(err instanceof OutDirError)) throw err;
    return usage(err, io);
  }
  const interactive = io.stderrTTY && !io.env.CI;
  const color = io.stdoutTTY && !io.env.NO_COLOR;
  const target = cmd.kind === 'client' ? clientSpec(cmd) : targetSpec(cmd);
  // run() redacts the report and the transcripts with the same secrets; this copy covers what the
  // CLI prints itself, and the warning about what cannot be redacted.
  const secrets = targetSecrets(target);
  const redactor = Redactor.of(secrets.values);
  if (secrets.unredactable.length > 0) io.stderr(unredactableWarning(secrets.unredactable, MIN_SECRET_LENGTH));
  const say = (text: string): void => void io.stderr(redactor.redact(text));
  let report: Report;
  try {
    report = await runTarget(cmd, target, outDir, interactive, say, reports, new CiProgress(), baseline);
  } catch (err) {
    // Not the target's fault, but the message may still quote it.
    say(`mcp-conformance: harness error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 3;
  }
  if (interactive) io.stderr('\r\x1b[K');
  const written: string[] = [];
  const failures = writeReports(report, reporters, REPORTERS, { outDir, render: { color, verbose: cmd.verbose }, written, io });
  // The report is already redacted (engine/report.ts); redacting again costs nothing and guards this line.
  printFatal(report, say);
  if (baseline) for (const line of staleEntries(report, baseline)) say(`mcp-conformance: ${line}\n`);
  afterReports(reports, report, reporters, outDir, written, report.scenarios.some((s) => s.transcript !== undefined), say, outputsLine);
  return exitCodeAfterReports(report.summary.exitCode, failures);
}

/**
 * The last lines, on stderr: the verdict line when no console reporter printed it (so `--reporter json`
 * alone still says how the run went), then where the files went.
 */
function afterReports(
  { summaryLine }: Reports,
  report: Report,
  reporters: readonly ReporterName[],
  outDir: string,
  written: readonly string[],
  transcripts: boolean,
  say: (text: string) => void,
  outputsLine: typeof import('./status-lines.js').outputsLine,
): void {
  if (!reporters.includes('console')) say(`${summaryLine(report)}\n`);
  say(outputsLine(outDir, written, transcripts, process.cwd()));
}

/** One line for every secret too short to redact by value (never the value itself). */
function unredactableWarning(sources: readonly string[], minLength: number): string {
  return `mcp-conformance: warning: cannot redact ${sources.join(', ')}: shorter than ${minLength} characters, so a target that echoes it shows it in reports, transcripts and output\n`;
}

/** Runs the suites, with the progress lines the CLI prints (through `say`, which redacts). */
async function runTarget(
  cmd: ServerCommand | ClientCommand,
  target: ServerTargetSpec | ClientRunTarget,
  outDir: string,
  interactive: boolean,
  say: (text: string) => void,
  { progressLine }: Reports,
  ciProgress: import('./status-lines.js').CiProgress,
  baseline?: Baseline,
): Promise<Report> {
  const { run } = await import('../engine/run.js');
  return run({
    ...(baseline ? { baseline } : {}),
    target,
    // Checked by parseArgs.
    specVersion: parseRevisionChoice(cmd.specVersion)!,
    // `authorization` runs the authorization server's scenarios, and no others.
    scenarios: cmd.kind === 'server' && cmd.authorizationServer && cmd.scenario.length === 0 ? ['authorization-server'] : cmd.scenario,
    jobs: cmd.jobs,
    timeoutMs: Math.round(cmd.timeout * 1000),
    ...(cmd.kind === 'server' ? { policy: { profile: cmd.profile, callTools: cmd.callTools, toolArgs: cmd.toolArgs } } : {}),
    ...(cmd.kind === 'server' && cmd.isolate ? { isolate: true } : {}),
    failOn: cmd.failOn,
    outDir,
    ...(cmd.shard ? { shard: cmd.shard } : {}),
    onPlan: (total, revisions, planned) => {
      const shard = cmd.shard ? ` (shard ${cmd.shard.index}/${cmd.shard.count} of ${planned} planned${total === 0 ? ': nothing falls to this shard, its report says so' : ''})` : '';
      if (!interactive || cmd.shard) say(`mcp-conformance: running ${total} scenario${total === 1 ? '' : 's'} at ${revisions.join(', ')}${shard}\n`);
    },
    onProgress: (done, total, last) => {
      if (interactive) say(`\r${progressLine(done, total, last.id)}`);
      else say(ciProgress.finished(done, total, last) ?? '');
    },
  });
}

/**
 * Why a run ended early, printed once, on stderr, whichever reporters run (the console reporter names only
 * the kind, so that the reason does not appear twice). A usage problem found after the probe is one line,
 * like every other usage error; an unreachable target's reason may end with the lines it wrote to stderr.
 */
function printFatal(report: Report, say: (text: string) => void): void {
  // The message may quote the target's stderr: its control bytes are escaped, as every reporter escapes them.
  if (report.fatal) say(`mcp-conformance: ${escapeControls(report.fatal.message)}\n`);
}

/**
 * `report --from`: renders a saved report without re-running. Its exit code is the saved run's, so a CI step
 * that only re-renders still fails a non-conformant run; 3 when a reporter failed; 2 when the file is unusable.
 * Nothing is redacted here, and nothing needs to be: the secrets were never in the saved file (the run that
 * wrote it redacted the report before any reporter saw it), and this command knows no secrets of its own.
 * A report.json edited by hand to hold a secret is rendered as it is.
 */
async function reportCommand(cmd: ReportCommand, io: CliIo): Promise<number> {
  const reports = await import('../../reports/index.js');
  const { parseReporters, readReport } = reports;
  let reporters: ReporterName[];
  try {
    reporters = parseReporters(cmd.reporter);
  } catch (err) {
    return usage(err, io);
  }
  let report: Report;
  try {
    report = readReport(cmd.from);
  } catch (err) {
    // readReport's message names the file and the problem; --help would not help with a bad file.
    io.stderr(`mcp-conformance: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  // Only what this command writes is named: the transcripts stay where the run that saved the report put them.
  return rerender(reports, report, reporters, cmd, false, io);
}

/**
 * Writes a saved or merged report in the chosen formats, then the CLI's last lines (see {@link afterReports}).
 * @returns the exit code: the report's own, or 3 when a reporter failed.
 */
async function rerender(reports: Reports, report: Report, reporters: readonly ReporterName[], cmd: { out: string; verbose: boolean }, transcripts: boolean, io: CliIo): Promise<number> {
  const { outputsLine } = await import('./status-lines.js');
  const color = io.stdoutTTY && !io.env.NO_COLOR;
  const written: string[] = [];
  const outDir = resolve(cmd.out);
  const failures = writeReports(report, reporters, reports.REPORTERS, { outDir, render: { color, verbose: cmd.verbose }, written, io });
  printFatal(report, io.stderr);
  afterReports(reports, report, reporters, outDir, written, transcripts, io.stderr, outputsLine);
  return exitCodeAfterReports(report.summary.exitCode, failures);
}

/**
 * `report merge`: one report from the reports of every shard of a run, in every requested format, into `--out`
 * (with the transcripts copied there). Exit code: the merged run's, like `report --from`; 2 when the reports
 * cannot be merged (the message says which and why) or `--out` is unusable; 3 when a reporter failed.
 */
async function reportMergeCommand(cmd: ReportMergeCommand, io: CliIo): Promise<number> {
  const [reports, { prepareMerge }] = await Promise.all([import('../../reports/index.js'), import('./merge.js')]);
  let reporters: ReporterName[];
  try {
    reporters = reports.parseReporters(cmd.reporter);
  } catch (err) {
    return usage(err, io);
  }
  let merged;
  try {
    merged = prepareMerge(cmd, reporters);
  } catch (err) {
    // A bug of ours is a harness error (exit 3, from main), never blamed on the files given.
    if (err instanceof TypeError || err instanceof RangeError) throw err;
    io.stderr(`mcp-conformance: report merge: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  for (const warning of merged.warnings) io.stderr(`mcp-conformance: ${warning}\n`);
  // The shards' transcripts were copied into --out with the merged report. A merged report has no fatal.
  return rerender(reports, merged.report, reporters, cmd, merged.report.scenarios.some((s) => s.transcript !== undefined), io);
}

/**
 * `baseline update`: writes a baseline under which the saved run passes (engine/baseline.ts `updateBaseline`),
 * keeping the reasons of the existing file. Exit 0 when written; 2 when the report or the existing baseline is
 * unusable (the message names the file, and the line for a baseline).
 */
async function baselineUpdateCommand(cmd: BaselineUpdateCommand, io: CliIo): Promise<number> {
  const [{ readReport }, { baselineYaml, readBaseline, updateBaseline }] = await Promise.all([import('../../reports/json.js'), import('../engine/baseline.js')]);
  let report: Report;
  let existing: Baseline | undefined;
  try {
    report = readReport(cmd.from);
    if (existsSync(cmd.baseline)) existing = readBaseline(cmd.baseline);
  } catch (err) {
    io.stderr(`mcp-conformance: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (report.shard) {
    // A shard holds only some units: a revision-specific entry depends on the same check at other revisions,
    // which may have run in another shard, so a baseline from one shard can differ from the whole run's.
    io.stderr(
      `mcp-conformance: ${cmd.from} is shard ${report.shard.index}/${report.shard.count} of a run; merge the shards first ("mcp-conformance report merge ... --out DIR") and update the baseline from the merged report.json\n`,
    );
    return 2;
  }
  if (report.fatal) {
    io.stderr(`mcp-conformance: ${cmd.from} is the report of a run that did not complete (${report.fatal.kind}); a baseline from it would list nothing\n`);
    return 2;
  }
  const { entries, added, dropped } = updateBaseline(report, existing?.entries);
  try {
    writeFileSync(cmd.baseline, baselineYaml(entries));
  } catch (err) {
    io.stderr(`mcp-conformance: cannot write ${cmd.baseline}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  io.stderr(
    `mcp-conformance: wrote ${cmd.baseline}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}` +
      `${added > 0 ? `, ${added} new with a placeholder reason (edit them)` : ''}${dropped > 0 ? `, ${dropped} stale removed (failures they still listed kept their reason)` : ''}\n`,
  );
  return 0;
}

/**
 * `report matrix`: reads every report first (the first unusable one is named, exit 2, and nothing is written),
 * then writes matrix.html. Exit 0 once written, whatever the runs' verdicts: the page compares them.
 */
async function reportMatrixCommand(cmd: ReportMatrixCommand, io: CliIo): Promise<number> {
  const [{ readReport }, { matrixRows, renderMatrix }] = await Promise.all([import('../../reports/json.js'), import('../../reports/matrix.js')]);
  const inputs: import('../../reports/matrix.js').MatrixInput[] = [];
  try {
    for (const [i, source] of cmd.reports.entries()) inputs.push({ report: readReport(source), source, ...(cmd.labels[i] !== undefined ? { label: cmd.labels[i] } : {}) });
  } catch (err) {
    io.stderr(`mcp-conformance: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const target = resolve(cmd.out, 'matrix.html');
  try {
    writeAtomically(target, renderMatrix(inputs));
  } catch (err) {
    io.stderr(`mcp-conformance: cannot write ${target}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const rows = matrixRows(inputs.map((i) => i.report)).length;
  io.stderr(`mcp-conformance: wrote ${target}: ${inputs.length} report${inputs.length === 1 ? '' : 's'}, ${rows} checks\n`);
  return 0;
}

/** --command alone: stdio; --url alone: HTTP; both: start the command, then test the URL. */
function targetSpec(cmd: ServerCommand): ServerTargetSpec {
  const launch = cmd.command !== undefined ? { command: cmd.command, ...(cmd.cwd ? { cwd: cmd.cwd } : {}), env: Object.fromEntries(cmd.env.map(splitPair)) } : undefined;
  if (cmd.url === undefined) return { kind: 'command', ...launch! };
  const transport = cmd.transport === 'auto' ? undefined : cmd.transport === 'sse' ? 'legacy-sse' : cmd.transport;
  const { token, expiredToken, wrongAudienceToken, insufficientScopeToken, clientId, clientSecret } = cmd.auth;
  const auth: AuthCredentials = {
    ...(token !== undefined ? { token: token.trim() } : {}),
    ...(expiredToken !== undefined ? { expiredToken: expiredToken.trim() } : {}),
    ...(wrongAudienceToken !== undefined ? { wrongAudienceToken: wrongAudienceToken.trim() } : {}),
    ...(insufficientScopeToken !== undefined ? { insufficientScopeToken: insufficientScopeToken.trim() } : {}),
    ...(clientId !== undefined ? { client: { id: clientId, ...(clientSecret !== undefined ? { secret: clientSecret } : {}) } } : {}),
    ...(cmd.authorizationServer ? { issuer: cmd.url, standalone: true as const } : {}),
    ...(cmd.auth.authorize ? { authorize: true as const } : {}),
    ...(cmd.auth.approveSelector !== undefined || cmd.auth.fill !== undefined
      ? { browser: { ...(cmd.auth.approveSelector !== undefined ? { approveSelector: cmd.auth.approveSelector } : {}), ...(cmd.auth.fill ? { fill: cmd.auth.fill } : {}) } }
      : {}),
  };
  return {
    kind: 'url',
    url: cmd.url,
    headers: Object.fromEntries(cmd.header.map(splitHeader)),
    ...(launch ? { launch } : {}),
    ...(transport ? { transport } : {}),
    ...(Object.keys(auth).length > 0 ? { auth } : {}),
  };
}

/** The client under test: its command line, transport, environment and folder. */
function clientSpec(cmd: ClientCommand): ClientRunTarget {
  return { kind: 'client', command: cmd.command, transport: cmd.transport === 'sse' ? 'legacy-sse' : cmd.transport, env: Object.fromEntries(cmd.env.map(splitPair)), ...(cmd.cwd ? { cwd: cmd.cwd } : {}), ...(cmd.auth ? { auth: true } : {}) };
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
function usage(err: unknown, io: CliIo): number {
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s*\r?\n\s*/g, ' ').trim();
  // A malformed baseline (engine/baseline.ts's BaselineError, known by name so that this module need not load yaml).
  const baselineError = err instanceof Error && err.name === 'BaselineError';
  const hint = err instanceof UsageError ? err.hint : err instanceof OutDirError || baselineError ? '' : 'see mcp-conformance --help';
  io.stderr(`mcp-conformance: ${message}${hint ? ` (${hint})` : ''}\n`);
  return err instanceof UsageError || (err instanceof Error && !(err instanceof TypeError)) ? 2 : 3;
}
