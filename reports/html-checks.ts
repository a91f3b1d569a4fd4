/**
 * The HTML report's checks: the filter form, the list of problems, and every check grouped by revision and
 * scenario, with its evidence (requirement in our words, spec link, message, expected, actual) and the excerpt
 * of the frames it cites. Every string is escaped (see html-text.ts); the filter data lives in attributes.
 */
import type { CheckResult, Report, ScenarioResult, Status } from './types.js';
import { esc, href } from './html-text.js';
import { formatDuration, oneLine, truncate } from './text.js';

/** A check's status as the page shows it: an untestable failure is told apart from a failure that ran. */
export type ShownStatus = Status | 'untestable';

export const STATUS_LABEL: Readonly<Record<ShownStatus, string>> = {
  passed: 'passed',
  failed: 'failed',
  untestable: 'not testable',
  skipped: 'skipped',
  errored: 'errored',
};

/** Longest `actual` shown; report.json has the rest. */
const ACTUAL_CHARS = 20_000;

export function checkStatus(check: CheckResult): ShownStatus {
  return check.status === 'failed' && check.untestable ? 'untestable' : check.status;
}

export const isProblem = (status: ShownStatus): boolean => status === 'failed' || status === 'untestable' || status === 'errored';
const level = (check: CheckResult): string => (check.keyword.startsWith('MUST') ? 'must' : check.keyword.startsWith('SHOULD') ? 'should' : 'may');
/** The scenario's folder under its role: `lifecycle` for `2024-11-05/server/lifecycle/initialize`. */
const area = (scenario: ScenarioResult): string => scenario.id.split('/')[2] ?? '';
const topic = (check: CheckResult): string => check.requirement.split('/')[0] ?? '';
/** The scenario's path without the revision that introduced it, which would read as if that revision ran. */
const path = (scenario: ScenarioResult): string => scenario.id.split('/').slice(2).join('/') || scenario.id;
const anchor = (s: number, c: number): string => `c-${s}-${c}`;

/** The filter form: hidden until the script shows it, since without JavaScript it could do nothing. */
export function renderFilters(report: Report): string {
  const checks = report.scenarios.flatMap((s) => s.checks);
  const revisions = unique([...report.revisions.map((r) => r.revision), ...report.scenarios.map((s) => s.revision)]);
  const select = (name: string, label: string, options: [string, string][]): string =>
    `<label>${label}<select name="${name}"><option value="">any</option>${options.map(([v, t]) => `<option value="${esc(v)}">${esc(t)}</option>`).join('')}</select></label>`;
  return [
    '<noscript><p class="muted">Filters need JavaScript; every check is listed below, problems open.</p></noscript>',
    '<form id="filters" hidden>',
    select('status', 'status', [['problems', 'failed or errored'], ['failed', 'failed (with not testable)'], ['untestable', 'not testable'], ['errored', 'errored'], ['passed', 'passed'], ['skipped', 'skipped']]),
    select('level', 'keyword', [['must', 'MUST, MUST NOT'], ['should', 'SHOULD, SHOULD NOT'], ['may', 'MAY']]),
    select('revision', 'revision', revisions.map((r) => [r, r])),
    select('area', 'area', unique(report.scenarios.map(area)).sort().map((a) => [a, a])),
    select('topic', 'requirement topic', unique(checks.map(topic)).sort().map((t) => [t, t])),
    '<label>text<input type="search" name="q" placeholder="id, requirement, message, frame..."></label>',
    '<button type="reset">clear</button>',
    '<span id="shown" aria-live="polite"></span>',
    '</form>',
  ].join('\n');
}

/** The failed and errored checks, one line each, linking to their evidence below. */
export function renderProblems(report: Report): string {
  const items = report.scenarios.flatMap((scenario, s) =>
    scenario.checks.flatMap((check, c) => {
      const status = checkStatus(check);
      if (!isProblem(status)) return [];
      const message = check.message ? `: ${truncate(oneLine(check.message), 200)}` : '';
      return [
        `<li><span class="st ${status}">${STATUS_LABEL[status]}</span> <span class="kw">${esc(check.keyword)}</span> ${esc(scenario.revision)} ` +
          `<a href="#${anchor(s, c)}">${esc(path(scenario))}#${esc(check.id)}</a>${esc(message)}${esc(outcomeNote(check))}</li>`,
      ];
    }),
  );
  if (items.length === 0) return '';
  return ['<h2 id="problems">Failed and errored checks</h2>', `<ul class="problems">\n${items.join('\n')}\n</ul>`].join('\n');
}

/** Every check, by revision (in the report's order) and scenario (in plan order). */
export function renderChecks(report: Report): string {
  const indexed = report.scenarios.map((scenario, index) => ({ scenario, index }));
  const revisions = unique([...report.revisions.map((r) => r.revision), ...report.scenarios.map((s) => s.revision)]);
  return revisions
    .map((revision) => {
      const scenarios = indexed.filter((x) => x.scenario.revision === revision);
      if (scenarios.length === 0) return '';
      return `<section class="checks-revision" data-revision="${esc(revision)}">\n<h3>${esc(revision)}</h3>\n${scenarios.map((x) => renderScenario(x.scenario, x.index)).join('\n')}\n</section>`;
    })
    .filter((s) => s !== '')
    .join('\n');
}

function renderScenario(scenario: ScenarioResult, index: number): string {
  const problem = scenario.checks.some((c) => isProblem(checkStatus(c))) || scenario.status === 'errored';
  const since = scenario.id.split('/')[0] ?? '';
  return [
    `<details class="scenario" data-id="${esc(scenario.id)}"${problem ? ' open' : ''}>`,
    `<summary><span class="st ${scenario.status}">${scenario.status}</span> <code>${esc(path(scenario))}</code> ${esc(scenario.title)} ` +
      `<span class="muted">(${esc(scenario.role)}, ${esc(scenario.transport)}, since ${esc(since)}, ${esc(formatDuration(scenario.durationMs))}${scenario.generated ? ', generated' : ''})</span></summary>`,
    ...(scenario.message ? [`<pre>${esc(scenario.message)}</pre>`] : []),
    ...scenario.checks.map((check, c) => renderCheck(scenario, check, index, c)),
    '</details>',
  ].join('\n');
}

function renderCheck(scenario: ScenarioResult, check: CheckResult, s: number, c: number): string {
  const status = checkStatus(check);
  const data = `data-status="${status}" data-level="${level(check)}" data-revision="${esc(scenario.revision)}" data-area="${esc(area(scenario))}" data-topic="${esc(topic(check))}"`;
  const link = href(check.specUrl);
  const evidence: [string, string][] = [
    ['Requirement', `<code>${esc(check.requirement)}</code> (${esc(check.keyword)}${check.prose ? ', prose graded SHOULD' : ''}${check.automatic ? ', automatic check' : ''}): ${esc(check.summary)}${link ? ` <a href="${link}" rel="noopener noreferrer">spec</a>` : ''}`],
    ...(check.message ? [['Message', `<pre>${esc(check.message)}</pre>`] as [string, string]] : []),
    ...(check.expected !== undefined ? [['Expected', `<pre>${esc(check.expected)}</pre>`] as [string, string]] : []),
    ...(check.actual !== undefined ? [['Actual', `<pre>${esc(showActual(check.actual))}</pre>`] as [string, string]] : []),
    ...(outcomeText(check) ? [['Baseline', esc(outcomeText(check))] as [string, string]] : []),
  ];
  return [
    `<details class="check" id="${anchor(s, c)}" ${data}${isProblem(status) ? ' open' : ''}>`,
    `<summary><span class="st ${status}">${STATUS_LABEL[status]}</span> <span class="kw">${esc(check.keyword)}</span> <code>${esc(check.id)}</code> <span class="muted">${esc(check.requirement)}</span>${esc(outcomeNote(check))}</summary>`,
    `<div class="evidence"><dl>${evidence.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    renderFrames(scenario, check),
    '</div></details>',
  ].join('\n');
}

/** The frames the check cites: the excerpt the report carries, or only their numbers when it has none. */
function renderFrames(scenario: ScenarioResult, check: CheckResult): string {
  if (!check.frames?.length) return '';
  const where = scenario.transcript ? ` in <code>${esc(scenario.transcript)}</code>` : '';
  const numbers = check.frames.map((n) => `#${n}`).join(', ');
  if (!check.excerpt) return `<p class="muted">Frames ${esc(numbers)}${where} (this report holds no excerpt of them).</p>`;
  const items = check.excerpt.frames.map((frame) => {
    const arrow = frame.dir === 'send' ? 'sent →' : frame.dir === 'recv' ? '← received' : 'note';
    const http = frame.http ? ` ${esc([frame.http.method, frame.http.status].filter((x) => x !== undefined).join(' '))}` : '';
    const cut = frame.cut ? `<p class="muted">… ${frame.cut} more characters in the transcript</p>` : '';
    return (
      `<li class="frame ${frame.dir}${frame.context ? ' context' : ''}"><span class="meta">#${frame.seq} ${arrow} ${esc(frame.lane)}${http}` +
      `${frame.context ? ' (context: the request it answers, not cited)' : ''}</span><pre>${esc(frame.text)}</pre>${cut}</li>`
    );
  });
  const omitted = check.excerpt.omitted ? `<p class="muted">${check.excerpt.omitted} more cited frame(s) not in this excerpt.</p>` : '';
  return (
    `<details class="frames"><summary>Frames (${check.frames.length} cited)${where}</summary>\n<ol>\n${items.join('\n')}\n</ol>${omitted}` +
    `<p class="muted">An excerpt, bounded in size; the transcript file has every frame whole.</p></details>`
  );
}

/** `expected: listed in the baseline` and the like, or empty. */
export function outcomeText(check: CheckResult): string {
  if (check.outcome === 'stale') return 'stale: listed in the baseline but passes now';
  if (check.status !== 'failed' && check.status !== 'errored') return '';
  if (check.outcome === 'expected') return 'expected: listed in the baseline';
  if (check.outcome === 'flaky') return 'flaky: listed in the baseline';
  return '';
}

function outcomeNote(check: CheckResult): string {
  const text = outcomeText(check);
  return text ? ` (${text})` : '';
}

/** A check's `actual` as text for a `<pre>`, cut at {@link ACTUAL_CHARS}. */
export function showActual(actual: unknown): string {
  let text: string;
  try {
    text = typeof actual === 'string' ? actual : (JSON.stringify(actual, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) ?? String(actual));
  } catch {
    text = String(actual);
  }
  return text.length > ACTUAL_CHARS ? `${truncate(text, ACTUAL_CHARS)}\n[${text.length - ACTUAL_CHARS} more characters in report.json]` : text;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
