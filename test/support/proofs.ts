/**
 * What the defect self-test derives from the defects' data and the loaded scenarios: the full
 * scenario ids a proof names, and the checks that exist. Nothing here is a hand-kept list.
 */
import type { CheckKey, Proof } from '../../fixtures/defect.js';
import type { LoadedScenario, Role } from '../../runner/engine/scenario.js';
import { inRange, type Revision } from '../../runner/revisions.js';
import { AUTO_CHECKS } from '../../runner/engine/auto-checks.js';

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
 * Every check that exists, as `area/scenario#check-id` with its requirement: each scenario's
 * declared checks, and the engine's automatic checks in every scenario where they can apply.
 */
export function existingChecks(scenarios: readonly LoadedScenario[], role: Role): Map<CheckKey, string[]> {
  const checks = new Map<CheckKey, string[]>();
  // A key may cite different requirements at different revisions (a scenario path under two
  // revision folders, an automatic check whose keyword changes): every one of them is kept.
  const add = (key: CheckKey, requirement: string): void => {
    const cited = checks.get(key) ?? [];
    if (!cited.includes(requirement)) cited.push(requirement);
    checks.set(key, cited);
  };
  for (const scenario of scenarios.filter((s) => s.role === role)) {
    const path = scenarioPath(scenario.id);
    for (const [id, requirement] of Object.entries(scenario.checks)) add(`${path}#${id}` as CheckKey, requirement);
    for (const auto of AUTO_CHECKS.filter((a) => a.roles.includes(role))) {
      const transports = scenario.transports ?? ['stdio', 'streamable-http', 'legacy-sse'];
      if (!auto.transports || auto.transports.some((t) => transports.includes(t))) add(`${path}#${auto.id}` as CheckKey, auto.requirement);
    }
  }
  return checks;
}

/** Whether a check id is one the engine makes in every scenario (proven once for all). */
export function isAutomatic(checkId: string): boolean {
  return AUTO_CHECKS.some((a) => a.id === checkId);
}

/**
 * How many proofs of a defect file run at once (vi.setConfig in the file, over the config's 2). A proof
 * is a small filtered run whose time goes mostly to starting processes and waiting on a defect's 3 s
 * timeouts, so a third one fills the cores' idle moments: measured on the 227 proofs at 2025-11-25,
 * 202 s with two at once, 168 s with three, 162 s with four (not worth the load).
 */
export const PROOF_CONCURRENCY = 3;
