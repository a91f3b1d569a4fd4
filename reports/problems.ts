/**
 * Failures grouped for a reader: one {@link Problem} per requirement instead of one line per scenario and
 * revision, with the checks that could not be tested, the harness's errors and the baseline's entries kept
 * apart. Pure data, no text: the console renders it (reports/console-problems.ts).
 *
 * Knock-on rule, the only place where one failure is folded under another: within one scenario result (one
 * scenario at one revision), a check that could not be tested (`untestable`, its prerequisite missing) and is
 * listed after a check that ran and failed is folded under that first failed check. The report lists checks in
 * the scenario's declaration order (the engine's automatic checks last), which is the order of its straight-line
 * body, so that earlier failure is the likeliest reason the prerequisite is missing. Nothing else is folded: a
 * check that ran and failed is evidence of its own, even next to another failure, and an errored check is the
 * harness's fault, never blamed on a failure of the target. An untestable check with no failed check before it
 * in its scenario is listed under {@link ProblemGroups.untestable}, grouped by its reason.
 */
import { failsRun, KEYWORDS } from './summary.js';
import type { CheckResult, Keyword, Report, ScenarioResult } from './types.js';

/** One check result and the scenario run it belongs to. */
export interface Occurrence {
  scenario: ScenarioResult;
  check: CheckResult;
}

/** Every failure of one requirement, across scenarios and revisions. */
export interface Problem {
  requirement: string;
  /** The keywords it was graded at, strongest first (one, unless revisions grade it differently). */
  keywords: Keyword[];
  /** Summary and spec link of the latest revision it failed at. */
  summary: string;
  specUrl: string;
  /** Whether any of its failures fails the run ({@link failsRun}); false for MAY, or SHOULD under `--fail-on must`. */
  counts: boolean;
  /** Failed checks that ran, in report order; `failures[0]` is the representative shown with its evidence. */
  failures: Occurrence[];
  /** Untestable checks folded under these failures by the knock-on rule (see the module comment). */
  knockOns: Occurrence[];
}

/** Results that share a message (a reason for untestable checks, an error for harness errors). */
export interface ReasonGroup {
  reason: string;
  /** `check` is absent for a scenario that errored on its own, outside any check. */
  items: { scenario: ScenarioResult; check?: CheckResult }[];
}

export interface ProblemGroups {
  /** Unexpected failures by requirement: those that fail the run first, then by keyword, then by id. */
  problems: Problem[];
  /** Untestable checks not folded under a failure, by reason. */
  untestable: ReasonGroup[];
  /** Errored checks (and errored scenarios without an errored check, as a check-less occurrence), by message. */
  errored: ReasonGroup[];
  /** Failures the baseline lists (outcome `expected` or `flaky`), by requirement; they do not fail the run. */
  known: Problem[];
  /** Passed checks the baseline still lists as failing: they fail the run. */
  stale: Occurrence[];
}

const NOT_TESTABLE = /^Not testable:\s*/;

/** Groups a report's failures; see the module comment for the one folding rule. */
export function groupProblems(report: Report): ProblemGroups {
  const failOn = report.options.failOn;
  const problems = new Map<string, Problem>();
  const known = new Map<string, Problem>();
  const untestable = new Map<string, ReasonGroup['items']>();
  const errored = new Map<string, ReasonGroup['items']>();
  const stale: Occurrence[] = [];
  const add = (groups: Map<string, ReasonGroup['items']>, key: string, item: ReasonGroup['items'][number]): void => {
    groups.set(key, [...(groups.get(key) ?? []), item]);
  };

  for (const scenario of report.scenarios) {
    // The first check of this scenario that ran and failed unexpectedly: what a later untestable check folds under.
    let root: Problem | undefined;
    for (const check of scenario.checks) {
      const item = { scenario, check };
      if (check.outcome === 'stale') stale.push(item);
      if (check.status === 'errored') add(errored, check.message ?? 'no message', item);
      if (check.status !== 'failed') continue;
      if (check.outcome === 'expected' || check.outcome === 'flaky') {
        problemFor(known, item, failOn).failures.push(item);
      } else if (check.untestable) {
        if (root) root.knockOns.push(item);
        else add(untestable, (check.message ?? '').replace(NOT_TESTABLE, '') || 'no reason given', item);
      } else {
        const problem = problemFor(problems, item, failOn);
        problem.failures.push(item);
        root ??= problem;
      }
    }
    const ownFault = scenario.status === 'errored' && (scenario.message || !scenario.checks.some((c) => c.status === 'errored'));
    if (ownFault) add(errored, scenario.message ?? 'no message', { scenario });
  }
  return {
    problems: sortProblems([...problems.values()]),
    untestable: reasonGroups(untestable),
    errored: reasonGroups(errored),
    known: sortProblems([...known.values()]),
    stale,
  };
}

function problemFor(problems: Map<string, Problem>, { scenario, check }: Occurrence, failOn: 'should' | 'must'): Problem {
  let problem = problems.get(check.requirement);
  if (!problem) {
    problem = { requirement: check.requirement, keywords: [], summary: check.summary, specUrl: check.specUrl, counts: false, failures: [], knockOns: [] };
    problems.set(check.requirement, problem);
  }
  if (!problem.keywords.includes(check.keyword)) {
    problem.keywords.push(check.keyword);
    problem.keywords.sort((a, b) => KEYWORDS.indexOf(a) - KEYWORDS.indexOf(b));
  }
  // The latest revision's wording and link (revision ids are dates, or `draft`, which sorts after them).
  if (problem.failures.every((f) => f.scenario.revision <= scenario.revision)) {
    problem.summary = check.summary;
    problem.specUrl = check.specUrl;
  }
  problem.counts ||= failsRun(check, failOn);
  return problem;
}

/** Largest group first, then by reason. */
function reasonGroups(groups: Map<string, ReasonGroup['items']>): ReasonGroup[] {
  return [...groups].map(([reason, items]) => ({ reason, items })).sort((a, b) => b.items.length - a.items.length || a.reason.localeCompare(b.reason));
}

/** Problems that fail the run first, then by their strongest keyword, then by how often they failed, then by id. */
function sortProblems(problems: Problem[]): Problem[] {
  const rank = (p: Problem): number => KEYWORDS.indexOf(p.keywords[0] ?? 'MAY');
  return problems.sort(
    (a, b) => Number(b.counts) - Number(a.counts) || rank(a) - rank(b) || b.failures.length - a.failures.length || a.requirement.localeCompare(b.requirement),
  );
}
