/**
 * The JUnit reporter: junit.xml for CI test views (GitHub, GitLab, Jenkins, Azure), built with junit-report-builder.
 *
 * One `<testsuite>` per scenario run (a scenario at one revision), one `<testcase>` per check:
 * - failed: `<failure>` typed by the keyword (`MUST`, ...), or `untestable` for a check that could not be run; its
 *   body holds the requirement, the keyword, the spec link, expected vs actual and the evidence frames;
 * - errored (the harness's fault): `<error>`;
 * - not applicable, and failures the baseline expects: `<skipped>`, with the reason in `<system-out>` (the builder
 *   cannot give `<skipped>` a message);
 * - a stale baseline entry (listed as failing, now passing): `<failure>` of type `stale-baseline`.
 * The output validates against the Jenkins xUnit plugin's junit-10.xsd (see test/support/xsd/).
 */
import { createRequire } from 'node:module';
import type { Builder, TestCase } from 'junit-report-builder';
import type { CheckResult, Report, ScenarioResult } from './types.js';

// junit-report-builder (CommonJS, with lodash and xmlbuilder) costs ~120 ms and ~20 MB to load: required on the first
// junit.xml, not whenever the reporters are imported. Its types declare an ES default export holding the builder, but
// its CommonJS entry assigns the builder to module.exports itself, which is what require returns.
const require = createRequire(import.meta.url);
let rootBuilder: Builder | undefined;
const builderModule = (): Builder => (rootBuilder ??= require('junit-report-builder') as Builder);

/** Renders junit.xml. Pure: the same report gives the same bytes (no clock, no host name). */
export function renderJunit(report: Report): string {
  const builder = builderModule().newBuilder().name(`mcp-conformance ${targetName(report)}`);
  for (const scenario of report.scenarios) {
    const name = suiteName(scenario);
    const suite = builder
      .testSuite()
      .name(name)
      .timestamp(report.startedAt.replace(/\.\d+Z$|Z$/, ''))
      .time(seconds(scenario.durationMs))
      .property('scenario', scenario.id)
      .property('revision', scenario.revision)
      .property('role', scenario.role)
      .property('transport', scenario.transport);
    const classname = name.replace(/[ /]/g, '.');
    if (scenario.checks.length === 0) {
      // A scenario that broke or was skipped before it declared anything still shows up once.
      const testCase = suite.testCase().className(classname).name('(scenario)');
      if (scenario.status === 'errored') testCase.error(oneLine(scenario.message ?? 'harness error'), 'harness-error');
      else if (scenario.status === 'skipped') testCase.skipped().standardOutput(cdata(`Not applicable: ${scenario.message ?? 'no checks'}`));
      continue;
    }
    for (const check of scenario.checks) addCheck(suite.testCase().className(classname).name(check.id), check, scenario);
  }
  const xml = builder.build();
  // junit-10.xsd declares no `skipped` count on the root <testsuites> (each <testsuite> keeps its own), and the
  // builder always writes one there: drop it, so that strict consumers and the schema accept the file.
  return xml.replace(/^(<testsuites\b[^>]*?) skipped="\d+"/m, '$1') + (xml.endsWith('\n') ? '' : '\n');
}

function addCheck(testCase: TestCase, check: CheckResult, scenario: ScenarioResult): void {
  if (check.outcome === 'stale') {
    testCase
      .failure(`stale baseline entry: listed as failing (${check.baseline?.reason ?? 'no reason'}), but it passes now; remove it from the baseline`, 'stale-baseline')
      .stacktrace(cdata(evidence(check, scenario)));
    return;
  }
  switch (check.status) {
    case 'passed':
      return;
    case 'skipped':
      testCase.skipped().standardOutput(cdata(`Not applicable: ${check.message ?? 'not applicable'}`));
      return;
    case 'errored':
      testCase.error(oneLine(check.message ?? 'harness error'), 'harness-error', cdata(evidence(check, scenario)));
      return;
    case 'failed':
      if (check.outcome === 'expected') {
        testCase.skipped().standardOutput(cdata(`Expected failure (baseline): ${check.baseline?.reason ?? 'listed in the baseline'}\n\n${evidence(check, scenario)}`));
        return;
      }
      testCase.failure(failureMessage(check), check.untestable ? 'untestable' : check.keyword).stacktrace(cdata(evidence(check, scenario)));
  }
}

/** The one-line message CI views show: keyword, requirement, and why. */
function failureMessage(check: CheckResult): string {
  const why = check.message ?? (check.expected !== undefined ? `expected ${check.expected}` : 'failed');
  return oneLine(`${check.untestable ? 'untestable' : check.keyword} ${check.requirement}: ${why}`);
}

/** The failure body: everything a maintainer needs to judge the check without opening report.json. */
function evidence(check: CheckResult, scenario: ScenarioResult): string {
  const lines = [
    `Requirement: ${check.requirement} (${check.keyword}${check.prose ? ', normative prose graded SHOULD' : ''})`,
    `  ${check.summary}`,
    `Spec: ${check.specUrl}`,
    `Scenario: ${scenario.id} at ${scenario.revision} over ${scenario.transport}${check.automatic ? ' (automatic check)' : ''}`,
  ];
  if (check.message !== undefined) lines.push(`Message: ${check.message}`);
  if (check.expected !== undefined) lines.push(`Expected: ${check.expected}`);
  if (check.actual !== undefined) lines.push(`Actual: ${JSON.stringify(check.actual, null, 2)}`);
  if (check.frames?.length) lines.push(`Frames: ${check.frames.join(', ')}${scenario.transcript ? ` in ${scenario.transcript}` : ''}`);
  return lines.join('\n');
}

/** `2025-11-25 server/lifecycle/ping`: the revision it ran at, then the scenario path without its introducing revision. */
function suiteName(scenario: ScenarioResult): string {
  const path = scenario.id.split('/').slice(1).join('/');
  return `${scenario.revision} ${path}`;
}

function targetName(report: Report): string {
  const { info, url, command, role } = report.target;
  return [role, info?.name ?? url ?? command ?? report.target.transport].filter(Boolean).join(' ');
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/**
 * Text for a CDATA section, which the builder writes as it is: a "]]>" in it (say, in what the target sent) would
 * end the section early and break the file, so it is split across two sections.
 */
function cdata(text: string): string {
  return text.replaceAll(']]>', ']]]]><![CDATA[>');
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
