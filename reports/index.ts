/**
 * The reporter registry and the contract every output format implements.
 *
 * A reporter is a pure function of a {@link Report} (report.json): it returns a list of
 * {@link ReporterOutput}s and never does I/O itself. The CLI performs the outputs (runner/cli/outputs.ts), so
 * every format renders the same way during a run and later from a saved report (`mcp-conformance report
 * --from`), and one reporter that throws, or whose output cannot be written, does not stop the others.
 *
 * Adding a format (junit, html, badge, markdown): add its name to REPORTER_NAMES (names.ts) and one entry to
 * {@link REPORTERS}. A format with several artefacts returns several outputs (the badge: `badge.svg` and
 * `badge.json`); a format for a CI job summary returns an `append` output naming `GITHUB_STEP_SUMMARY`.
 */
import type { Report } from './types.js';
import { renderConsole } from './console.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { BADGE_FILES, renderBadges } from './badge.js';
import { renderMarkdown } from './markdown.js';
import { renderHtml } from './html.js';
import { renderGithubOutput } from './github-output.js';

import type { ReporterName } from './names.js';

export { REPORTER_NAMES, type ReporterName } from './names.js';

/** What a reporter may be told besides the report; reporters ignore what they do not use. */
export interface RenderOptions {
  /** ANSI colour allowed (a TTY and no NO_COLOR). */
  color: boolean;
  /** More detail: every passed check, unshortened evidence. */
  verbose: boolean;
}

/**
 * One thing for the CLI to do with a reporter's rendering.
 *
 * - `stdout`: print `text` (a final newline is added when missing).
 * - `file`: write `content` (UTF-8) to `path` under the output folder (`--out`), creating folders as needed and
 *   replacing any existing file. `path` is relative and uses `/`; an absolute path, a `..` segment, or a path
 *   already written by an earlier output of the same invocation is a harness bug, reported as that
 *   reporter's failure, and nothing is written for it.
 * - `append`: append `content` (UTF-8) to the file whose path is in the environment variable `env` (e.g.
 *   `GITHUB_STEP_SUMMARY`, which GitHub Actions sets). When the variable is unset or empty the output is
 *   skipped silently: outside that CI there is nothing to append to, and that is not an error.
 */
export type ReporterOutput =
  | { kind: 'stdout'; text: string }
  | { kind: 'file'; path: string; content: string }
  | { kind: 'append'; env: string; content: string };

/**
 * One output format.
 * @typeParam Name the registry key; tests may build registries of their own names.
 */
export interface Reporter<Name extends string = ReporterName> {
  readonly name: Name;
  /** One line for `--help` and the README. */
  readonly description: string;
  /**
   * Every file this reporter may write, relative to the output folder as in {@link ReporterOutput} `file`.
   * The CLI removes them when a run starts, so a run that fails before writing them leaves no stale copy
   * behind, and it removes nothing else there. A `file` output not listed here is a harness bug.
   */
  readonly files: readonly string[];
  /**
   * Renders the report. Must be pure: same report and options, same outputs; no I/O, no clock, no environment.
   * It may throw; the CLI then reports this reporter as failed (exit code 3) and still runs the others.
   */
  render(report: Report, options: RenderOptions): ReporterOutput[];
}

export const REPORTERS: Readonly<{ [N in ReporterName]: Reporter<N> }> = {
  console: {
    name: 'console',
    description: 'text on stdout: failures grouped by requirement, with evidence, then one grep-able summary line',
    files: [],
    render: (report, options) => [{ kind: 'stdout', text: renderConsole(report, options) }],
  },
  json: {
    name: 'json',
    description: 'report.json, the source of truth (validated by reports/report.schema.json)',
    files: ['report.json'],
    render: (report) => [{ kind: 'file', path: 'report.json', content: renderJson(report) }],
  },
  junit: {
    name: 'junit',
    description: 'junit.xml for CI test views: a testsuite per scenario and revision, a testcase per check',
    files: ['junit.xml'],
    render: (report) => [{ kind: 'file', path: 'junit.xml', content: renderJunit(report) }],
  },
  badge: {
    name: 'badge',
    description: 'badge.svg and badge.json (shields.io endpoint), plus badges/<role>-<revision>.*: MUST pass rate, coloured by verdict',
    files: BADGE_FILES,
    render: (report) => renderBadges(report),
  },
  markdown: {
    name: 'markdown',
    description: 'summary.md for a CI job summary or PR comment, also appended to $GITHUB_STEP_SUMMARY when set',
    files: ['summary.md'],
    render: (report) => {
      const content = renderMarkdown(report);
      return [
        { kind: 'file', path: 'summary.md', content },
        { kind: 'append', env: 'GITHUB_STEP_SUMMARY', content },
      ];
    },
  },
  html: {
    name: 'html',
    description: 'index.html, one self-contained offline page: verdicts, filters, requirement coverage, evidence and frames',
    files: ['index.html'],
    render: (report) => [{ kind: 'file', path: 'index.html', content: renderHtml(report) }],
  },
  'github-output': {
    name: 'github-output',
    description: 'verdict, must-pass-rate and should-pass-rate appended to $GITHUB_OUTPUT as step outputs (the GitHub Action uses it)',
    files: [],
    render: (report) => [{ kind: 'append', env: 'GITHUB_OUTPUT', content: renderGithubOutput(report) }],
  },
};

/** Whether a string names a registered reporter. */
export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

/**
 * Parses a `--reporter` value such as `console,json` (repeatable values may be joined first) into reporter
 * names, in order, without duplicates.
 * @throws Error listing the known formats when a name is unknown or none is given (the CLI maps it to exit 2).
 */
export function parseReporters(value: string | readonly string[]): ReporterName[] {
  const names = (typeof value === 'string' ? [value] : value)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const known = Object.keys(REPORTERS).join(', ');
  const unknown = names.filter((n) => !isReporterName(n));
  if (unknown.length > 0) throw new Error(`unknown reporter ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known}`);
  if (names.length === 0) throw new Error(`no reporter given; known: ${known}`);
  return [...new Set(names as ReporterName[])];
}

export { renderConsole, progressLine, summaryLine, type ConsoleOptions } from './console.js';
export { renderJson, readReport } from './json.js';
export { renderJunit } from './junit.js';
export { renderBadges, badgeFor, badgeSvg, badgeJson, textWidth, passRate, BADGE_REVISIONS, type Badge, type PassRate } from './badge.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export { renderGithubOutput, githubOutputs, GITHUB_OUTPUTS, type GithubOutputName } from './github-output.js';
export { validateReport, reportSchema } from './schema.js';
export { rollupRequirements, type CatalogueRequirement } from './rollup.js';
export { countStatuses, summarize, scenarioStatus, worstStatus, failsRun, keywordFailsRun, KEYWORDS } from './summary.js';
