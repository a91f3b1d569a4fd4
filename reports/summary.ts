/**
 * Pure helpers that turn results into counts, scenario statuses and the run's verdict.
 * Used by the runner to build `Report.summary` and by reporters; no I/O, no runner imports.
 */
import type { CheckResult, Counts, Keyword, Report, ScenarioResult, Status, Summary } from './types.js';

/** Keywords in the order reports list them. */
export const KEYWORDS: readonly Keyword[] = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];

/** Severity of a status when a scenario takes the worst of its checks: errored > failed > passed > skipped. */
const SEVERITY: Record<Status, number> = { skipped: 0, passed: 1, failed: 2, errored: 3 };

/** Tallies items by status. */
export function countStatuses(items: Iterable<{ readonly status: Status }>): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0, errored: 0 };
  for (const item of items) counts[item.status] += 1;
  return counts;
}

/** The worst of some statuses (errored > failed > passed > skipped); `skipped` when there are none. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'skipped';
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}

/**
 * A scenario's status: its own skip or error when it had one (not applicable, or the harness broke before or
 * outside its checks), otherwise the worst of its checks. A scenario that made no checks counts as skipped:
 * nothing was verified, and a pass must never stand for that.
 */
export function scenarioStatus(checks: readonly Pick<CheckResult, 'status'>[], own?: 'skipped' | 'errored'): Status {
  if (own === 'errored') return 'errored';
  if (own === 'skipped') return 'skipped';
  return worstStatus(checks.map((c) => c.status));
}

/** Whether a keyword's failures can fail the run under a `--fail-on` level. MAY never does. */
export function keywordFailsRun(keyword: Keyword, failOn: 'should' | 'must'): boolean {
  if (keyword === 'MUST' || keyword === 'MUST NOT') return true;
  if (keyword === 'SHOULD' || keyword === 'SHOULD NOT') return failOn === 'should';
  return false;
}

/**
 * Whether this one check makes the run non-conformant: an unexpected failure of a keyword that counts under
 * `failOn`, or a stale baseline entry (listed as failing but now passing), whatever its keyword.
 * Errored checks are judged separately (they make the run an error, not a non-conformance).
 */
export function failsRun(check: Pick<CheckResult, 'status' | 'keyword' | 'outcome'>, failOn: 'should' | 'must'): boolean {
  if (check.outcome === 'stale') return true;
  return check.status === 'failed' && check.outcome === 'unexpected' && keywordFailsRun(check.keyword, failOn);
}

/**
 * Counts a run's results and decides its verdict and exit code:
 * - `fatal` usage or unreachable target → 2 `error`; `fatal` harness fault → 3 `error`;
 * - any errored check or scenario → 3 `error` (the harness's fault, so no verdict on the target);
 * - else any check for which {@link failsRun} holds → 1 `non-conformant`;
 * - else 0 `conformant` (expected and flaky failures, MAY failures and, with `failOn: 'must'`, SHOULD failures
 *   are reported but do not fail the run).
 * `failedByKeyword` counts every failed check, whatever its outcome, so it sums to `checks.failed`.
 */
export function summarize(
  scenarios: readonly ScenarioResult[],
  failOn: 'should' | 'must',
  fatal?: Report['fatal'],
): Summary {
  const checks = scenarios.flatMap((s) => s.checks);
  const scenarioCounts = countStatuses(scenarios);
  const checkCounts = countStatuses(checks);

  const failedByKeyword: Summary['failedByKeyword'] = {};
  for (const check of checks) {
    if (check.status === 'failed') failedByKeyword[check.keyword] = (failedByKeyword[check.keyword] ?? 0) + 1;
  }

  const base = { scenarios: scenarioCounts, checks: checkCounts, failedByKeyword };
  if (fatal) return { ...base, verdict: 'error', exitCode: fatal.kind === 'harness' ? 3 : 2 };
  if (scenarioCounts.errored > 0 || checkCounts.errored > 0) return { ...base, verdict: 'error', exitCode: 3 };
  if (checks.some((c) => failsRun(c, failOn))) return { ...base, verdict: 'non-conformant', exitCode: 1 };
  return { ...base, verdict: 'conformant', exitCode: 0 };
}
