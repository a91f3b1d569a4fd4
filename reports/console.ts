/**
 * The console reporter, for a maintainer reading a failure. A pure function of the report, in this order:
 * - a header (tool, target, options);
 * - per revision, its scenarios: in the default view the counts, the scenarios that did not pass (a few per
 *   revision, each pointing at its problems by number) and the not-applicable ones grouped by reason; with
 *   `verbose`, every scenario and every check, with the evidence of each failure;
 * - the distinct problems, one per requirement, with the rationale and spec link once, where it failed and
 *   one representative's evidence; then what could not be tested, harness errors and the baseline's entries
 *   (reports/console-problems.ts);
 * - one grep-able summary line.
 * Scenario ids under a revision heading drop their introducing revision (shown as `since …` when it differs),
 * so that no line reads as if another revision ran. Lines stay within 100 columns (a long URL excepted).
 */
import pc from 'picocolors';
import type { CheckResult, Keyword, Report, RevisionRun, ScenarioResult, Status, TargetExit } from './types.js';
import { KEYWORDS, keywordFailsRun } from './summary.js';
import { detail, evidence, introducedIn, MAX_WIDTH, problemNumbers, problemSections, scenarioNames, type Colors, type SectionContext } from './console-problems.js';
import { formatDuration, listFew, oneLine, padEnd, plural, truncate, truncateStart, width, wrap } from './text.js';

/** Options of {@link renderConsole}. */
export interface ConsoleOptions {
  /** ANSI colour; the CLI passes `process.stdout.isTTY && !process.env.NO_COLOR`. */
  color: boolean;
  /** List every scenario and check, and do not shorten long evidence. */
  verbose: boolean;
}

type Paint = (text: string) => string;

const WORD: Record<Status, string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP', errored: 'ERROR' };
const GLYPH: Record<Status, string> = { passed: '✓', failed: '✗', skipped: '-', errored: '!' };
/** Scenarios that did not pass listed per revision in the default view before the rest is only counted. */
const SCENARIO_LINES = 8;
const ID_COLUMN_MAX = 36;
const SCENARIO_INDENT = '  ';
const CHECK_INDENT = '    ';
/** Detail lines under a check line start under its id column. */
const DETAIL_INDENT = ' '.repeat(CHECK_INDENT.length + 2 + 5 + 2);

function paint(c: Colors, status: Status | 'stale'): Paint {
  switch (status) {
    case 'passed':
      return c.green;
    case 'failed':
    case 'stale':
      return c.red;
    case 'skipped':
      return c.dim;
    case 'errored':
      return c.magenta;
  }
}

interface Context extends SectionContext {
  failOn: 'should' | 'must';
  idWidth: number;
  /** Problem number by requirement id. */
  numbers: ReadonlyMap<string, number>;
}

/** The `✗ FAIL ` cell: a glyph and a word, padded before colouring so columns stay aligned. */
function statusCell(ctx: Context, status: Status, stale = false): string {
  const word = stale ? 'STALE' : WORD[status];
  return paint(ctx.c, stale ? 'stale' : status)(`${stale ? '✗' : GLYPH[status]} ${padEnd(word, 5)}`);
}

/** Why a failure does or does not count towards the verdict, when that is not the default. */
function failureNote(ctx: Context, check: CheckResult): string {
  if (check.outcome === 'expected') return 'expected: listed in the baseline';
  if (check.outcome === 'flaky') return 'flaky: listed in the baseline';
  if (check.untestable) return 'not testable';
  const number = ctx.numbers.get(check.requirement);
  const problem = number ? `problem ${number}` : '';
  if (check.keyword === 'MAY') return [problem, 'informational: MAY'].filter(Boolean).join('; ');
  if (!keywordFailsRun(check.keyword, ctx.failOn)) return [problem, 'not counted: --fail-on must'].filter(Boolean).join('; ');
  return problem;
}

/**
 * A check row of the verbose view: status, id, keyword, requirement, and a note in brackets. When that would
 * pass {@link MAX_WIDTH}, the note (then the requirement) moves to a detail line of its own.
 */
function checkLines(ctx: Context, check: CheckResult, stale: boolean, note: string): string[] {
  const cells = [`${GLYPH[check.status]} ${padEnd(stale ? 'STALE' : WORD[check.status], 5)}`, padEnd(oneLine(check.id), ctx.idWidth), padEnd(check.keyword, 8), oneLine(check.requirement)];
  const painted = [statusCell(ctx, check.status, stale), cells[1], ctx.c.bold(cells[2] ?? ''), cells[3]];
  const bracket = note ? `(${oneLine(note)})` : '';
  const plain = `${CHECK_INDENT}${cells.join('  ')}`;
  const line = (parts: readonly (string | undefined)[]): string => `${CHECK_INDENT}${parts.join('  ')}`.trimEnd();
  if (width(plain) + (bracket ? 2 + width(bracket) : 0) <= MAX_WIDTH) return [line([...painted, bracket ? ctx.c.dim(bracket) : ''])];
  const rest = bracket ? detail(ctx.c, DETAIL_INDENT, '', bracket, ctx.c.dim) : [];
  if (width(plain) <= MAX_WIDTH) return [line(painted), ...rest];
  // A long id and requirement: unpadded cells first, and only then the requirement on a line of its own.
  const tight = [painted[0], oneLine(check.id), ctx.c.bold(check.keyword), cells[3]];
  if (width(`${CHECK_INDENT}${[cells[0], oneLine(check.id), check.keyword, cells[3]].join('  ')}`) <= MAX_WIDTH) return [line(tight), ...rest];
  return [line(painted.slice(0, 3)), ...detail(ctx.c, DETAIL_INDENT, 'requires', oneLine(check.requirement)), ...rest];
}

function renderCheck(ctx: Context, check: CheckResult, transcript: string | undefined): string[] {
  switch (check.status) {
    case 'failed':
      return [...checkLines(ctx, check, false, failureNote(ctx, check)), ...evidence(ctx.c, DETAIL_INDENT, check, transcript, true)];
    case 'errored':
      return [...checkLines(ctx, check, false, ''), ...detail(ctx.c, DETAIL_INDENT, '', `harness error (not the target's fault): ${check.message ?? 'no message'}`, ctx.c.magenta)];
    case 'skipped':
      return checkLines(ctx, check, false, `not applicable: ${check.message ?? 'no reason given'}`);
    case 'passed':
      if (check.outcome === 'stale') {
        const why = 'listed as a known failure in the baseline but now passes: remove it from the baseline';
        return [...checkLines(ctx, check, true, ''), ...detail(ctx.c, DETAIL_INDENT, '', why)];
      }
      return checkLines(ctx, check, false, check.outcome === 'flaky' ? 'flaky: listed in the baseline' : '');
  }
}

/**
 * What a scenario line says after its title: duration (verbose view only), transport when not the target's,
 * and the introducing revision when it is not the one the scenario ran at.
 */
function scenarioExtras(scenario: ScenarioResult, targetTransport: string, verbose: boolean): string {
  const since = introducedIn(scenario);
  return [
    verbose ? formatDuration(scenario.durationMs) : '',
    scenario.transport !== targetTransport ? oneLine(scenario.transport) : '',
    since && since !== scenario.revision ? `since ${oneLine(since)}` : '',
  ].filter(Boolean).join(', ');
}

/** Short tags of a scenario that did not pass: which problems, and what else it holds. */
function scenarioTags(ctx: Context, scenario: ScenarioResult): string {
  const problems = [...new Set(scenario.checks.filter((ch) => ch.status === 'failed' && !ch.untestable && ch.outcome === 'unexpected').flatMap((ch) => ctx.numbers.get(ch.requirement) ?? []))];
  const count = (test: (ch: CheckResult) => boolean): number => scenario.checks.filter(test).length;
  const untestable = count((ch) => ch.status === 'failed' && ch.untestable === true && ch.outcome === 'unexpected');
  const known = count((ch) => ch.status === 'failed' && (ch.outcome === 'expected' || ch.outcome === 'flaky'));
  const stale = count((ch) => ch.outcome === 'stale');
  const errored = count((ch) => ch.status === 'errored');
  return [
    problems.length ? `problem${problems.length === 1 ? '' : 's'} ${problems.sort((a, b) => a - b).join(', ')}` : '',
    untestable ? `${untestable} not testable` : '',
    errored || scenario.status === 'errored' ? 'harness error' : '',
    known ? `${known} known (baseline)` : '',
    stale ? `${stale} stale` : '',
  ].filter(Boolean).join('; ');
}

/** One scenario line: glyph, name, title (cut to fit), extras and tags, within {@link MAX_WIDTH}. */
function scenarioLine(ctx: Context, scenario: ScenarioResult, targetTransport: string, tags: string): string {
  const { c } = ctx;
  const name = oneLine(ctx.names.get(scenario.id) ?? scenario.id);
  const tail = [scenarioExtras(scenario, targetTransport, ctx.verbose), tags].filter(Boolean).join('  ');
  const room = MAX_WIDTH - SCENARIO_INDENT.length - 2 - width(name) - 2 - (tail ? 2 + width(tail) : 0);
  const title = room >= 12 ? truncate(oneLine(scenario.title), room) : '';
  const parts = [`${paint(c, scenario.status)(GLYPH[scenario.status])} ${c.bold(name)}`, title, tail ? c.dim(tail) : ''];
  return `${SCENARIO_INDENT}${parts.filter(Boolean).join('  ')}`;
}

/**
 * A scenario's message unless its untestable checks already give it as their reason (a body that stopped
 * because a prerequisite was missing says so in both places): a notice such as a target that stopped answering.
 */
function ownMessage(scenario: ScenarioResult): string | undefined {
  const message = scenario.message;
  if (!message) return undefined;
  return scenario.checks.some((ch) => ch.untestable && ch.message === `Not testable: ${message}`) ? undefined : message;
}

/** The scenario's own message (a notice, or its own skip or error), indented and wrapped. */
function scenarioMessage(ctx: Context, scenario: ScenarioResult): string[] {
  const message = ownMessage(scenario);
  if (!message) return [];
  if (scenario.status === 'errored') return detail(ctx.c, CHECK_INDENT, '', `harness error (not the target's fault): ${message}`, ctx.c.magenta);
  return detail(ctx.c, CHECK_INDENT, '', oneLine(message), ctx.c.dim);
}

/** Every check of a scenario, passed ones collapsed to a count (verbose lists them all, so this is verbose only). */
function verboseScenario(ctx: Context, scenario: ScenarioResult, targetTransport: string): string[] {
  const out = [scenarioLine(ctx, scenario, targetTransport, ''), ...scenarioMessage(ctx, scenario)];
  for (const check of scenario.checks) out.push(...renderCheck(ctx, check, scenario.transcript));
  return out;
}

/**
 * The default view of a revision: the scenarios that did not pass, a few with their own line (those with a
 * message of their own always, so a notice is never hidden), the rest counted; passes counted; the not
 * applicable ones grouped by reason.
 */
function compactRevision(ctx: Context, scenarios: readonly ScenarioResult[], targetTransport: string): string[] {
  const { c } = ctx;
  const out: string[] = [];
  const bad = scenarios.filter((s) => s.status === 'failed' || s.status === 'errored' || s.checks.some((ch) => ch.outcome === 'stale'));
  let shown = 0;
  for (const scenario of bad) {
    // An errored scenario's message is in the harness-errors section below; a notice of its own is shown here.
    const notice = scenario.status !== 'errored' && ownMessage(scenario) !== undefined;
    if (shown >= SCENARIO_LINES && !notice) continue;
    shown += 1;
    out.push(scenarioLine(ctx, scenario, targetTransport, scenarioTags(ctx, scenario)), ...(notice ? scenarioMessage(ctx, scenario) : []));
  }
  if (bad.length > shown) out.push(`${SCENARIO_INDENT}${c.dim(`… and ${bad.length - shown} more that did not pass (--verbose lists every scenario)`)}`);
  const passed = scenarios.filter((s) => s.status === 'passed' && !bad.includes(s)).length;
  if (passed > 0) out.push(`${SCENARIO_INDENT}${c.green('✓')} ${plural(passed, 'scenario')} passed`);
  const skipped = new Map<string, string[]>();
  for (const s of scenarios.filter((x) => x.status === 'skipped')) {
    const reason = oneLine(s.message ?? 'no reason given');
    skipped.set(reason, [...(skipped.get(reason) ?? []), oneLine(ctx.names.get(s.id) ?? s.id)]);
  }
  for (const [reason, names] of skipped) {
    const text = `${names.length} not applicable (${reason}): ${listFew(names, ctx.verbose ? names.length : 4)}`;
    wrap(text, MAX_WIDTH - 6).forEach((l, i) => out.push(`${SCENARIO_INDENT}${i === 0 ? '- ' : '    '}${c.dim(l)}`));
  }
  return out;
}

function revisionHeader(c: Colors, run: RevisionRun | undefined, revision: string, scenarios: readonly ScenarioResult[]): string[] {
  const notes: string[] = [];
  // A supported revision negotiated its own wire version (draft's is a dated one): only a different answer is news.
  if (run?.negotiated && !run.supported && run.negotiated !== revision) notes.push(`negotiated ${oneLine(run.negotiated)}`);
  if (run && !run.supported) notes.push(scenarios.every((s) => s.status === 'skipped') ? 'not supported by the target: its scenarios are skipped' : 'not supported by the target, run all the same');
  if (run?.note) notes.push(oneLine(run.note));
  // A revision the harness chose says its era, and why when auto chose it; a named one needs neither.
  const by = run?.selection?.by;
  if (by && by !== 'named') notes.push([run.era && `${run.era} era`, by !== 'all' && oneLine(run.selection!.reason)].filter(Boolean).join(', '));
  const counts = (['failed', 'errored', 'passed', 'skipped'] as const).flatMap((status) => {
    const n = scenarios.filter((s) => s.status === status).length;
    return n > 0 ? [`${n} ${status === 'skipped' ? 'not applicable' : status}`] : [];
  });
  notes.push(`${plural(scenarios.length, 'scenario')}${counts.length ? `: ${counts.join(', ')}` : ''}`);
  const head = `revision ${oneLine(revision)}`;
  // Wrapped between notes where one fits on a line, so that a count is not cut from its noun.
  const room = MAX_WIDTH - head.length - 2;
  const packed: string[] = [];
  notes.forEach((note, i) => {
    const text = i < notes.length - 1 ? `${note};` : note;
    const last = packed.at(-1);
    if (last !== undefined && width(last) + 1 + width(text) <= room) packed[packed.length - 1] = `${last} ${text}`;
    else packed.push(...wrap(text, room));
  });
  const [first = '', ...rest] = packed;
  return [`${c.bold(c.cyan(head))}  ${c.dim(first)}`, ...rest.map((l) => `${' '.repeat(head.length + 2)}${c.dim(l)}`)];
}

function header(c: Colors, report: Report): string[] {
  const { target } = report;
  const how = target.command ?? target.url;
  const who = target.info ? [target.info.name, target.info.version].filter((s) => typeof s === 'string').join(' ') : '';
  const title = `${report.tool.name} ${report.tool.version}`;
  const about = `${target.role} over ${target.transport}${who ? `; reports itself as ${who}` : ''}`;
  return [
    `${c.bold(oneLine(title))}  ${truncate(oneLine(about), MAX_WIDTH - width(title) - 2)}`,
    ...(how ? wrap(oneLine(truncate(how, 300)), MAX_WIDTH - 2).map((l) => `  ${l}`) : []),
    ...(target.transportReason ? wrap(oneLine(`over ${target.transport}: ${truncate(target.transportReason, 300)}`), MAX_WIDTH - 2).map((l) => `  ${l}`) : []),
    // A shard's note makes this line long: wrapped, like every line, to the console's width.
    ...wrap(
      `spec ${oneLine(report.options.specVersion)}; fail on ${report.options.failOn.toUpperCase()}; ` +
        `${plural(report.options.jobs, 'job')}; ${formatDuration(report.durationMs)}${shardNote(report)}`,
      MAX_WIDTH,
    ).map((line) => c.dim(line)),
  ];
}

/** A shard's report says so, and how much of the plan it holds: its verdict is not the run's (`report merge`). */
function shardNote(report: Report): string {
  const { shard } = report;
  if (!shard) return '';
  const of = shard.planned === undefined ? '' : ` (${report.scenarios.length} of ${shard.planned} planned scenario runs)`;
  return `; shard ${shard.index}/${shard.count}${of}, merge the shards for the run's verdict`;
}

/**
 * The target exiting on its own, told once for the run with its last stderr lines: each affected scenario only
 * says that it exited. Those lines are the target's text, so they are escaped and indented.
 */
function targetExitLines(ctx: Context, exit: TargetExit): string[] {
  const { c } = ctx;
  const more = exit.scenarios - 1;
  const name = ctx.names.get(exit.scenario) ?? exit.scenario;
  const where = `${oneLine(name)} at ${oneLine(exit.revision)}${more > 0 ? ` (and ${plural(more, 'more scenario')})` : ''}`;
  const said = exit.stderr.length > 0 ? 'its stderr ended with:' : 'it wrote nothing to stderr';
  const text = `the target exited on its own (${oneLine(exit.exit)}) in ${where}; ${said}`;
  return [
    ...wrap(text, MAX_WIDTH).map((l) => c.bold(c.red(l))),
    ...exit.stderr.map((line) => `${CHECK_INDENT}${oneLine(truncate(line, MAX_WIDTH - CHECK_INDENT.length))}`),
    '',
  ];
}

/**
 * The one grep-able summary line, e.g.
 * `mcp-conformance: non-conformant: 3 failed (2 MUST, 1 SHOULD), 0 errored, 120 passed, 14 skipped; 30 scenarios (7 skipped); exit 1`
 * (`1 scenario` for one).
 * Counts come from `report.summary` (expected, flaky and stale from the checks); optional parts appear only when non-zero:
 * `(…; N expected, N flaky)` after the failed count, `(N stale)` after passed, `(N skipped, N errored)` after scenarios.
 */
export function summaryLine(report: Report): string {
  const { summary } = report;
  const checks = report.scenarios.flatMap((s) => s.checks);
  const failedChecks = checks.filter((ch) => ch.status === 'failed');
  const byKeyword = KEYWORDS.flatMap((k: Keyword) => (summary.failedByKeyword[k] ? [`${summary.failedByKeyword[k]} ${k}`] : []));
  const baseline = (['expected', 'flaky'] as const).flatMap((o) => {
    const n = failedChecks.filter((ch) => ch.outcome === o).length;
    return n > 0 ? [`${n} ${o}`] : [];
  });
  const failedDetail = [byKeyword.join(', '), baseline.join(', ')].filter(Boolean).join('; ');
  const stale = checks.filter((ch) => ch.outcome === 'stale').length;
  const { passed, failed, skipped, errored } = summary.scenarios;
  const scenarioTotal = passed + failed + skipped + errored;
  return (
    `mcp-conformance: ${summary.verdict}: ` +
    `${summary.checks.failed} failed${failedDetail ? ` (${failedDetail})` : ''}, ` +
    `${summary.checks.errored} errored, ` +
    `${summary.checks.passed} passed${stale > 0 ? ` (${stale} stale)` : ''}, ` +
    `${summary.checks.skipped} skipped; ` +
    `${scenarioTotal} scenario${scenarioTotal === 1 ? '' : 's'}${scenarioDetail(summary.scenarios)}; ` +
    `exit ${summary.exitCode}`
  );
}

/** ` (N skipped, N errored)` after the scenario count, the non-zero parts only. */
function scenarioDetail(counts: Report['summary']['scenarios']): string {
  const parts = (['skipped', 'errored'] as const).flatMap((k) => (counts[k] > 0 ? [`${counts[k]} ${k}`] : []));
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * Renders a report for a terminal. Ends with a newline after exactly one line starting `mcp-conformance:`
 * (see {@link summaryLine}); no other line can start that way, because target-supplied text is always indented
 * or escaped.
 */
export function renderConsole(report: Report, opts: ConsoleOptions): string {
  const c = pc.createColors(opts.color);
  const checks = report.scenarios.flatMap((s) => s.checks);
  const ctx: Context = {
    c,
    verbose: opts.verbose,
    names: scenarioNames(report),
    failOn: report.options.failOn,
    idWidth: Math.min(ID_COLUMN_MAX, Math.max(8, ...checks.map((ch) => width(oneLine(ch.id))))),
    numbers: problemNumbers(report),
  };

  const lines = [...header(c, report), ''];
  const revisions = [...report.revisions.map((r) => r.revision)];
  for (const s of report.scenarios) if (!revisions.includes(s.revision)) revisions.push(s.revision);
  for (const revision of revisions) {
    const scenarios = report.scenarios.filter((s) => s.revision === revision);
    lines.push(...revisionHeader(c, report.revisions.find((r) => r.revision === revision), revision, scenarios));
    if (opts.verbose) for (const scenario of scenarios) lines.push(...verboseScenario(ctx, scenario, report.target.transport));
    else lines.push(...compactRevision(ctx, scenarios, report.target.transport));
    lines.push('');
  }
  if (report.targetExit) lines.push(...targetExitLines(ctx, report.targetExit));
  lines.push(...problemSections(ctx, report));
  if (report.fatal) {
    // Only the kind: the reason (report.fatal.message) is printed once, by the CLI on stderr, whichever
    // reporters run; repeating it here printed it twice.
    const label = { usage: 'usage error', unreachable: 'target unreachable', harness: "harness error (not the target's fault)" };
    lines.push(c.bold(c.red(`fatal: ${label[report.fatal.kind]}; the run ended early`)), '');
  }
  const line = summaryLine(report);
  const verdictPaint = { conformant: c.green, 'non-conformant': c.red, error: c.magenta }[report.summary.verdict];
  const prefix = `mcp-conformance: ${report.summary.verdict}:`;
  lines.push(opts.color ? line.replace(prefix, `mcp-conformance: ${c.bold(verdictPaint(report.summary.verdict))}:`) : line);
  return lines.join('\n') + '\n';
}

/**
 * One line of live progress, for the CLI to redraw on a TTY (it writes `\r`, clears the line, then this).
 * Never wider than `width - 1` columns, so it cannot wrap; plain text, no newline.
 */
export function progressLine(done: number, total: number, current: string, width = 80): string {
  const safeTotal = Math.max(0, Math.floor(total));
  const safeDone = Math.min(Math.max(0, Math.floor(done)), safeTotal);
  const ratio = safeTotal === 0 ? 1 : safeDone / safeTotal;
  const barWidth = 20;
  const filled = Math.round(ratio * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const counter = `${String(safeDone).padStart(String(safeTotal).length)}/${safeTotal}`;
  const percent = `${String(Math.floor(ratio * 100)).padStart(3)}%`;
  const head = `${bar} ${counter} ${percent} `;
  const room = Math.max(0, width - 1 - head.length);
  const name = room > 0 ? truncateStart(oneLine(current), room) : '';
  return (head + name).slice(0, Math.max(0, width - 1)).trimEnd();
}
