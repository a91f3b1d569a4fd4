/**
 * The console reporter: results grouped by revision then scenario, in aligned columns, every failure with its
 * evidence, ending with one grep-able summary line. A pure function of the report.
 */
import pc from 'picocolors';
import type { CheckResult, Keyword, Report, RevisionRun, ScenarioResult, Status, TargetExit } from './types.js';
import { KEYWORDS, keywordFailsRun } from './summary.js';
import { compactJson, escapeControls, formatDuration, oneLine, padEnd, truncate, truncateStart } from './text.js';

/** Options of {@link renderConsole}. */
export interface ConsoleOptions {
  /** ANSI colour; the CLI passes `process.stdout.isTTY && !process.env.NO_COLOR`. */
  color: boolean;
  /** List passed checks one by one and do not shorten long evidence. */
  verbose: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;
type Paint = (text: string) => string;

const WORD: Record<Status, string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP', errored: 'ERROR' };
const GLYPH: Record<Status, string> = { passed: '✓', failed: '✗', skipped: '-', errored: '!' };
const ID_COLUMN_MAX = 40;
const REQUIREMENT_COLUMN_MAX = 56;
/** Indent of scenario lines, of check lines, and of the detail lines under a check (aligned with the id column). */
const SCENARIO_INDENT = '  ';
const CHECK_INDENT = '    ';
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

interface Context {
  c: Colors;
  verbose: boolean;
  failOn: 'should' | 'must';
  idWidth: number;
  requirementWidth: number;
  /** Longest rendering of `actual`, in code points. */
  evidenceWidth: number;
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
  if (check.keyword === 'MAY') return 'informational: MAY';
  if (!keywordFailsRun(check.keyword, ctx.failOn)) return 'not counted: --fail-on must';
  return '';
}

function checkLine(ctx: Context, check: CheckResult, stale: boolean, note: string): string {
  const columns = [
    statusCell(ctx, check.status, stale),
    padEnd(oneLine(check.id), ctx.idWidth),
    padEnd(oneLine(check.requirement), ctx.requirementWidth),
    ctx.c.bold(note ? padEnd(check.keyword, 10) : check.keyword),
  ];
  const line = `${CHECK_INDENT}${columns.join('  ')}${note ? `  ${ctx.c.dim(`(${oneLine(note)})`)}` : ''}`;
  return line.trimEnd();
}

/**
 * A labelled detail line. The value is escaped before it is painted; multi-line values continue on indented
 * lines, so target text can never start a line of its own.
 */
function detail(ctx: Context, label: string, value: string, paintWith: Paint = (t) => t): string[] {
  const head = label ? `${DETAIL_INDENT}${ctx.c.dim(padEnd(label, 9))}` : DETAIL_INDENT;
  const rest = label ? ' '.repeat(DETAIL_INDENT.length + 9) : DETAIL_INDENT;
  return escapeControls(value)
    .split(/\r?\n/)
    .map((text, i) => `${i === 0 ? head : rest}${text.trimEnd() ? paintWith(text.trimEnd()) : ''}`.trimEnd());
}

function evidence(ctx: Context, check: CheckResult, message: string | undefined, transcript?: string): string[] {
  const out: string[] = [];
  const limit = ctx.verbose ? 4000 : 500;
  if (message) out.push(...detail(ctx, '', truncate(message, limit)));
  if (check.expected !== undefined) out.push(...detail(ctx, 'expected', truncate(check.expected, limit)));
  if (check.actual !== undefined) out.push(...detail(ctx, 'actual', truncate(oneLine(compactJson(check.actual)), ctx.evidenceWidth)));
  if (check.summary) out.push(...detail(ctx, 'requires', check.summary));
  if (check.specUrl) out.push(...detail(ctx, 'spec', check.specUrl, ctx.c.underline));
  if (check.frames && check.frames.length > 0) {
    out.push(...detail(ctx, 'frames', `${check.frames.join(', ')}${transcript ? ` in ${transcript}` : ''}`));
  }
  return out;
}

function renderCheck(ctx: Context, check: CheckResult, transcript: string | undefined): string[] {
  const stale = check.outcome === 'stale';
  switch (check.status) {
    case 'failed':
      return [checkLine(ctx, check, false, failureNote(ctx, check)), ...evidence(ctx, check, check.message, transcript)];
    case 'errored':
      return [
        checkLine(ctx, check, false, ''),
        ...detail(ctx, '', `harness error (not the target's fault): ${check.message ?? 'no message'}`, ctx.c.magenta),
        ...(check.specUrl ? detail(ctx, 'spec', check.specUrl, ctx.c.underline) : []),
      ];
    case 'skipped':
      return [checkLine(ctx, check, false, `not applicable: ${check.message ?? 'no reason given'}`)];
    case 'passed':
      if (stale) {
        const why = 'listed as a known failure in the baseline but now passes: remove it from the baseline';
        return [checkLine(ctx, check, true, ''), ...evidence(ctx, check, why, transcript)];
      }
      return [checkLine(ctx, check, false, check.outcome === 'flaky' ? 'flaky: listed in the baseline' : '')];
  }
}

function renderScenario(ctx: Context, scenario: ScenarioResult, targetTransport: string): string[] {
  const { c } = ctx;
  const extra = [scenario.transport !== targetTransport ? scenario.transport : '', formatDuration(scenario.durationMs)];
  const head =
    `${SCENARIO_INDENT}${paint(c, scenario.status)(GLYPH[scenario.status])} ${c.bold(oneLine(scenario.id))}` +
    `  ${oneLine(scenario.title)}  ${c.dim(extra.filter(Boolean).join(', '))}`;
  const out = [head.trimEnd()];
  const reason = scenario.message ? oneLine(scenario.message) : '';

  if (scenario.status === 'skipped' && !ctx.verbose) {
    out[0] += `  ${c.dim(`(not applicable: ${reason || 'no reason given'})`)}`;
    return out;
  }
  // A scenario errored by one of its checks says so under that check; only its own fault gets a line here.
  if (scenario.status === 'errored' && (reason || !scenario.checks.some((ch) => ch.status === 'errored'))) {
    out.push(`${CHECK_INDENT}${c.magenta(`! harness error (not the target's fault): ${reason || 'no message'}`)}`);
  } else if (reason) {
    out.push(`${CHECK_INDENT}${c.dim(reason)}`);
  }

  const collapsed = scenario.checks.filter((ch) => ch.status === 'passed' && ch.outcome !== 'stale' && !ctx.verbose);
  if (collapsed.length > 0) {
    const flaky = collapsed.filter((ch) => ch.outcome === 'flaky').length;
    const count = `${collapsed.length} check${collapsed.length === 1 ? '' : 's'} passed`;
    out.push(`${CHECK_INDENT}${statusCell(ctx, 'passed')}  ${count}${flaky ? c.dim(` (${flaky} flaky)`) : ''}`);
  }
  // The engine's own checks that had nothing to judge in this scenario: one line, not one each.
  const idle = scenario.checks.filter((ch) => ch.status === 'skipped' && ch.automatic === true && !ctx.verbose);
  for (const check of scenario.checks) {
    if (!collapsed.includes(check) && !idle.includes(check)) out.push(...renderCheck(ctx, check, scenario.transcript));
  }
  if (idle.length > 0) {
    const names = idle.map((ch) => ch.id).join(', ');
    out.push(`${CHECK_INDENT}${statusCell(ctx, 'skipped')}  ${c.dim(`${idle.length} automatic check${idle.length === 1 ? '' : 's'} had nothing to judge (${names})`)}`);
  }
  return out;
}

function revisionHeader(c: Colors, run: RevisionRun | undefined, revision: string, count: number): string {
  const notes: string[] = [];
  if (run?.negotiated && run.negotiated !== revision) notes.push(`negotiated ${oneLine(run.negotiated)}`);
  if (run && !run.supported) notes.push('not supported by the target: its scenarios are skipped');
  if (run?.note) notes.push(oneLine(run.note));
  notes.push(`${count} scenario${count === 1 ? '' : 's'}`);
  return `${c.bold(c.cyan(`revision ${oneLine(revision)}`))}  ${c.dim(notes.join('; '))}`;
}

function header(c: Colors, report: Report): string[] {
  const { target } = report;
  const how = target.command ?? target.url;
  const who = target.info ? [target.info.name, target.info.version].filter((s) => typeof s === 'string').join(' ') : '';
  const parts = [
    `${target.role} over ${target.transport}`,
    how ? truncate(how, 120) : '',
    who ? `reports itself as ${who}` : '',
  ].filter(Boolean);
  return [
    `${c.bold(oneLine(`${report.tool.name} ${report.tool.version}`))}  ${oneLine(parts.join('; '))}`,
    c.dim(
      `spec ${report.options.specVersion}; fail on ${report.options.failOn.toUpperCase()}; ` +
        `${report.options.jobs} job${report.options.jobs === 1 ? '' : 's'}; ${formatDuration(report.durationMs)}${shardNote(report)}`,
    ),
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
function targetExitLines(c: Colors, exit: TargetExit): string[] {
  const more = exit.scenarios - 1;
  const where = `${oneLine(exit.scenario)} at ${oneLine(exit.revision)}${more > 0 ? ` (and ${more} more scenario${more === 1 ? '' : 's'})` : ''}`;
  const said = exit.stderr.length > 0 ? 'its stderr ended with:' : 'it wrote nothing to stderr';
  return [c.bold(c.red(`the target exited on its own (${oneLine(exit.exit)}) in ${where}; ${said}`)), ...exit.stderr.map((line) => `${CHECK_INDENT}${oneLine(truncate(line, 500))}`), ''];
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
    failOn: report.options.failOn,
    idWidth: Math.min(ID_COLUMN_MAX, Math.max(8, ...checks.map((ch) => Array.from(oneLine(ch.id)).length))),
    requirementWidth: Math.min(
      REQUIREMENT_COLUMN_MAX,
      Math.max(8, ...checks.map((ch) => Array.from(oneLine(ch.requirement)).length)),
    ),
    evidenceWidth: opts.verbose ? 4000 : 100,
  };

  const lines = [...header(c, report), ''];
  const revisions = [...report.revisions.map((r) => r.revision)];
  for (const s of report.scenarios) if (!revisions.includes(s.revision)) revisions.push(s.revision);
  for (const revision of revisions) {
    const scenarios = report.scenarios.filter((s) => s.revision === revision);
    lines.push(revisionHeader(c, report.revisions.find((r) => r.revision === revision), revision, scenarios.length));
    for (const scenario of scenarios) lines.push(...renderScenario(ctx, scenario, report.target.transport));
    lines.push('');
  }
  if (report.targetExit) lines.push(...targetExitLines(c, report.targetExit));
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
