/**
 * The github-output reporter: the run's verdict and pass rates as the outputs of a GitHub Actions step, as
 * `name=value` lines appended to the file named by $GITHUB_OUTPUT (outside Actions the variable is unset and
 * nothing is written). The action (action.yml, scripts/action.mjs) declares them as its own outputs.
 *
 * The pass rates are the badge's (reports/badge.ts `passRate`): graded checks of the whole run, rounded down,
 * empty when no check of that level was graded.
 */
import { passRate } from './badge.js';
import type { Report } from './types.js';

/** The outputs this reporter writes, in order. */
export const GITHUB_OUTPUTS = ['verdict', 'must-pass-rate', 'should-pass-rate'] as const;
export type GithubOutputName = (typeof GITHUB_OUTPUTS)[number];

/** The step outputs of a report. */
export function githubOutputs(report: Report): Record<GithubOutputName, string> {
  const checks = report.fatal ? [] : report.scenarios.flatMap((s) => s.checks);
  const rate = (level: 'must' | 'should'): string => String(passRate(checks, level).percent ?? '');
  return { verdict: report.summary.verdict, 'must-pass-rate': rate('must'), 'should-pass-rate': rate('should') };
}

/** The lines for $GITHUB_OUTPUT: every value is a single line by construction (a word or a number). */
export function renderGithubOutput(report: Report): string {
  const outputs = githubOutputs(report);
  return GITHUB_OUTPUTS.map((name) => `${name}=${outputs[name]}\n`).join('');
}
