/**
 * The matrix page (`mcp-conformance report matrix a/report.json b/report.json ...`): several saved reports side
 * by side, in the manner of the Autobahn test suite's server matrix. Columns are the reports (an SDK over stdio
 * and over HTTP, one server at several revisions, several SDKs); rows are the checks, grouped by revision and
 * scenario, with the requirement and its keyword; each cell is that check's status in that report, coloured,
 * with the reason as a tooltip and, for a problem, the message, expected and actual one click away.
 *
 * Pure, like the reporters: the same reports and labels give the same bytes. Self-contained and offline with the
 * HTML report's policy (html-assets.ts): one inline style, one inline script (filtering only), allowed by hash;
 * every string from a report is escaped, since much of it comes from the targets.
 */
import { passRate } from './badge.js';
import { pageHead, STYLE } from './html-assets.js';
import { checkStatus, isProblem, outcomeText, showActual, STATUS_LABEL, type ShownStatus } from './html-checks.js';
import { esc, href } from './html-text.js';
import { oneLine, truncate } from './text.js';
import type { CheckResult, Report, ScenarioResult } from './types.js';

/** One column: a report and what it was read from. */
export interface MatrixInput {
  report: Report;
  /** The file it was read from, shown in the column's details (and used to tell apart equal labels). */
  source: string;
  /** The column heading; {@link matrixLabel} when absent. */
  label?: string;
}

/** A column heading made from a report: the target's name, its transport and the revisions that ran. */
export function matrixLabel(report: Report): string {
  const t = report.target;
  const name = t.info?.name ?? t.command ?? t.url ?? 'target';
  const revisions = report.revisions.filter((r) => r.supported).map((r) => r.revision);
  return `${name} · ${t.transport} · ${revisions.length ? revisions.join(', ') : report.options.specVersion}`;
}

/** One row of the matrix: a check of a scenario at a revision, as the first report holding it shows it. */
export interface Row {
  key: string;
  revision: string;
  scenario: ScenarioResult;
  check: CheckResult;
}

interface Cell {
  scenario: ScenarioResult;
  check: CheckResult;
}

/** Renders matrix.html. */
export function renderMatrix(inputs: readonly MatrixInput[]): string {
  const labels = columnLabels(inputs);
  const cells = inputs.map((input) => cellsOf(input.report));
  const rows = matrixRows(inputs.map((i) => i.report));
  const revisions = [...new Set(rows.map((r) => r.revision))].sort();
  const width = 3 + inputs.length;
  const body = revisions.flatMap((revision) => {
    const mine = rows.filter((r) => r.revision === revision);
    const scenarios = [...new Set(mine.map((r) => r.scenario.id))];
    return [
      `<tbody class="revision" data-revision="${esc(revision)}"><tr><th colspan="${width}">${esc(revision)}</th></tr></tbody>`,
      ...scenarios.map((id) => {
        const group = mine.filter((r) => r.scenario.id === id);
        const head = group[0]!.scenario;
        return (
          `<tbody class="scenario" data-revision="${esc(revision)}">\n<tr class="scenario-head"><th colspan="${width}"><code>${esc(path(head))}</code> ${esc(head.title)} <span class="muted">(since ${esc(head.id.split('/')[0] ?? '')})</span></th></tr>\n` +
          `${group.map((row) => renderRow(row, cells)).join('\n')}\n</tbody>`
        );
      }),
    ];
  });
  const title = `MCP conformance matrix: ${inputs.length} report${inputs.length === 1 ? '' : 's'}`;
  return [
    ...pageHead(title, MATRIX_STYLE, MATRIX_SCRIPT),
    `<h1>${esc(title)}</h1>`,
    renderColumns(inputs, labels),
    '<noscript><p class="muted">Filters need JavaScript; every row is shown.</p></noscript>',
    '<form id="filters" hidden>',
    '<label>rows<select name="rows"><option value="">all</option><option value="problems">with a problem in any column</option><option value="differ">that differ between columns</option></select></label>',
    '<label>text<input type="search" name="q" placeholder="check, requirement, scenario..."></label>',
    '<button type="reset">clear</button>',
    '<span id="shown" aria-live="polite"></span>',
    '</form>',
    '<table class="matrix">',
    `<thead><tr><th>check</th><th>keyword</th><th>requirement</th>${labels.map((l, i) => `<th class="col" scope="col">${esc(l)}<br><span class="muted">${esc(columnVerdict(inputs[i]!.report))}</span></th>`).join('')}</tr></thead>`,
    ...body,
    '</table>',
    `<script>${MATRIX_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The labels as given or made, with equal made labels told apart by their file. */
function columnLabels(inputs: readonly MatrixInput[]): string[] {
  const made = inputs.map((i) => i.label ?? matrixLabel(i.report));
  return made.map((label, i) => (made.indexOf(label) !== made.lastIndexOf(label) && inputs[i]!.label === undefined ? `${label} (${inputs[i]!.source})` : label));
}

/** The table of columns: what each report is, its verdict and its MUST pass rate as the badge counts it. */
function renderColumns(inputs: readonly MatrixInput[], labels: readonly string[]): string {
  const rows = inputs.map(({ report, source }, i) => {
    const t = report.target;
    const revisions = report.revisions.map((r) => (r.supported ? r.revision : `${r.revision} (not supported)`)).join(', ');
    const info = t.info?.name ? `${t.info.name}${t.info.version ? ` ${t.info.version}` : ''}` : (t.command ?? t.url ?? '');
    const fatal = report.fatal ? `<br><span class="muted">ended early (${esc(report.fatal.kind)}): ${esc(truncate(oneLine(report.fatal.message), 200))}</span>` : '';
    return (
      `<tr><th>${esc(labels[i]!)}</th><td>${esc(info)} (${esc(t.role)}, ${esc(t.transport)})</td><td>${esc(revisions)}</td>` +
      `<td><span class="st ${verdictClass(report)}">${esc(report.summary.verdict)}</span>${fatal}</td><td class="n">${esc(mustRate(report))}</td>` +
      `<td>${esc(report.tool.name)} ${esc(report.tool.version)}, ${esc(report.startedAt)}</td><td><code>${esc(source)}</code></td></tr>`
    );
  });
  return `<table class="columns"><thead><tr><th>column</th><th>target</th><th>revisions</th><th>verdict</th><th>MUST passed</th><th>run</th><th>report</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function columnVerdict(report: Report): string {
  const rate = mustRate(report);
  return `${report.summary.verdict}${rate ? `, ${rate} MUST` : ''}`;
}

function mustRate(report: Report): string {
  const { percent } = passRate(report.fatal ? [] : report.scenarios.flatMap((s) => s.checks), 'must');
  return percent === undefined ? '' : `${percent}%`;
}

function verdictClass(report: Report): ShownStatus {
  return report.summary.verdict === 'conformant' ? 'passed' : report.summary.verdict === 'error' ? 'errored' : 'failed';
}

/** Every check of every report once, by revision, scenario and check id, in the order the reports first show them. */
export function matrixRows(reports: readonly Report[]): Row[] {
  const rows = new Map<string, Row>();
  for (const report of reports) {
    for (const scenario of report.scenarios) {
      for (const check of scenario.checks) {
        const key = rowKey(scenario, check);
        if (!rows.has(key)) rows.set(key, { key, revision: scenario.revision, scenario, check });
      }
    }
  }
  return [...rows.values()];
}

function cellsOf(report: Report): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const scenario of report.scenarios) for (const check of scenario.checks) cells.set(rowKey(scenario, check), { scenario, check });
  return cells;
}

const rowKey = (scenario: ScenarioResult, check: CheckResult): string => `${scenario.revision}\u0000${scenario.id}\u0000${check.id}`;
/** The scenario's path without the revision that introduced it (shown apart as "since"). */
const path = (scenario: ScenarioResult): string => scenario.id.split('/').slice(2).join('/') || scenario.id;

function renderRow(row: Row, columns: readonly Map<string, Cell>[]): string {
  const found = columns.map((c) => c.get(row.key));
  const statuses = found.map((cell) => (cell ? checkStatus(cell.check) : 'absent'));
  const problem = statuses.some((s) => s !== 'absent' && isProblem(s));
  const differ = new Set(statuses).size > 1;
  const { check } = row;
  const link = href(check.specUrl);
  const requirement = link ? `<a href="${link}" rel="noopener noreferrer" title="${esc(check.summary)}">${esc(check.requirement)}</a>` : `<span title="${esc(check.summary)}">${esc(check.requirement)}</span>`;
  return (
    `<tr class="check" data-problem="${problem}" data-differ="${differ}"><th scope="row"><code>${esc(check.id)}</code></th>` +
    `<td class="keyword">${esc(check.keyword)}</td><td>${requirement}</td>${found.map(renderCell).join('')}</tr>`
  );
}

/** A cell: its status, coloured; the reason as a tooltip; for a problem, the evidence in a `<details>`. */
function renderCell(cell: Cell | undefined): string {
  if (!cell) return '<td class="cell absent" title="not in this report">–</td>';
  const { check } = cell;
  const status = checkStatus(check);
  const baseline = outcomeText(check);
  // A failure the baseline expects, and a stale entry (listed, passes now), are marked beside the status.
  const listed = (check.status === 'failed' && check.outcome === 'expected') || check.outcome === 'stale';
  const label = `${STATUS_LABEL[status]}${listed ? ` (${check.outcome === 'stale' ? 'stale' : 'baseline'})` : ''}`;
  const why = check.message ?? (check.expected !== undefined && status !== 'passed' ? `expected ${check.expected}` : undefined);
  const tip = [why, baseline].filter(Boolean).join(' · ');
  const title = tip ? ` title="${esc(truncate(oneLine(tip), 300))}"` : '';
  const cls = `cell ${status}${listed ? ` ${check.outcome}` : ''}`;
  if (!isProblem(status) && check.outcome !== 'stale') return `<td class="${cls}"${title}>${esc(label)}</td>`;
  const evidence: [string, string][] = [
    ...(check.message ? [['Message', check.message] as [string, string]] : []),
    ...(check.expected !== undefined ? [['Expected', check.expected] as [string, string]] : []),
    ...(check.actual !== undefined ? [['Actual', showActual(check.actual)] as [string, string]] : []),
    ...(baseline ? [['Baseline', baseline] as [string, string]] : []),
  ];
  return (
    `<td class="${cls}"${title}><details><summary>${esc(label)}</summary><dl>` +
    `${evidence.map(([k, v]) => `<dt>${k}</dt><dd><pre>${esc(v)}</pre></dd>`).join('')}</dl></details></td>`
  );
}

/** The HTML report's style, and the matrix's own rules. */
export const MATRIX_STYLE = `${STYLE}
body{max-width:none}
table.matrix{border-collapse:separate;border-spacing:0}
table.matrix thead th{position:sticky;top:0;z-index:2;background:var(--soft);vertical-align:bottom}
table.matrix th.col{min-width:9rem;max-width:16rem;overflow-wrap:anywhere}
table.matrix tbody.revision th{background:#ddf4ff;font-size:1.05em}
table.matrix tr.scenario-head th{background:#fff;font-weight:600;border-top:2px solid var(--line)}
table.matrix tr.check th{font-weight:400;background:#fff}
td.keyword{font-size:.85em;font-weight:600;white-space:nowrap}
td.cell{text-align:center;white-space:nowrap;font-weight:600;font-size:.9em;color:#fff}
td.cell.passed{background:var(--ok)}td.cell.failed{background:var(--bad)}td.cell.untestable{background:var(--gap)}
td.cell.skipped{background:#eaeef2;color:var(--skip);font-weight:400}td.cell.errored{background:var(--err)}
td.cell.absent{background:#fff;color:var(--skip);font-weight:400}
td.cell.expected{background:#d4a72c}td.cell.stale{outline:3px solid var(--bad);outline-offset:-3px}
td.cell details{text-align:left}td.cell summary{color:#fff}
td.cell dl{background:#fff;color:var(--ink);font-weight:400;margin:.3rem 0 0;padding:.3rem;border-radius:3px;white-space:normal;min-width:18rem;max-width:36rem}
td.cell dd{margin:0}td.cell pre{max-height:12rem}
#filters{margin:1rem 0}
`;

/** Filtering only: every row is in the page without it. */
export const MATRIX_SCRIPT = `
(() => {
  const form = document.getElementById('filters');
  const shown = document.getElementById('shown');
  const rows = Array.from(document.querySelectorAll('tr.check'));
  const scenarios = Array.from(document.querySelectorAll('tbody.scenario'));
  const revisions = Array.from(document.querySelectorAll('tbody.revision'));
  const text = new Map(rows.map((r) => [r, (r.closest('tbody').querySelector('.scenario-head').textContent + ' ' + r.textContent).toLowerCase()]));
  form.hidden = false;
  function apply() {
    const f = Object.fromEntries(new FormData(form));
    const words = String(f.q || '').toLowerCase().split(/\\s+/).filter(Boolean);
    let count = 0;
    for (const r of rows) {
      const ok = (!f.rows || r.dataset[f.rows === 'problems' ? 'problem' : 'differ'] === 'true') && words.every((w) => text.get(r).includes(w));
      r.hidden = !ok;
      if (ok) count++;
    }
    for (const b of scenarios) b.hidden = !b.querySelector('tr.check:not([hidden])');
    for (const b of revisions) b.hidden = !scenarios.some((s) => !s.hidden && s.dataset.revision === b.dataset.revision);
    shown.textContent = 'showing ' + count + ' of ' + rows.length + ' checks';
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('reset', () => setTimeout(apply));
  apply();
})();
`;
