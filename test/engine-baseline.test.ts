import { describe, expect, it } from 'vitest';
import { applyBaseline, baselineYaml, parseBaseline, PLACEHOLDER_REASON, updateBaseline, type BaselineEntry } from '../runner/engine/baseline.js';
import { summarize } from '../reports/summary.js';
import type { ScenarioResult } from '../reports/types.js';
import { exampleCheck, exampleReport, exampleScenario } from './support/report-examples.js';

const PING = '2024-11-05/server/base/ping';
const LIST = '2024-11-05/server/generated/tools-list';

/** Two scenario runs at one revision, outcomes as the engine sets them: ping passes one check and fails another; tools-list passes. */
function results(revision = '2025-11-25'): ScenarioResult[] {
  return [
    exampleScenario([exampleCheck({ id: 'ping-answered', outcome: 'expected' }), exampleCheck({ id: 'ping-empty-result', status: 'failed', outcome: 'unexpected', message: 'not empty' })], { id: PING, revision }),
    exampleScenario([exampleCheck({ id: 'declared-answered', outcome: 'expected' })], { id: LIST, revision }),
  ];
}

function outcomes(scenarios: readonly ScenarioResult[]): string[] {
  return scenarios.flatMap((s) => s.checks.map((c) => `${s.id.split('/').pop()}#${c.id} ${c.status} ${c.outcome}${c.baseline ? ` (${c.baseline.reason})` : ''}`));
}

describe('parseBaseline', () => {
  it('reads entries with their lines; an empty file or list is an empty baseline', () => {
    const text = `# known\nexpected-failures:\n  - scenario: ${PING}\n    check: ping-empty-result\n    reason: issue 1\n  - check: declared-answered\n    revision: 2025-06-18\n    transport: stdio\n    reason: issue 2\n`;
    expect(parseBaseline(text, 'b.yml').entries).toEqual([
      { scenario: PING, check: 'ping-empty-result', reason: 'issue 1', line: 3 },
      { check: 'declared-answered', revision: '2025-06-18', transport: 'stdio', reason: 'issue 2', line: 6 },
    ]);
    expect(parseBaseline('', 'b.yml').entries).toEqual([]);
    expect(parseBaseline('expected-failures:\n', 'b.yml').entries).toEqual([]);
  });

  it.each([
    ['expected-failures: [\n', 'b.yml:1: not valid YAML: '],
    ['- a\n', 'b.yml:1: expected a mapping with a "expected-failures" list'],
    ['failures: []\n', 'b.yml:1: unknown key "failures"; expected "expected-failures"'],
    ['expected-failures: yes\n', 'b.yml:1: "expected-failures" must be a list of entries'],
    ['expected-failures:\n  - just text\n', 'b.yml:2: an entry must be a mapping'],
    ['expected-failures:\n  - check: a\n    reasn: b\n', 'b.yml:3: unknown key "reasn"'],
    ['expected-failures:\n  - check: a\n', 'b.yml:2: an entry needs a reason'],
    ['expected-failures:\n  - revision: 2025-06-18\n    reason: r\n', 'b.yml:2: an entry names a scenario, a check, or both'],
    ['expected-failures:\n  - check: a\n    reason: 12\n', 'b.yml:3: "reason" must be a non-empty text'],
  ])('refuses %j with file and line', (text, message) => {
    expect(() => parseBaseline(text, 'b.yml')).toThrow(message);
  });
});

describe('applyBaseline', () => {
  it('marks a listed failure expected, so that the run passes', () => {
    const judged = applyBaseline(results(), { file: 'b.yml', entries: [{ scenario: PING, check: 'ping-empty-result', reason: 'issue 1' }] });
    expect(outcomes(judged)).toEqual(['ping#ping-answered passed expected', 'ping#ping-empty-result failed expected (issue 1)', 'tools-list#declared-answered passed expected']);
    expect(summarize(judged, 'should').exitCode).toBe(0);
    expect(summarize(results(), 'should').exitCode).toBe(1);
  });

  it('marks a listed check that passes stale, which fails the run', () => {
    const judged = applyBaseline(results(), { file: 'b.yml', entries: [{ check: 'declared-answered', reason: 'issue 2' }, { check: 'ping-empty-result', reason: 'issue 1' }] });
    expect(outcomes(judged)[2]).toBe('tools-list#declared-answered passed stale (issue 2)');
    expect(summarize(judged, 'should')).toMatchObject({ verdict: 'non-conformant', exitCode: 1 });
  });

  it('a scenario entry expects its failures and is stale only where the scenario has none', () => {
    const judged = applyBaseline(results(), { file: 'b.yml', entries: [{ scenario: PING, reason: 'r1' }, { scenario: LIST, reason: 'r2' }] });
    expect(outcomes(judged)).toEqual(['ping#ping-answered passed expected', 'ping#ping-empty-result failed expected (r1)', 'tools-list#declared-answered passed stale (r2)']);
  });

  it('an entry for another revision or transport leaves the results alone', () => {
    const entries: BaselineEntry[] = [
      { check: 'ping-empty-result', revision: '2025-06-18', reason: 'r' },
      { check: 'declared-answered', transport: 'streamable-http', reason: 'r' },
    ];
    expect(applyBaseline(results(), { file: 'b.yml', entries })).toEqual(results());
  });
});

describe('updateBaseline', () => {
  it('lists every failure with a placeholder reason, and the file it writes parses back', () => {
    const report = exampleReport(results());
    const { entries, added } = updateBaseline(report);
    expect(entries).toEqual([{ scenario: PING, check: 'ping-empty-result', reason: PLACEHOLDER_REASON }]);
    expect(added).toBe(1);
    expect(parseBaseline(baselineYaml(entries), 'b.yml').entries.map(({ line: _l, ...e }) => e)).toEqual(entries);
  });

  it('keeps reasons, drops stale entries, and names the revision where a check passes at another', () => {
    const older = results('2025-06-18').map((s) => ({ ...s, checks: s.checks.map((c) => ({ ...c, status: 'passed' as const })) }));
    const report = exampleReport([...older, ...results()]);
    const existing: BaselineEntry[] = [
      { check: 'ping-empty-result', reason: 'issue 1', line: 2 },
      { check: 'declared-answered', reason: 'fixed since', line: 5 },
      { scenario: '2024-11-05/server/other/scenario', reason: 'not run here', line: 8 },
    ];
    const { entries, added, dropped } = updateBaseline(report, existing);
    expect(entries).toEqual([
      { scenario: '2024-11-05/server/other/scenario', reason: 'not run here' },
      { scenario: PING, check: 'ping-empty-result', revision: '2025-11-25', reason: 'issue 1' },
    ]);
    expect([added, dropped]).toEqual([0, 2]);
    expect(summarize(applyBaseline(report.scenarios, { file: 'b.yml', entries }), 'should').exitCode).toBe(0);
  });
});
