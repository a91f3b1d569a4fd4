/**
 * `report merge`: the reports of every shard of one run (`--shard i/n`) put back together into the report the
 * unsharded run would have written: the same scenarios, checks and statuses, in plan order, with the summary,
 * the verdict and the requirement rollups recomputed by the same functions a run uses (summary.ts, rollup.ts).
 *
 * Only shards of one and the same run can be merged. Anything else is refused with a {@link MergeError} naming
 * the files and what differs: a report that is not a shard or did not complete, shards of different counts,
 * a shard given twice or missing, another tool version, another target, options that change the plan or its
 * judgement (spec version, filters, profile, tool consent, fail-on, timeout, baseline), other revisions, or a
 * plan fingerprint that differs or that the merged scenarios do not reproduce.
 *
 * Pure: the caller reads the files (schema-validated) and copies the transcripts.
 */
import { rollupRequirements, type CatalogueRequirement } from './rollup.js';
import { interleaveShards, planFingerprint, shardLabel, shardSize } from './shard.js';
import { summarize } from './summary.js';
import type { Report, RevisionRun, ScenarioResult, ShardRecord, TargetExit, TargetInfo } from './types.js';

/** A shard report and where it was read from (named in messages). */
export interface ShardInput {
  source: string;
  report: Report;
}

/** Reports that cannot be merged into one: the CLI prints the message and exits with code 2. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}

export interface MergeResult {
  report: Report;
  /** For each scenario of `report`, in order: the `source` of the shard report it came from. */
  origins: string[];
}

/** The options that decide what a run plans and how its results are judged, with the flag that sets each. */
const PLAN_OPTIONS: readonly [keyof Report['options'], string][] = [
  ['specVersion', '--spec-version'],
  ['scenarios', '--scenario'],
  ['profile', '--profile'],
  ['callTools', '--call-tools'],
  ['toolArgs', '--tool-args'],
  ['failOn', '--fail-on'],
  ['timeoutMs', '--timeout (ms)'],
  ['baseline', '--baseline'],
];

/**
 * Merges the reports of shards 1..n of one run, given in any order.
 * @throws MergeError when they are not all the shards of one run (see the module comment).
 */
export function mergeShardReports(inputs: readonly ShardInput[]): MergeResult {
  if (inputs.length === 0) throw new MergeError('no reports to merge');
  const shards = inputs.map(checkedShard);
  const [first] = shards as [Checked, ...Checked[]];

  for (const [i, other] of shards.entries()) {
    if (i === 0) continue;
    if (other.shard.count !== first.shard.count) {
      throw new MergeError(`shard counts differ: ${first.source} is shard ${shardLabel(first.shard)}, ${other.source} is shard ${shardLabel(other.shard)}`);
    }
    const twin = shards.slice(0, i).find((s) => s.shard.index === other.shard.index);
    if (twin) throw new MergeError(`shard ${shardLabel(other.shard)} is given twice: ${twin.source} and ${other.source}`);
  }
  for (const other of shards.slice(1)) compatible(first, other);
  const count = first.shard.count;
  const byIndex = Array.from({ length: count }, (_, i) => shards.find((s) => s.shard.index === i + 1));
  const missing = byIndex.flatMap((s, i) => (s ? [] : [`${i + 1}/${count}`]));
  if (missing.length > 0) {
    throw new MergeError(`shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (given: ${shards.map((s) => `${shardLabel(s.shard)} ${s.source}`).join(', ')})`);
  }
  const ordered = byIndex as Checked[];
  for (const s of ordered) {
    const want = shardSize(s.shard.planned, s.shard);
    if (s.report.scenarios.length !== want) {
      throw new MergeError(`${s.source} (shard ${shardLabel(s.shard)}) holds ${s.report.scenarios.length} scenario runs, but ${want} of the ${s.shard.planned} planned belong to it`);
    }
  }

  const tagged = interleaveShards(ordered.map((s) => s.report.scenarios.map((scenario) => ({ scenario, source: s.source }))));
  const scenarios = tagged.map((t) => t.scenario);
  if (planFingerprint(scenarios) !== first.shard.plan) {
    throw new MergeError(`the merged scenarios do not reproduce the plan the shards were cut from (fingerprint ${first.shard.plan}): a report was edited, or its scenarios reordered`);
  }

  const base = first.report;
  const startedAt = earliest(ordered.map((s) => s.report.startedAt));
  const finishedAt = latest(ordered.map((s) => s.report.finishedAt));
  const { shard: _shard, targetExit: _exit, ...rest } = base;
  const targetExit = mergedTargetExit(ordered.map((s) => s.report.targetExit), scenarios);
  const report: Report = {
    ...rest,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    revisions: base.revisions.map((run) => rerolled(run, scenarios)),
    scenarios,
    summary: summarize(scenarios, base.options.failOn),
    ...(targetExit ? { targetExit } : {}),
  };
  return { report, origins: tagged.map((t) => t.source) };
}

interface Checked extends ShardInput {
  shard: Required<ShardRecord>;
}

/** A report that can take part in a merge: a shard, of a run that completed and recorded its plan. */
function checkedShard(input: ShardInput): Checked {
  const { source, report } = input;
  const shard = report.shard;
  if (!shard) throw new MergeError(`${source} is not the report of a shard (its run had no --shard i/n)`);
  if (shard.index > shard.count) throw new MergeError(`${source} claims to be shard ${shardLabel(shard)}, which does not exist`);
  if (report.fatal) {
    throw new MergeError(`${source} (shard ${shardLabel(shard)}) is the report of a run that did not complete (${report.fatal.kind}: ${report.fatal.message.split('\n')[0]}); run that shard again`);
  }
  if (shard.planned === undefined || shard.plan === undefined) throw new MergeError(`${source} (shard ${shardLabel(shard)}) does not record the plan it was cut from`);
  return { source, report, shard: shard as Required<ShardRecord> };
}

/** Refuses two shards that are not of the same run; the first difference found is named. */
function compatible(a: Checked, b: Checked): void {
  const differ = (what: string, left: unknown, right: unknown): never => {
    throw new MergeError(`${what} differ${what.endsWith('s') ? '' : 's'}: ${a.source} has ${show(left)}, ${b.source} has ${show(right)}; merge only the shards of one run`);
  };
  if (a.report.tool.name !== b.report.tool.name || a.report.tool.version !== b.report.tool.version) {
    differ('tool version', `${a.report.tool.name} ${a.report.tool.version}`, `${b.report.tool.name} ${b.report.tool.version}`);
  }
  const target = firstDifference(comparableTarget(a.report.target), comparableTarget(b.report.target), 'target');
  if (target) differ(target.path, target.left, target.right);
  for (const [key, flag] of PLAN_OPTIONS) {
    const left = normalized(a.report.options[key]);
    const right = normalized(b.report.options[key]);
    if (canonical(left) !== canonical(right)) differ(`option ${flag}`, left ?? '(not given)', right ?? '(not given)');
  }
  const facts = (shard: Checked) => shard.report.revisions.map((run) => revisionFacts(run, launchedPort(shard.report.target)));
  const revisions = firstDifference(facts(a), facts(b), 'revisions');
  if (revisions) differ(revisions.path, revisions.left, revisions.right);
  if (a.shard.planned !== b.shard.planned) differ('planned scenario runs', a.shard.planned, b.shard.planned);
  if (a.shard.plan !== b.shard.plan) differ('plan fingerprint', a.shard.plan, b.shard.plan);
}

/**
 * The port of a server the run started itself for a URL (`--command "... --port {port}" --url
 * http://127.0.0.1:{port}/mcp`): each shard picks a free one anew, so it is put back to `{port}` wherever the
 * report repeats it (the URL, the command line, a probe's note) before shards are compared.
 */
function launchedPort(target: TargetInfo): string | undefined {
  if (target.command === undefined || target.url === undefined) return undefined;
  try {
    return new URL(target.url).port || undefined;
  } catch {
    return undefined;
  }
}

function withoutPort(text: string, port: string | undefined): string {
  return port === undefined ? text : text.replace(new RegExp(`(?<![0-9])${port}(?![0-9])`, 'g'), '{port}');
}

/** The target as far as shards of one run must agree on it (see {@link launchedPort}). */
function comparableTarget(target: TargetInfo): TargetInfo {
  const port = launchedPort(target);
  if (port === undefined) return target;
  return { ...target, url: withoutPort(target.url!, port), command: withoutPort(target.command!, port) };
}

/** Filters and tool names are sets: the order they were given in does not change the plan. */
function normalized(value: unknown): unknown {
  return Array.isArray(value) ? [...(value as string[])].sort() : value;
}

/** What a revision run says about the target, without the rollup (which depends on the shard's own checks). */
function revisionFacts(run: RevisionRun, port: string | undefined): Omit<RevisionRun, 'requirements'> {
  const { requirements: _requirements, ...facts } = run;
  return facts.note === undefined ? facts : { ...facts, note: withoutPort(facts.note, port) };
}

/** The first place where two JSON values differ, as a dotted path, or undefined when they are equal. */
function firstDifference(left: unknown, right: unknown, path: string): { path: string; left: unknown; right: unknown } | undefined {
  if (canonical(left) === canonical(right)) return undefined;
  if (isRecord(left) && isRecord(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    for (const key of keys) {
      const found = firstDifference(left[key], right[key], Array.isArray(left) ? `${path}[${key}]` : `${path}.${key}`);
      if (found) return found;
    }
  }
  return { path, left, right };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** JSON with object keys sorted, so that key order never makes two equal values differ. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isRecord(v) && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v)) ?? 'undefined';
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '(nothing)' : canonical(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/**
 * A revision run with its requirement rollup recomputed over all the merged scenarios. The catalogue is read
 * back from the shard's rollup (every catalogue row has exactly one rollup row); a report from before rollups
 * has none, and neither does the merge.
 */
function rerolled(run: RevisionRun, scenarios: readonly ScenarioResult[]): RevisionRun {
  if (!run.requirements) return run;
  const catalogue: CatalogueRequirement[] = run.requirements.map((row) => ({ id: row.id, keyword: row.keyword, ...(row.prose ? { prose: true as const } : {}), url: row.specUrl, summary: row.summary }));
  return { ...run, requirements: rollupRequirements(run.revision, scenarios, catalogue) };
}

/** The run's one account of the target exiting on its own: the shards' first, in plan order, and how many saw it in all. */
function mergedTargetExit(exits: readonly (TargetExit | undefined)[], scenarios: readonly ScenarioResult[]): TargetExit | undefined {
  const position = (exit: TargetExit): number => scenarios.findIndex((s) => s.id === exit.scenario && s.revision === exit.revision);
  const present = exits.filter((e): e is TargetExit => e !== undefined).sort((x, y) => position(x) - position(y));
  const [firstExit] = present;
  if (!firstExit) return undefined;
  return { ...firstExit, scenarios: present.reduce((sum, e) => sum + e.scenarios, 0) };
}

function earliest(times: readonly string[]): string {
  return times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

function latest(times: readonly string[]): string {
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}
