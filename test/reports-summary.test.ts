import { describe, expect, it } from 'vitest';
import { exampleCheck, exampleScenario, failingRun } from './support/report-examples.js';
import { countStatuses, failsRun, keywordFailsRun, scenarioStatus, summarize, worstStatus } from '../reports/summary.js';
import type { CheckResult, Keyword, Outcome, Status } from '../reports/types.js';

function check(status: Status, keyword: Keyword = 'MUST', outcome: Outcome = 'unexpected'): CheckResult {
  return exampleCheck({ id: `${status}-${keyword}-${outcome}`.toLowerCase().replace(/ /g, '-'), status, keyword, outcome });
}

/** Exit code and verdict of a run made of one scenario holding these checks. */
function judge(checks: CheckResult[], failOn: 'should' | 'must' = 'should'): [number, string] {
  const summary = summarize([exampleScenario(checks)], failOn);
  return [summary.exitCode, summary.verdict];
}

describe('countStatuses', () => {
  it('tallies every status, zeros included', () => {
    expect(countStatuses([])).toEqual({ passed: 0, failed: 0, skipped: 0, errored: 0 });
    const statuses: Status[] = ['passed', 'failed', 'passed', 'skipped', 'errored', 'passed'];
    expect(countStatuses(statuses.map((status) => ({ status })))).toEqual({ passed: 3, failed: 1, skipped: 1, errored: 1 });
  });
});

describe('scenario status', () => {
  it('is the worst of its checks: errored > failed > passed > skipped', () => {
    expect(worstStatus(['skipped', 'passed'])).toBe('passed');
    expect(worstStatus(['passed', 'failed', 'skipped'])).toBe('failed');
    expect(worstStatus(['failed', 'errored', 'passed'])).toBe('errored');
    expect(worstStatus(['skipped', 'skipped'])).toBe('skipped');
    expect(scenarioStatus([check('passed'), check('failed')])).toBe('failed');
    expect(scenarioStatus([check('errored'), check('failed')])).toBe('errored');
  });

  it('is skipped when no check ran, so a pass never stands for nothing verified', () => {
    expect(scenarioStatus([])).toBe('skipped');
  });

  it("is the scenario's own skip or error when it has one, whatever its checks say", () => {
    expect(scenarioStatus([check('failed')], 'skipped')).toBe('skipped');
    expect(scenarioStatus([check('passed')], 'errored')).toBe('errored');
  });
});

describe('which failures fail the run', () => {
  it('MUST and MUST NOT always; SHOULD and SHOULD NOT unless --fail-on must; MAY never', () => {
    expect((['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'] as Keyword[]).map((k) => keywordFailsRun(k, 'should'))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    expect((['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'] as Keyword[]).map((k) => keywordFailsRun(k, 'must'))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('only unexpected failures count, and every stale entry counts', () => {
    expect(failsRun(check('failed', 'MUST', 'unexpected'), 'must')).toBe(true);
    expect(failsRun(check('failed', 'MUST', 'expected'), 'must')).toBe(false);
    expect(failsRun(check('failed', 'MUST', 'flaky'), 'must')).toBe(false);
    expect(failsRun(check('passed', 'MAY', 'stale'), 'must')).toBe(true);
    expect(failsRun(check('passed', 'MUST', 'unexpected'), 'should')).toBe(false);
    expect(failsRun(check('errored', 'MUST', 'unexpected'), 'should')).toBe(false);
  });
});

describe('summarize', () => {
  it('a run where everything passed or was skipped is conformant, exit 0', () => {
    const scenarios = [
      exampleScenario([check('passed'), check('skipped', 'MAY')]),
      exampleScenario([], { status: 'skipped', message: 'capability not advertised' }),
    ];
    expect(summarize(scenarios, 'should')).toEqual({
      scenarios: { passed: 1, failed: 0, skipped: 1, errored: 0 },
      checks: { passed: 1, failed: 0, skipped: 1, errored: 0 },
      failedByKeyword: {},
      verdict: 'conformant',
      exitCode: 0,
    });
  });

  it('an unexpected MUST or MUST NOT failure is non-conformant, exit 1, under either --fail-on', () => {
    expect(judge([check('passed'), check('failed', 'MUST')], 'must')).toEqual([1, 'non-conformant']);
    expect(judge([check('failed', 'MUST NOT')], 'must')).toEqual([1, 'non-conformant']);
    expect(judge([check('failed', 'MUST')], 'should')).toEqual([1, 'non-conformant']);
  });

  it('an unexpected SHOULD or SHOULD NOT failure fails with --fail-on should and not with --fail-on must', () => {
    expect(judge([check('failed', 'SHOULD')], 'should')).toEqual([1, 'non-conformant']);
    expect(judge([check('failed', 'SHOULD NOT')], 'should')).toEqual([1, 'non-conformant']);
    expect(judge([check('failed', 'SHOULD'), check('failed', 'SHOULD NOT')], 'must')).toEqual([0, 'conformant']);
  });

  it('still counts SHOULD failures it does not fail on', () => {
    const summary = summarize([exampleScenario([check('passed'), check('failed', 'SHOULD')])], 'must');
    expect(summary.checks).toEqual({ passed: 1, failed: 1, skipped: 0, errored: 0 });
    expect(summary.failedByKeyword).toEqual({ SHOULD: 1 });
    expect(summary.scenarios.failed).toBe(1);
  });

  it('MAY failures never fail the run', () => {
    expect(judge([check('failed', 'MAY')], 'should')).toEqual([0, 'conformant']);
    expect(judge([check('failed', 'MAY')], 'must')).toEqual([0, 'conformant']);
  });

  it('expected and flaky failures (from the baseline) do not fail the run', () => {
    expect(judge([check('failed', 'MUST', 'expected'), check('failed', 'SHOULD', 'flaky')])).toEqual([0, 'conformant']);
  });

  it('a stale baseline entry (listed, now passing) fails the run, whatever its keyword', () => {
    expect(judge([check('passed', 'MUST', 'stale')])).toEqual([1, 'non-conformant']);
    expect(judge([check('passed', 'MAY', 'stale')], 'must')).toEqual([1, 'non-conformant']);
  });

  it('an errored check is a harness error, exit 3, even beside MUST failures', () => {
    expect(judge([check('failed', 'MUST'), check('errored')])).toEqual([3, 'error']);
    expect(judge([check('errored', 'MAY')], 'must')).toEqual([3, 'error']);
  });

  it('an errored scenario without checks is a harness error, exit 3', () => {
    const summary = summarize(
      [exampleScenario([check('passed')]), exampleScenario([], { status: 'errored', message: 'port in use' })],
      'should',
    );
    expect(summary.scenarios).toEqual({ passed: 1, failed: 0, skipped: 0, errored: 1 });
    expect(summary.checks.errored).toBe(0);
    expect([summary.exitCode, summary.verdict]).toEqual([3, 'error']);
  });

  it('a fatal usage or unreachable problem exits 2, a fatal harness fault 3', () => {
    const scenarios = [exampleScenario([check('passed')])];
    expect(summarize(scenarios, 'should', { kind: 'unreachable', message: 'ECONNREFUSED' }).exitCode).toBe(2);
    expect(summarize(scenarios, 'should', { kind: 'usage', message: 'no target' }).exitCode).toBe(2);
    expect(summarize(scenarios, 'should', { kind: 'harness', message: 'bug' }).exitCode).toBe(3);
    expect(summarize(scenarios, 'should', { kind: 'unreachable', message: 'x' }).verdict).toBe('error');
  });

  it('counts the failing example run by hand', () => {
    // 3 MUST failures (one expected), 1 SHOULD, 1 MAY; one passed and one skipped check; one skipped scenario.
    expect(failingRun().summary).toEqual({
      scenarios: { passed: 0, failed: 2, skipped: 1, errored: 0 },
      checks: { passed: 1, failed: 5, skipped: 1, errored: 0 },
      failedByKeyword: { MUST: 3, SHOULD: 1, MAY: 1 },
      verdict: 'non-conformant',
      exitCode: 1,
    });
    expect(failingRun('must').summary.exitCode).toBe(1);
  });
});
