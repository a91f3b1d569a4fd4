/**
 * Requirement rollup: for each requirement of a revision's catalogue, how the checks citing it fared. This is
 * what requirement coverage (HTML), badges and job summaries are built from; a requirement no check cites is
 * listed as `unchecked`, so a gap in the suite stays visible instead of disappearing from the report.
 */
import type { Keyword, RequirementCounts, RequirementRollup, ScenarioResult } from './types.js';
import { worstStatus } from './summary.js';

/**
 * One row of a requirement catalogue, as far as a rollup needs it. The runner's catalogue rows
 * (requirements/<revision>.json) fit as they are; their `role` is for the caller to filter on.
 */
export interface CatalogueRequirement {
  readonly id: string;
  readonly keyword: Keyword;
  readonly prose?: true;
  /** Spec anchor of the revision; becomes {@link RequirementRollup.specUrl}. */
  readonly url: string;
  readonly summary: string;
}

/**
 * Rolls up the check results of one revision by requirement.
 *
 * @param revision only scenarios run at this revision count (a report may hold several).
 * @param scenarios the report's scenario results, of any revision.
 * @param catalogue that revision's catalogue rows for the tested role (role equal to it or `both`); every row
 *   yields exactly one rollup, cited or not. Keyword, link and summary come from here, not from the checks.
 * @returns one rollup per catalogue row, sorted by id (code-unit order, so it is the same in every locale).
 *   Checks citing an id outside the catalogue are left out: the engine already refuses to record them.
 */
export function rollupRequirements(
  revision: string,
  scenarios: readonly ScenarioResult[],
  catalogue: readonly CatalogueRequirement[],
): RequirementRollup[] {
  const checksById = new Map<string, ScenarioResult['checks']>();
  for (const scenario of scenarios) {
    if (scenario.revision !== revision) continue;
    for (const check of scenario.checks) {
      const list = checksById.get(check.requirement);
      if (list) list.push(check);
      else checksById.set(check.requirement, [check]);
    }
  }

  const rows = [...catalogue].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows.map((row) => {
    const checks = checksById.get(row.id) ?? [];
    const counts: RequirementCounts = { passed: 0, failed: 0, untestable: 0, skipped: 0, errored: 0 };
    for (const check of checks) {
      // Only a failure can be "untestable"; the flag on any other status is ignored rather than trusted.
      if (check.status === 'failed' && check.untestable === true) counts.untestable += 1;
      else counts[check.status] += 1;
    }
    return {
      id: row.id,
      keyword: row.keyword,
      ...(row.prose ? { prose: true as const } : {}),
      specUrl: row.url,
      summary: row.summary,
      checks: checks.length,
      counts,
      status: checks.length === 0 ? 'unchecked' : worstStatus(checks.map((check) => check.status)),
    };
  });
}
