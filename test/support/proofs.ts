/**
 * What the defect self-test derives from the defects' data and the loaded scenarios: the full
 * scenario ids a proof names, and the checks that exist. Nothing here is a hand-kept list.
 */
import type { CheckKey, Proof } from '../../fixtures/defect.js';
import type { LoadedScenario, Role } from '../../runner/engine/scenario.js';
import { inRange, type Revision } from '../../runner/revisions.js';
import type { Report } from '../../reports/types.js';

/** `area/scenario` and `check-id` of a `area/scenario#check-id` key. */
export function splitKey(key: string): { scenario: string; check: string } {
  const hash = key.indexOf('#');
  return { scenario: key.slice(0, hash), check: key.slice(hash + 1) };
}

/** A scenario's path without its revision and role folders: `base/ping` for `2024-11-05/server/base/ping`. */
export function scenarioPath(id: string): string {
  return id.split('/').slice(2).join('/');
}

/** The `area/scenario` paths a proof names, sorted, each once. */
export function namedScenarios(proof: Proof): string[] {
  return [...new Set(proof.fails.map((key) => splitKey(key).scenario))].sort();
}

/**
 * The full ids (`2024-11-05/server/base/ping`) of the scenarios at `path` for `role` that run at
 * `revision` (since <= revision < until). Empty when none does: the proof names nothing runnable.
 */
export function scenarioIdsAt(scenarios: readonly LoadedScenario[], role: Role, path: string, revision: Revision): string[] {
  return scenarios
    .filter((s) => s.role === role && scenarioPath(s.id) === path && inRange(revision, s.since, s.until))
    .map((s) => s.id);
}

/**
 * Every check that exists, as `area/scenario#check-id` with its requirement: today, what the
 * reference runs reported (every check runs and passes there); soon, each scenario's declared
 * checks. Kept in one place so that switch touches nothing else.
 */
export function existingChecks(referenceReports: readonly Report[]): Map<CheckKey, string> {
  const checks = new Map<CheckKey, string>();
  for (const scenario of referenceReports.flatMap((r) => r.scenarios)) {
    for (const check of scenario.checks) checks.set(`${scenarioPath(scenario.id)}#${check.id}` as CheckKey, check.requirement);
  }
  return checks;
}
