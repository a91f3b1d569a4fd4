/**
 * The baseline: an implementation's own list of known failures (`--baseline FILE`, YAML), kept in its repository.
 *
 * ```yaml
 * expected-failures:
 *   - scenario: 2024-11-05/server/lifecycle/ping   # every check of this scenario...
 *     check: responds-to-ping                      # ...or only this one (a check alone: in any scenario)
 *     revision: 2025-06-18                         # optional: only at this revision
 *     transport: stdio                             # optional: only over this transport
 *     reason: tracked in our issue 42
 * ```
 *
 * A failed check an entry lists is an expected failure (outcome `expected`): reported, but it does not fail the
 * run. An entry that lists a check which passes now is stale (outcome `stale` on that check), and fails the run,
 * so the file shrinks as bugs get fixed: a check entry is stale where its check passes; a scenario entry is stale
 * where none of its scenario's checks failed. Entries matching nothing this run exercised are left alone.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import type { CheckResult, Report, ScenarioResult } from '../../reports/types.js';

export interface BaselineEntry {
  /** A scenario id as `list scenarios` prints it. */
  scenario?: string;
  /** A check id; with `scenario`, in that scenario only. */
  check?: string;
  revision?: string;
  transport?: string;
  reason: string;
  /** The entry's line in its file (1-based), for messages; absent on entries made by {@link updateBaseline}. */
  line?: number;
}

export interface Baseline {
  /** The file as given on the command line. */
  file: string;
  entries: BaselineEntry[];
}

/** A baseline file that cannot be used: the message starts with `file:line:`. The CLI maps it to exit code 2. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

const KEYS = ['scenario', 'check', 'revision', 'transport', 'reason'] as const;
const LIST = 'expected-failures';
/** What {@link updateBaseline} writes for a failure nobody has explained yet. */
export const PLACEHOLDER_REASON = 'TODO: say why this check fails and where the fix is tracked';

/** Reads and validates a baseline file. @throws BaselineError naming the file and line. */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseBaseline(text, file);
}

/** Parses a baseline's text. @throws BaselineError `file:line: problem` for bad YAML or a malformed entry. */
export function parseBaseline(text: string, file: string): Baseline {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const fail = (node: Node | undefined | null, message: string): never => {
    const line = node?.range ? lines.linePos(node.range[0]).line : 1;
    throw new BaselineError(`${file}:${line}: ${message}`);
  };
  const [bad] = doc.errors;
  if (bad) throw new BaselineError(`${file}:${bad.linePos?.[0].line ?? 1}: not valid YAML: ${bad.message.split('\n')[0]}`);
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { file, entries: [] };
  if (!isMap(root)) return fail(root, `expected a mapping with a "${LIST}" list`);
  for (const pair of root.items) {
    if (!isScalar(pair.key) || pair.key.value !== LIST) fail(pair.key as Node, `unknown key ${JSON.stringify(String(isScalar(pair.key) ? pair.key.value : pair.key))}; expected "${LIST}"`);
  }
  const list = root.get(LIST, true);
  if (list === undefined || (isScalar(list) && list.value === null)) return { file, entries: [] };
  if (!isSeq(list)) return fail(list as Node, `"${LIST}" must be a list of entries`);
  const entries = list.items.map((item): BaselineEntry => {
    if (!isMap(item)) return fail(item as Node, 'an entry must be a mapping with scenario and/or check, and a reason');
    const entry: Partial<Record<(typeof KEYS)[number], string>> = {};
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!(KEYS as readonly string[]).includes(key)) fail(pair.key as Node, `unknown key "${key}"; an entry has ${KEYS.join(', ')}`);
      const value = pair.value;
      if (!isScalar(value) || typeof value.value !== 'string' || value.value.trim() === '') fail((value ?? pair.key) as Node, `"${key}" must be a non-empty text`);
      entry[key as (typeof KEYS)[number]] = String((value as { value: string }).value).trim();
    }
    if (!entry.scenario && !entry.check) fail(item, 'an entry names a scenario, a check, or both');
    if (!entry.reason) fail(item, 'an entry needs a reason (why it fails, where the fix is tracked)');
    const line = item.range ? lines.linePos(item.range[0]).line : undefined;
    return { ...entry, reason: entry.reason!, ...(line ? { line } : {}) };
  });
  return { file, entries };
}

/** Whether an entry lists this check of this scenario run. */
export function entryMatches(entry: BaselineEntry, scenario: ScenarioResult, check: CheckResult): boolean {
  return (
    (entry.scenario === undefined || entry.scenario === scenario.id) &&
    (entry.check === undefined || entry.check === check.id) &&
    (entry.revision === undefined || entry.revision === scenario.revision) &&
    (entry.transport === undefined || entry.transport === scenario.transport)
  );
}

/** Whether the entry is out of date for this check: see the module comment. */
function staleFor(entry: BaselineEntry, scenario: ScenarioResult, check: CheckResult): boolean {
  if (check.status !== 'passed') return false;
  return entry.check !== undefined || !scenario.checks.some((c) => c.status === 'failed' && entryMatches(entry, scenario, c));
}

/**
 * Judges results against a baseline: a listed failure gets outcome `expected`, a listed pass that makes its entry
 * stale gets outcome `stale`, both with the entry's reason. Other checks are returned as they were.
 */
export function applyBaseline(scenarios: readonly ScenarioResult[], baseline: Baseline): ScenarioResult[] {
  return scenarios.map((scenario) => ({
    ...scenario,
    checks: scenario.checks.map((check) => {
      const entries = baseline.entries.filter((e) => entryMatches(e, scenario, check));
      if (entries.length === 0) return check;
      if (check.status === 'failed') return { ...check, outcome: 'expected', baseline: { reason: entries[0]!.reason } };
      const stale = entries.find((e) => staleFor(e, scenario, check));
      return stale ? { ...check, outcome: 'stale', baseline: { reason: stale.reason } } : check;
    }),
  }));
}

/** One line per stale entry of a judged report, `file:line: ...`, for the CLI to print. */
export function staleEntries(report: Report, baseline: Baseline): string[] {
  return baseline.entries.flatMap((entry) => {
    const where = report.scenarios.flatMap((s) => s.checks.filter((c) => entryMatches(entry, s, c) && staleFor(entry, s, c)).map((c) => `${s.id}#${c.id} at ${s.revision}`));
    if (where.length === 0) return [];
    const shown = where.length > 3 ? [...where.slice(0, 3), `${where.length - 3} more`] : where;
    return [`${baseline.file}:${entry.line ?? '?'}: stale entry (${describe(entry)}): now passes (${shown.join(', ')}); remove it, or run "mcp-conformance baseline update"`];
  });
}

function describe(entry: BaselineEntry): string {
  return KEYS.filter((k) => k !== 'reason' && entry[k] !== undefined).map((k) => `${k} ${entry[k]}`).join(', ');
}

/**
 * A baseline that makes the run of `report` pass: existing entries that are not stale kept as they are (with
 * their reasons, including those this run did not exercise); stale ones dropped, except that a failure they
 * listed keeps its reason in a narrower entry; every other failed check added, with {@link PLACEHOLDER_REASON}.
 * A new entry names its revision only when the same check passed at another revision of the report.
 */
export function updateBaseline(report: Report, existing: readonly BaselineEntry[] = []): { entries: BaselineEntry[]; added: number; dropped: number } {
  const pairs = report.scenarios.flatMap((scenario) => scenario.checks.map((check) => ({ scenario, check })));
  const kept = existing.filter((entry) => !pairs.some(({ scenario, check }) => entryMatches(entry, scenario, check) && staleFor(entry, scenario, check)));
  const dropped = existing.filter((entry) => !kept.includes(entry));
  const entries: BaselineEntry[] = kept.map(({ line: _line, ...entry }) => entry);
  let added = 0;
  for (const { scenario, check } of pairs) {
    if (check.status !== 'failed' || entries.some((e) => entryMatches(e, scenario, check))) continue;
    const passedElsewhere = pairs.some((p) => p.scenario.id === scenario.id && p.check.id === check.id && p.check.status === 'passed');
    const previous = dropped.find((e) => entryMatches(e, scenario, check));
    if (!previous) added += 1;
    entries.push({ scenario: scenario.id, check: check.id, ...(passedElsewhere ? { revision: scenario.revision } : {}), reason: previous?.reason ?? PLACEHOLDER_REASON });
  }
  return { entries, added, dropped: dropped.length };
}

/** The YAML text of a baseline, with a header saying what the file is. */
export function baselineYaml(entries: readonly BaselineEntry[]): string {
  const header = [
    '# mcp-conformance baseline: the known failures of this implementation (see the mcp-conformance README).',
    '# A listed failure does not fail the run; a listed check that passes now is stale and does. Give each entry a reason.',
  ].join('\n');
  const body = stringify({ [LIST]: entries.map((e) => Object.fromEntries(KEYS.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]))) }, { lineWidth: 0 });
  return `${header}\n${body}`;
}
