/**
 * The HTML reporter: one self-contained, offline `index.html`. A pure function of the report: the same
 * report.json renders the same bytes, during the run and later (`report --from`).
 *
 * The essentials are server-rendered markup readable without JavaScript: the verdict, the verdict per role
 * and revision, the requirement coverage, and every check with its evidence (failing scenarios and checks
 * open, their frames one click away in a `<details>`). The small inline script only filters. Everything from
 * the report is escaped, because much of it comes from the target (names, messages, frames) and a hostile
 * server's strings must not become markup; the Content-Security-Policy forbids every remote load.
 */
import type { Report, RequirementRollup, RevisionRun, ScenarioResult } from './types.js';
import { pageHead, SCRIPT } from './html-assets.js';
import { checkStatus, renderChecks, renderFilters, renderProblems, STATUS_LABEL } from './html-checks.js';
import { esc, href } from './html-text.js';
import { KEYWORDS, summarize } from './summary.js';
import { formatDuration } from './text.js';

/** Renders report.json as the HTML page. */
export function renderHtml(report: Report): string {
  const name = report.target.info?.name ?? report.target.command ?? report.target.url ?? 'target';
  return [
    ...pageHead(`MCP conformance: ${name}: ${report.summary.verdict}`),
    renderHeader(report, name),
    renderVerdicts(report),
    renderProblems(report),
    renderCoverage(report.revisions),
    '<h2 id="checks">Checks</h2>',
    renderFilters(report),
    renderChecks(report),
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderHeader(report: Report, name: string): string {
  const { target, summary } = report;
  const counts = summary.checks;
  const failedBy = KEYWORDS.filter((k) => summary.failedByKeyword[k]).map((k) => `${summary.failedByKeyword[k]} ${k}`);
  const facts: [string, string][] = [
    ['Target', `${esc(name)}${target.info?.version ? ` ${esc(target.info.version)}` : ''} (${esc(target.role)}, ${esc(target.transport)})`],
    ...(target.command ? [['Command', `<code>${esc(target.command)}</code>`] as [string, string]] : []),
    ...(target.url ? [['URL', `<code>${esc(target.url)}</code>`] as [string, string]] : []),
    ['Checks', `${counts.passed} passed, ${counts.failed} failed${failedBy.length ? ` (${esc(failedBy.join(', '))})` : ''}, ${counts.skipped} skipped, ${counts.errored} errored`],
    ['Scenarios', `${summary.scenarios.passed + summary.scenarios.failed + summary.scenarios.skipped + summary.scenarios.errored} (${summary.scenarios.skipped} skipped)`],
    ['Run', `${esc(report.startedAt)}, ${esc(formatDuration(report.durationMs))}, ${esc(report.tool.name)} ${esc(report.tool.version)}, spec version ${esc(report.options.specVersion)}, --fail-on ${esc(report.options.failOn)}`],
  ];
  const exit = report.targetExit;
  return [
    `<h1>MCP conformance report: ${esc(name)}</h1>`,
    `<p><span class="verdict ${esc(summary.verdict)}" id="verdict">${esc(summary.verdict)}</span> <span class="muted">exit code ${summary.exitCode}</span></p>`,
    ...(report.fatal ? [`<p><strong>The run ended early (${esc(report.fatal.kind)}):</strong></p><pre>${esc(report.fatal.message)}</pre>`] : []),
    ...(exit
      ? [
          `<p><strong>The target exited on its own</strong> (${esc(exit.exit)}) in ${esc(exit.scenario)} at ${esc(exit.revision)}, and in ${exit.scenarios} scenario(s) in all.</p>`,
          ...(exit.stderr.length ? [`<pre>${esc(exit.stderr.join('\n'))}</pre>`] : []),
        ]
      : []),
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
  ].join('\n');
}

/** A row per role and revision that ran, and one per revision the target does not support. */
function renderVerdicts(report: Report): string {
  const groups = new Map<string, ScenarioResult[]>();
  for (const scenario of report.scenarios) {
    const key = `${scenario.role}\u0000${scenario.revision}`;
    groups.set(key, [...(groups.get(key) ?? []), scenario]);
  }
  const rows: string[] = [];
  for (const run of report.revisions) {
    const keys = [...groups.keys()].filter((k) => k.endsWith(`\u0000${run.revision}`));
    if (keys.length === 0) {
      rows.push(`<tr><td>${esc(report.target.role)}</td><td>${esc(run.revision)}</td><td>${esc(negotiated(run))}</td><td colspan="7" class="muted">${esc(run.supported ? 'no scenario ran' : `not supported${run.note ? `: ${run.note}` : ''}`)}</td></tr>`);
      continue;
    }
    for (const key of keys) {
      const scenarios = groups.get(key)!;
      const s = summarize(scenarios, report.options.failOn);
      const checks = scenarios.flatMap((x) => x.checks);
      const untestable = checks.filter((c) => checkStatus(c) === 'untestable').length;
      const failedBy = KEYWORDS.filter((k) => s.failedByKeyword[k]).map((k) => `${s.failedByKeyword[k]} ${k}`).join(', ');
      rows.push(
        `<tr><td>${esc(scenarios[0]!.role)}</td><td>${esc(run.revision)}</td><td>${esc(negotiated(run))}</td>` +
          `<td><span class="st ${s.verdict === 'conformant' ? 'passed' : s.verdict === 'error' ? 'errored' : 'failed'}">${esc(s.verdict)}</span></td>` +
          `<td class="n">${scenarios.length}</td><td class="n">${s.checks.passed}</td><td class="n">${s.checks.failed - untestable}</td>` +
          `<td class="n">${untestable}</td><td class="n">${s.checks.skipped}</td><td class="n">${s.checks.errored}</td></tr>` +
          (failedBy ? `<tr><td></td><td colspan="9" class="muted">failed by keyword: ${esc(failedBy)}</td></tr>` : ''),
      );
    }
  }
  return [
    '<h2 id="verdicts">Verdict per role and revision</h2>',
    '<table><thead><tr><th>role</th><th>revision</th><th>negotiated</th><th>verdict</th><th>scenarios</th><th>passed</th><th>failed</th><th>not testable</th><th>skipped</th><th>errored</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
  ].join('\n');
}

/** The version the target answered, with the era and why the revision ran when the report says so. */
function negotiated(run: RevisionRun): string {
  const why = [run.era && `${run.era} era`, run.selection && run.selection.by !== 'named' && run.selection.reason].filter(Boolean).join('; ');
  return `${run.negotiated ?? '-'}${why ? ` (${why})` : ''}`;
}

/** Requirement coverage per revision: which requirements were checked and how they fared, and which none checked. */
function renderCoverage(revisions: readonly RevisionRun[]): string {
  const sections = revisions.map((run) => {
    if (!run.requirements) return `<p class="coverage muted" data-revision="${esc(run.revision)}">${esc(run.revision)}: no requirement rollup in this report.</p>`;
    const by = (status: string): number => run.requirements!.filter((r) => rollupStatus(r) === status).length;
    const line = `${run.requirements.length} requirements: ${by('passed')} passed, ${by('failed')} failed, ${by('untestable')} not testable, ${by('errored')} errored, ${by('skipped')} not applicable, ${by('unchecked')} not checked`;
    const rows = run.requirements.map((r) => {
      const status = rollupStatus(r);
      const link = href(r.specUrl);
      return (
        `<tr><td><span class="st ${status}">${esc(status === 'skipped' ? 'not applicable' : status === 'unchecked' ? 'not checked' : STATUS_LABEL[status])}</span></td>` +
        `<td><code>${esc(r.id)}</code></td><td><span class="kw">${esc(r.keyword)}</span></td>` +
        `<td class="n">${r.counts.passed}/${r.checks}</td><td>${esc(r.summary)}${link ? ` <a href="${link}" rel="noopener noreferrer">spec</a>` : ''}</td></tr>`
      );
    });
    return (
      `<details class="coverage" data-revision="${esc(run.revision)}"${by('failed') + by('untestable') + by('errored') > 0 ? ' open' : ''}>` +
      `<summary><strong>${esc(run.revision)}</strong>: ${esc(line)}</summary>\n` +
      `<table><thead><tr><th>status</th><th>requirement</th><th>keyword</th><th>passed/checks</th><th>what it asks (our words)</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></details>`
    );
  });
  return ['<h2 id="coverage">Requirement coverage</h2>', ...sections].join('\n');
}

/** A requirement's status with its untestable failures told apart: failed when any ran and failed, else not testable. */
function rollupStatus(r: RequirementRollup): RequirementRollup['status'] | 'untestable' {
  if (r.status === 'failed' && r.counts.failed === 0 && r.counts.untestable > 0) return 'untestable';
  return r.status;
}
