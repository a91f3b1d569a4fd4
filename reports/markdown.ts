/**
 * The Markdown reporter: a compact summary for a CI job summary ($GITHUB_STEP_SUMMARY) or a PR comment.
 * The verdict, check counts per keyword, every check that fails the run with its requirement link, and the
 * failures the baseline expects folded in a <details> block.
 */
import { failsRun, KEYWORDS } from './summary.js';
import type { CheckResult, Keyword, Report, ScenarioResult } from './types.js';

const VERDICT: Record<Report['summary']['verdict'], string> = {
  conformant: '✅ conformant',
  'non-conformant': '❌ non-conformant',
  error: '⚠️ error (no verdict)',
};

/** How many failures are listed before the rest is only counted, so a broken target cannot flood a PR comment. */
const MAX_LISTED = 50;

interface Row {
  scenario: ScenarioResult;
  check: CheckResult;
}

/** Renders summary.md. Pure: the same report gives the same text. */
export function renderMarkdown(report: Report): string {
  const rows = report.scenarios.flatMap((scenario) => scenario.checks.map((check) => ({ scenario, check })));
  const failOn = report.options.failOn;
  const out: string[] = [`## MCP conformance: ${VERDICT[report.summary.verdict]}`, '', subtitle(report), ''];
  if (report.fatal) out.push(`**${report.fatal.kind}:** ${inline(report.fatal.message)}`, '');
  if (rows.length > 0) out.push(...keywordTable(rows), '');

  const failing = rows.filter((r) => failsRun(r.check, failOn) && r.check.outcome !== 'stale');
  const stale = rows.filter((r) => r.check.outcome === 'stale');
  const errored = rows.filter((r) => r.check.status === 'errored');
  const expected = rows.filter((r) => r.check.status === 'failed' && r.check.outcome === 'expected');
  const tolerated = rows.filter((r) => r.check.status === 'failed' && r.check.outcome === 'unexpected' && !failsRun(r.check, failOn));

  if (failing.length > 0) out.push(`### Failed checks (${failing.length})`, '', ...list(failing, failure), '');
  if (stale.length > 0) {
    out.push(`### Stale baseline entries (${stale.length})`, '', 'Listed in the baseline as failing, but they pass now: remove them (`mcp-conformance baseline update`).', '');
    out.push(...list(stale, (r) => `${failure(r)} (baseline: ${inline(r.check.baseline?.reason ?? '')})`), '');
  }
  if (errored.length > 0) out.push(`### Harness errors (${errored.length})`, '', ...list(errored, failure), '');
  if (expected.length > 0) out.push(...folded(`Expected failures from the baseline (${expected.length})`, list(expected, (r) => `${failure(r)} (baseline: ${inline(r.check.baseline?.reason ?? '')})`)));
  if (tolerated.length > 0) out.push(...folded(`Failures that do not fail the run under --fail-on ${failOn} (${tolerated.length})`, list(tolerated, failure)));
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function subtitle(report: Report): string {
  const t = report.target;
  const who = t.info?.name ? `${t.info.name}${t.info.version ? ` ${t.info.version}` : ''}` : (t.url ?? t.command ?? 'target');
  const revisions = report.revisions.map((r) => (r.supported ? r.revision : `${r.revision} (not supported)`)).join(', ');
  const baseline = report.options.baseline ? ` · baseline \`${code(report.options.baseline)}\`` : '';
  return `${t.role} \`${code(who)}\` over ${t.transport} · ${revisions || 'no revision'} · ${report.tool.name} ${report.tool.version}${baseline}`;
}

/** Check counts per keyword; untestable and baseline-expected failures in their own columns. */
function keywordTable(rows: readonly Row[]): string[] {
  const lines = ['| Keyword | Passed | Failed | Untestable | Expected (baseline) | Not applicable | Errored |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const keyword of KEYWORDS) {
    const mine = rows.filter((r) => r.check.keyword === keyword).map((r) => r.check);
    if (mine.length === 0) continue;
    const failed = mine.filter((c) => c.status === 'failed');
    const expected = failed.filter((c) => c.outcome === 'expected').length;
    const untestable = failed.filter((c) => c.untestable && c.outcome !== 'expected').length;
    const count = (s: CheckResult['status']): number => mine.filter((c) => c.status === s).length;
    lines.push(`| ${keyword} | ${count('passed')} | ${failed.length - expected - untestable} | ${untestable} | ${expected} | ${count('skipped')} | ${count('errored')} |`);
  }
  return lines;
}

/** One list line: keyword, requirement link, where, and why. */
function failure({ scenario, check }: Row): string {
  const keyword: Keyword | 'untestable' = check.untestable ? 'untestable' : check.keyword;
  const where = `${scenario.revision} ${scenario.id.split('/').slice(1).join('/')}`;
  const why = check.message ?? (check.expected !== undefined ? `expected ${check.expected}` : '');
  return `- **${keyword}** [${check.requirement}](${check.specUrl}) · \`${code(where)}\` \`${code(check.id)}\`${why ? `: ${inline(why)}` : ''}`;
}

function list(rows: readonly Row[], line: (r: Row) => string): string[] {
  const shown = rows.slice(0, MAX_LISTED).map(line);
  if (rows.length > MAX_LISTED) shown.push(`- … and ${rows.length - MAX_LISTED} more (see report.json)`);
  return shown;
}

function folded(summary: string, lines: readonly string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...lines, '', '</details>', ''];
}

/** Text made safe for one Markdown line: no line breaks or control characters, no raw HTML, at most 200 characters. */
function inline(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const flat = text.replace(/\s*\r?\n\s*/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const cut = flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
  return cut.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** Text for inside a code span: backticks would end it early. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/\s*\r?\n\s*/g, ' ');
}
