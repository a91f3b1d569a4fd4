import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { rollupRequirements } from '../../reports/rollup.js';
import { planFingerprint, sliceForShard, type ShardSpec } from '../../reports/shard.js';
import type { Report, RevisionSelection, ScenarioResult, TargetExit } from '../../reports/types.js';
import { describeRevision, namedRevisions, type Revision, type RevisionChoice } from '../revisions.js';
import type { ClientTargetSpec } from '../targets/client-target.js';
import { targetSecrets, type ServerTargetSpec } from '../targets/server-target.js';
import { Redactor } from '../util/redact.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { runnableRevisions } from './bootstrap.js';
import { executeScenario, skippedScenario } from './execute.js';
import { loadScenarios } from './load.js';
import { FilterError, filtersInapplicable, filtersOutOfRange, planRun, unmatchedFilters, type PlannedScenario } from './plan.js';
import { mapPool, TurnLock } from './pool.js';
import { ReportAssembly } from './report.js';
import { catalogueFor } from './requirements.js';
import type { RoleDriver, TargetStop } from './roles/driver.js';
import { ClientDriver } from './roles/client.js';
import { ServerDriver } from './roles/server.js';
import { clearTranscripts, scenarioTranscriptRef } from './transcripts.js';
import { DEFAULT_POLICY, type ServerPolicy } from './scenario.js';

export interface RunOptions {
  /** The server under test, or (`kind: 'client'`) the client under test. */
  target: ServerTargetSpec | ClientRunTarget;
  /** A revision, `auto` (newest the target supports) or `all` (every revision it supports that can run). */
  specVersion: RevisionChoice;
  /** Scenario filters (`--scenario`, matched by path segments); all scenarios when empty. */
  scenarios?: string[];
  jobs?: number;
  timeoutMs?: number;
  /** What the harness may do to the server (profile, tool calls); DEFAULT_POLICY when absent. */
  policy?: ServerPolicy;
  failOn?: 'should' | 'must';
  /** Every scenario gets sessions of its own (`--isolate`); by default read-only scenarios share (engine/shared-sessions.ts). */
  isolate?: boolean;
  /** Known failures to judge the results against (engine/baseline.ts); read with `readBaseline`. */
  baseline?: Baseline;
  /**
   * Directory for transcripts; none are written when undefined. The previous run's transcripts there are
   * removed first (only those: see engine/transcripts.ts).
   */
  outDir?: string;
  /**
   * Values to redact from the report and the transcripts in addition to the ones found in `target`
   * (credential-like headers, secret-named environment values, URL credentials: see
   * `targetSecrets`). Values under 4 characters cannot be redacted by value and are ignored;
   * `targetSecrets(target, secrets).unredactable` names them.
   */
  secrets?: string[];
  /**
   * `--shard i/n`: run only this slice of the plan (reports/shard.ts says which units). The plan is checked
   * whole first (filters that select nothing fail every shard alike), and the report records the shard, the
   * plan's size and fingerprint, so that `report merge` can put the shards back together.
   */
  shard?: ShardSpec;
  /** Called as scenarios finish, for a progress line (with the result already redacted). */
  onProgress?: (done: number, total: number, last: ScenarioResult) => void;
  /** Called once the plan is known: how many units this run executes (its shard's), and of how many planned. */
  onPlan?: (total: number, revisions: Revision[], planned: number) => void;
}

/** A client under test (the `client` role): how to launch it and over which transport. */
export type ClientRunTarget = ClientTargetSpec & { kind: 'client' };

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Bounded parallelism: a 2-core CI machine should not run 16 server processes at once. */
export function defaultJobs(): number {
  return Math.max(2, Math.min(8, availableParallelism()));
}

/**
 * Runs the chosen suites against a target and returns the report: prepare the role's driver,
 * plan, execute with bounded parallelism, assemble. Never throws for target faults. A `--scenario`
 * filter that selects nothing to run ends the run with a `usage` fatal: before anything is launched
 * when it matches no scenario at all, after the probe when it matches none at the chosen revisions.
 * @throws RangeError for a `shard` that does not exist (the only argument the CLI has not checked already).
 */
export async function run(options: RunOptions): Promise<Report> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const jobs = options.jobs ?? defaultJobs();
  const failOn = options.failOn ?? 'should';
  const filters = options.scenarios ?? [];
  const named = namedRevisions(options.specVersion);
  const forced = named !== undefined;
  const shard = options.shard;
  if (shard && !(Number.isSafeInteger(shard.index) && Number.isSafeInteger(shard.count) && shard.index >= 1 && shard.index <= shard.count)) {
    // The CLI parses --shard itself (cli/args.ts); this guards the programmatic API.
    throw new RangeError(`shard ${shard.index}/${shard.count} does not exist: the index runs from 1 to the count`);
  }
  // One redactor for the whole run, handed to everything that writes output: transcripts and the report.
  const target = options.target;
  const redactor = Redactor.of(targetSecrets(target, options.secrets).values);
  const policy = options.policy ?? DEFAULT_POLICY;
  const outDir = options.outDir ? { outDir: options.outDir } : {};
  const driver: RoleDriver =
    target.kind === 'client'
      ? new ClientDriver(target, { timeoutMs, jobs, redactor, ...(named ? { revisions: named } : {}), ...outDir })
      : new ServerDriver(target, { timeoutMs, jobs, forced, ...(named ? { revisions: named } : {}), redactor, policy, ...(options.isolate ? { isolate: true } : {}), ...outDir });
  const report = new ReportAssembly(
    {
      specVersion: typeof options.specVersion === 'string' ? options.specVersion : namedRevisions(options.specVersion)!.join(','),
      jobs,
      timeoutMs,
      failOn,
      ...(options.isolate ? { isolate: true } : {}),
      redactor,
      policy: { profile: policy.profile, callTools: policy.callTools, toolNames: Object.keys(policy.toolArgs) },
      ...(options.scenarios ? { scenarios: options.scenarios } : {}),
      ...(options.baseline ? { baseline: options.baseline.file } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
    },
    driver,
  );
  const all = await loadScenarios();
  const unmatched = unmatchedFilters(all, driver.role, filters);
  if (unmatched) return report.fatal(new FilterError(unmatched));
  if (options.outDir) clearTranscripts(options.outDir);
  try {
    try {
      await driver.prepare();
    } catch (err) {
      return report.fatal(err);
    }
    let revisions = driver.chooseRevisions(options.specVersion);
    // auto with filters: the newest supported revision at which the most filters select a scenario
    // that applies (base/ping on a dual-era server runs at 2025-11-25, where ping exists).
    if (options.specVersion === 'auto' && filters.length > 0) {
      const served = (r: Revision): number =>
        filters.filter((f) => planRun(all, driver.role, [r], [f]).some(({ scenario, revision }) => driver.inapplicable(scenario, revision) === undefined)).length;
      let best = revisions[0]!;
      let bestScore = served(best);
      for (const r of driver.chooseRevisions('all').filter((r) => r !== 'draft').reverse()) {
        const score = served(r);
        if (score > bestScore) [best, bestScore] = [r, score];
      }
      revisions = [best];
    }
    const outOfRange = filtersOutOfRange(all, driver.role, revisions, filters, runnableRevisions());
    if (outOfRange) return report.fatal(new FilterError(outOfRange));
    const fullPlan = planRun(all, driver.role, revisions, filters);
    // A filter that leaves only scenarios this target cannot run (another transport, an undeclared
    // capability) would test nothing and pass: as much a mistake as a filter that matches nothing.
    const fullReasons = fullPlan.map(({ scenario, revision }) => driver.inapplicable(scenario, revision));
    const inapplicable = filtersInapplicable(filters, fullReasons);
    if (inapplicable) return report.fatal(new FilterError(inapplicable));
    // Sliced only now, so that every shard judges the filters on the whole plan, and alike.
    const units = fullPlan.map((unit, position) => ({ ...unit, reason: fullReasons[position] }));
    const mine = options.shard ? sliceForShard(units, options.shard) : units;
    const plan: PlannedScenario[] = mine.map(({ scenario, revision }) => ({ scenario, revision }));
    const reasons = mine.map((unit) => unit.reason);
    options.onPlan?.(plan.length, revisions, fullPlan.length);

    let done = 0;
    // Per plan position, so that the first one is the same whatever order parallel scenarios finish in.
    const stops: (TargetStop | undefined)[] = [];
    // A scenario that changes what every client sees runs alone on a target all scenarios share.
    const turns = new TurnLock();
    const results = await mapPool(plan, jobs, async ({ scenario, revision }, index) => {
      const transcriptRef = scenarioTranscriptRef(revision, scenario.id);
      const reason = reasons[index];
      const execute = async (): Promise<ScenarioResult> => {
        const release = await turns.acquire(driver.sharedTarget && scenario.exclusive === true);
        try {
          return await executeScenario(scenario, revision, driver, {
            timeoutMs,
            scenarioTimeoutMs: Math.max(60_000, timeoutMs * 6),
            redactor,
            ...(options.outDir ? { transcriptPath: join(options.outDir, transcriptRef), transcriptRef } : {}),
            onTargetStop: (stop) => (stops[index] = stop),
          });
        } finally {
          release();
        }
      };
      const result = reason ? skippedScenario(scenario, revision, driver, reason) : await execute();
      // The result may quote the target; a progress callback is output too.
      options.onProgress?.(++done, plan.length, redactor.redactDeep(result));
      return result;
    });
    return report.finish(
      options.baseline ? applyBaseline(results, options.baseline) : results,
      revisions.map((revision) => {
        const run = driver.revisionRun(revision);
        return {
          ...run,
          era: describeRevision(revision).stateful ? ('stateful' as const) : ('stateless' as const),
          selection: selectionOf(options.specVersion, filters.length > 0, run.supported),
          requirements: rollupRequirements(revision, results, catalogueFor(revision, driver.role)),
        };
      }),
      targetExit(plan, stops),
      options.shard ? { planned: fullPlan.length, plan: planFingerprint(fullPlan.map(({ scenario, revision }) => ({ revision, id: scenario.id }))) } : undefined,
    );
  } finally {
    await driver.dispose();
  }
}

/** The run's one account of the target exiting on its own: the first scenario in plan order, and how many saw it. */
function targetExit(plan: readonly PlannedScenario[], stops: readonly (TargetStop | undefined)[]): TargetExit | undefined {
  const first = stops.findIndex((stop) => stop !== undefined);
  const stop = stops[first];
  if (!stop) return undefined;
  const { scenario, revision } = plan[first]!;
  return { scenario: scenario.id, revision, exit: stop.exit, stderr: stop.stderr, scenarios: stops.filter(Boolean).length };
}

/** Why a revision ran, from how it was asked for (see {@link RevisionSelection}). */
export function selectionOf(specVersion: RevisionChoice, filtered: boolean, supported: boolean): RevisionSelection {
  if (specVersion !== 'auto' && specVersion !== 'all') return { by: 'named', reason: 'named with --spec-version' };
  if (!supported) return { by: 'fallback', reason: `${specVersion}: the target supports none of the revisions offered, so the newest stateful one it answered (or the newest stateful one) runs` };
  if (specVersion === 'all') return { by: 'all', reason: 'all: a revision the target supports' };
  if (filtered) return { by: 'auto-filtered', reason: 'auto with --scenario: the newest supported revision where the most filters select a scenario that applies' };
  return { by: 'auto', reason: 'auto: the newest dated revision the target supports' };
}
