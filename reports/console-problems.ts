/**
 * The console's closing sections: the distinct problems by requirement (reports/problems.ts), each with its
 * rationale and spec link once, where it failed in compact form and the evidence of one representative
 * failure; then what could not be tested, the harness's errors and the baseline's entries, each apart.
 */
import type pc from 'picocolors';
import { groupProblems, type Occurrence, type Problem, type ReasonGroup } from './problems.js';
import type { CheckResult, Report, ScenarioResult } from './types.js';
import { compactJson, escapeControls, listFew, oneLine, padEnd, plural, truncate, width, wrap } from './text.js';

export type Colors = ReturnType<typeof pc.createColors>;
type Paint = (text: string) => string;

/** No line is wider than this, except one holding a single word too long for it (a spec URL, a transcript path). */
export const MAX_WIDTH = 100;
/** How many scenario names a compact list shows before it only counts the rest. */
const FEW = 4;
const INDENT = '    ';
const LABEL = 10;

export interface SectionContext {
  c: Colors;
  verbose: boolean;
  /** Display names of scenarios: see {@link scenarioNames}. */
  names: ReadonlyMap<string, string>;
}

/**
 * How scenarios are named where a revision is already given: the id without its introducing revision and role
 * (`base/ping` for `2024-11-05/server/base/ping`), because `2024-11-05/…` under a 2025-11-25 heading reads as
 * if another revision ran. Ids whose short names would collide keep their full id.
 */
export function scenarioNames(report: Report): Map<string, string> {
  const ids = [...new Set(report.scenarios.map((s) => s.id))];
  const short = (id: string): string => id.split('/').slice(2).join('/') || id;
  const taken = new Map<string, number>();
  for (const id of ids) taken.set(short(id), (taken.get(short(id)) ?? 0) + 1);
  return new Map(ids.map((id) => [id, taken.get(short(id)) === 1 ? short(id) : id]));
}

/** The revision that introduced a scenario: the first segment of its id. */
export function introducedIn(scenario: ScenarioResult): string {
  return scenario.id.split('/')[0] ?? '';
}

/**
 * A labelled detail: the value escaped, wrapped to {@link MAX_WIDTH}, continued under itself, so that target
 * text can never start a line of its own. Painting happens after wrapping, so colour never changes the layout.
 */
export function detail(c: Colors, indent: string, label: string, value: string, paint: Paint = (t) => t): string[] {
  const room = Math.max(20, MAX_WIDTH - indent.length - LABEL);
  const pieces = escapeControls(value)
    .split(/\r?\n/)
    .flatMap((line) => wrap(line.trimEnd(), room));
  return pieces.map((text, i) => {
    const head = i === 0 && label ? c.dim(padEnd(label, LABEL)) : ' '.repeat(LABEL);
    return `${indent}${head}${text ? paint(text) : ''}`.trimEnd();
  });
}

/** Message, expected, actual and frames of one check: the evidence, without the requirement (told once). */
export function evidence(c: Colors, indent: string, check: CheckResult, transcript: string | undefined, verbose: boolean): string[] {
  const limit = verbose ? 4000 : 300;
  const out: string[] = [];
  if (check.message) out.push(...detail(c, indent, '', truncate(check.message, limit)));
  if (check.expected !== undefined) out.push(...detail(c, indent, 'expected', truncate(check.expected, limit)));
  if (check.actual !== undefined) out.push(...detail(c, indent, 'actual', truncate(oneLine(compactJson(check.actual)), verbose ? 4000 : 180)));
  if (check.frames && check.frames.length > 0) {
    const frames = listFew(check.frames.map(String), verbose ? check.frames.length : 8);
    out.push(...detail(c, indent, 'frames', `${frames}${transcript ? ` in ${transcript}` : ''}`));
  }
  return out;
}

/** `2024-11-05 (42), 2025-11-25 (54)`, or `2025-11-25` when every occurrence is at one revision. */
function revisionCounts(items: readonly { scenario: ScenarioResult }[]): string {
  const counts = new Map<string, number>();
  for (const { scenario } of items) counts.set(scenario.revision, (counts.get(scenario.revision) ?? 0) + 1);
  if (counts.size === 1) return [...counts.keys()].join('');
  return [...counts].map(([revision, n]) => `${oneLine(revision)} (${n})`).join(', ');
}

/** Where some results occurred: how many scenarios at which revisions, then the first few names. */
function where(ctx: SectionContext, items: readonly { scenario: ScenarioResult }[]): string {
  const names = [...new Set(items.map(({ scenario }) => ctx.names.get(scenario.id) ?? scenario.id))].map(oneLine);
  const single = items.length === 1 && items[0];
  if (single) return `${names[0] ?? ''} at ${oneLine(single.scenario.revision)}`;
  return `${plural(names.length, 'scenario')} at ${revisionCounts(items)}: ${listFew(names, ctx.verbose ? names.length : FEW)}`;
}

function problemBlock(ctx: SectionContext, problem: Problem, number: number, failOn: 'should' | 'must'): string[] {
  const { c } = ctx;
  const example = problem.failures.find((f) => f.check.specUrl === problem.specUrl) ?? problem.failures[0];
  const keyword = problem.keywords.join('/');
  const note = problem.counts ? '' : problem.keywords.includes('MAY') ? 'informational: MAY' : `not counted: --fail-on ${failOn}`;
  const head = `${padEnd(`${number})`, 4)}${c.red('✗')} ${c.bold(keyword)}  ${c.bold(oneLine(problem.requirement))}`;
  const checkIds = [...new Set(problem.failures.map((f) => oneLine(f.check.id)))];
  const out = [note ? `${head}  ${c.dim(`(${note})`)}` : head];
  out.push(...bullet(INDENT, '', problem.summary));
  out.push(...detail(c, INDENT, 'spec', problem.specUrl, c.underline));
  // Every check id, uncollapsed: a requirement is cited by a handful of checks, and each is what a reader greps for.
  out.push(...detail(c, INDENT, 'failed', `${plural(problem.failures.length, 'time')}: ${checkIds.length === 1 ? 'check' : 'checks'} ${checkIds.join(', ')}`));
  out.push(...detail(c, INDENT, 'in', where(ctx, problem.failures)));
  if (example) {
    out.push(...detail(c, INDENT, 'example', `${oneLine(ctx.names.get(example.scenario.id) ?? example.scenario.id)} at ${oneLine(example.scenario.revision)}, check ${oneLine(example.check.id)}:`));
    out.push(...evidence(c, INDENT, example.check, example.scenario.transcript, ctx.verbose));
  }
  if (problem.knockOns.length > 0) {
    const ids = [...new Set(problem.knockOns.map((k) => oneLine(k.check.id)))];
    out.push(...detail(c, INDENT, 'knock-on', `${plural(problem.knockOns.length, 'later check')} of the same scenarios could not be tested after it: ${listFew(ids, FEW)}`, c.dim));
  }
  return out;
}

/** Text wrapped under a marker: `  - first line` then `    more`, escaped. */
function bullet(indent: string, marker: string, text: string, paint: Paint = (t) => t): string[] {
  const hang = ' '.repeat(indent.length + marker.length);
  return escapeControls(text)
    .split(/\r?\n/)
    .flatMap((line) => wrap(line.trimEnd(), MAX_WIDTH - hang.length))
    .map((line, i) => `${i === 0 ? indent + marker : hang}${paint(line)}`.trimEnd());
}

function reasonBlock(ctx: SectionContext, group: ReasonGroup): string[] {
  const ids = [...new Set(group.items.map((i) => (i.check ? oneLine(i.check.id) : '(outside any check)')))];
  return [
    ...bullet('  ', '- ', truncate(group.reason, ctx.verbose ? 4000 : 300)),
    ...detail(ctx.c, INDENT, 'in', where(ctx, group.items)),
    ...detail(ctx.c, INDENT, 'checks', `${group.items.length}: ${listFew(ids, ctx.verbose ? ids.length : 3 * FEW)}`),
  ];
}

/** `scenario#check at revision` names for a short list. */
function occurrenceNames(ctx: SectionContext, items: readonly Occurrence[]): string[] {
  return items.map(({ scenario, check }) => `${oneLine(ctx.names.get(scenario.id) ?? scenario.id)}#${oneLine(check.id)} at ${oneLine(scenario.revision)}`);
}

/** The problems, could-not-test, harness-error and baseline sections, each present only when it has entries. */
export function problemSections(ctx: SectionContext, report: Report): string[] {
  const { c } = ctx;
  const groups = groupProblems(report);
  const out: string[] = [];
  const { problems } = groups;
  if (problems.length > 0) {
    const failures = problems.reduce((n, p) => n + p.failures.length, 0);
    const informational = problems.filter((p) => !p.counts).length;
    const extra = [plural(failures, 'failed check'), informational ? `${informational} not counted towards the verdict` : ''].filter(Boolean).join('; ');
    out.push(c.bold(`${plural(problems.length, 'distinct problem')}, by requirement (${extra})`), '');
    problems.forEach((p, i) => out.push(...problemBlock(ctx, p, i + 1, report.options.failOn), ''));
  }
  if (groups.untestable.length > 0) {
    const n = groups.untestable.reduce((sum, g) => sum + g.items.length, 0);
    out.push(c.bold(`could not test ${plural(n, 'check')} (a prerequisite was missing; each counts as failed):`));
    for (const group of groups.untestable) out.push(...reasonBlock(ctx, group));
    out.push('');
  }
  if (groups.errored.length > 0) {
    const n = groups.errored.reduce((sum, g) => sum + g.items.length, 0);
    out.push(c.bold(c.magenta(`harness errors, not the target's fault (${n}):`)));
    for (const group of groups.errored) out.push(...reasonBlock(ctx, group));
    out.push('');
  }
  if (groups.stale.length > 0) {
    out.push(c.bold(c.red(`stale baseline entries (${groups.stale.length}): listed as known failures but now passing; remove them`)));
    out.push(...bullet('  ', '', listFew(occurrenceNames(ctx, groups.stale), ctx.verbose ? groups.stale.length : FEW)), '');
  }
  if (groups.known.length > 0) {
    const n = groups.known.reduce((sum, p) => sum + p.failures.length, 0);
    out.push(c.dim(`known failures listed in the baseline (${n}, not counted): ${groups.known.length} requirement${groups.known.length === 1 ? '' : 's'}`));
    for (const p of groups.known) out.push(...bullet('  ', '- ', `${p.requirement} (${p.failures.length}): ${where(ctx, p.failures)}`, c.dim));
    out.push('');
  }
  return out;
}

/** The number of each problem, by requirement id, for the scenario lines that refer to them. */
export function problemNumbers(report: Report): Map<string, number> {
  return new Map(groupProblems(report).problems.map((p, i) => [p.requirement, i + 1]));
}

export { width };
