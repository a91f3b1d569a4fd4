import { describe, expect, it } from 'vitest';
import { rollupRequirements, type CatalogueRequirement } from '../reports/rollup.js';
import type { CheckResult, Status } from '../reports/types.js';
import { exampleCheck, exampleScenario, fullReport, UNCITED_REQUIREMENT } from './support/report-examples.js';

const SPEC = 'https://modelcontextprotocol.io/specification/2025-06-18';

function row(id: string, overrides: Partial<CatalogueRequirement> = {}): CatalogueRequirement {
  return { id, keyword: 'MUST', url: `${SPEC}/basic#${id.split('/')[1]}`, summary: `summary of ${id}`, ...overrides };
}

let serial = 0;
/** A check citing a requirement; check ids only need to be unique. */
function cite(requirement: string, status: Status, overrides: Partial<CheckResult> = {}): CheckResult {
  serial += 1;
  return exampleCheck({ id: `check-${serial}`, requirement, status, ...overrides });
}

describe('rollupRequirements', () => {
  it('lists every catalogue row once, sorted by id, with keyword, link and summary from the catalogue', () => {
    const catalogue = [row('ping/z-last'), row('base/a-first', { keyword: 'SHOULD' }), row('lifecycle/m-middle')];
    // The check describes its requirement differently: the catalogue wins.
    const scenarios = [exampleScenario([cite('base/a-first', 'passed', { keyword: 'MAY', specUrl: 'elsewhere', summary: 'other' })])];
    const rollup = rollupRequirements('2025-06-18', scenarios, catalogue);
    expect(rollup.map((r) => r.id)).toEqual(['base/a-first', 'lifecycle/m-middle', 'ping/z-last']);
    expect(rollup[0]).toEqual({
      id: 'base/a-first',
      keyword: 'SHOULD',
      specUrl: `${SPEC}/basic#a-first`,
      summary: 'summary of base/a-first',
      checks: 1,
      counts: { passed: 1, failed: 0, untestable: 0, skipped: 0, errored: 0 },
      status: 'passed',
    });
  });

  it('marks a requirement no check cites as unchecked, with zero counts', () => {
    const [only] = rollupRequirements('2025-06-18', [exampleScenario([])], [row('tools/server-lists-tools')]);
    expect(only).toMatchObject({ checks: 0, counts: { passed: 0, failed: 0, untestable: 0, skipped: 0, errored: 0 }, status: 'unchecked' });
  });

  it('counts the checks of every scenario of the revision, and of no other revision', () => {
    const id = 'ping/receiver-responds-promptly';
    const scenarios = [
      exampleScenario([cite(id, 'passed'), cite(id, 'failed')], { id: 'a', revision: '2025-06-18' }),
      exampleScenario([cite(id, 'passed')], { id: 'b', revision: '2025-06-18' }),
      exampleScenario([cite(id, 'errored'), cite(id, 'failed')], { id: 'a', revision: '2024-11-05' }),
    ];
    const [at0618] = rollupRequirements('2025-06-18', scenarios, [row(id)]);
    expect(at0618).toMatchObject({ checks: 3, counts: { passed: 2, failed: 1, untestable: 0, skipped: 0, errored: 0 }, status: 'failed' });
    const [at1105] = rollupRequirements('2024-11-05', scenarios, [row(id)]);
    expect(at1105).toMatchObject({ checks: 2, counts: { passed: 0, failed: 1, untestable: 0, skipped: 0, errored: 1 }, status: 'errored' });
    expect(rollupRequirements('2025-11-25', scenarios, [row(id)])[0]?.status).toBe('unchecked');
  });

  it('counts untestable failures apart from failures, and still reports the requirement as failed', () => {
    const id = 'lifecycle/server-backs-capabilities';
    const untestable = cite(id, 'failed', { untestable: true, message: 'Not testable: no capability declared' });
    const [alone] = rollupRequirements('2025-06-18', [exampleScenario([untestable, cite(id, 'passed')])], [row(id)]);
    expect(alone).toMatchObject({ checks: 2, counts: { passed: 1, failed: 0, untestable: 1, skipped: 0, errored: 0 }, status: 'failed' });
    const [mixed] = rollupRequirements('2025-06-18', [exampleScenario([untestable, cite(id, 'failed')])], [row(id)]);
    expect(mixed?.counts).toEqual({ passed: 0, failed: 1, untestable: 1, skipped: 0, errored: 0 });
  });

  it('ignores the untestable flag on a check that did not fail (the schema forbids it; the counts stay honest)', () => {
    const id = 'ping/result-empty';
    const [rollup] = rollupRequirements('2025-06-18', [exampleScenario([cite(id, 'passed', { untestable: true })])], [row(id)]);
    expect(rollup?.counts).toEqual({ passed: 1, failed: 0, untestable: 0, skipped: 0, errored: 0 });
  });

  it.each<[Status[], Status]>([
    [['skipped'], 'skipped'],
    [['skipped', 'passed'], 'passed'],
    [['passed', 'failed', 'skipped'], 'failed'],
    [['failed', 'errored', 'passed'], 'errored'],
  ])('takes the worst status of %j: %s', (statuses, worst) => {
    const id = 'base/response-id-matches-request';
    const [rollup] = rollupRequirements('2025-06-18', [exampleScenario(statuses.map((s) => cite(id, s)))], [row(id)]);
    expect(rollup?.status).toBe(worst);
    expect(rollup?.checks).toBe(statuses.length);
  });

  it('leaves out checks citing an id outside the catalogue, and does not touch its inputs', () => {
    const scenarios = [exampleScenario([cite('made/up-requirement', 'failed'), cite('ping/result-empty', 'passed')])];
    const catalogue = [row('ping/result-empty'), row('base/a')];
    const before = structuredClone({ scenarios, catalogue });
    const rollup = rollupRequirements('2025-06-18', scenarios, catalogue);
    expect(rollup.map((r) => [r.id, r.checks])).toEqual([
      ['base/a', 0],
      ['ping/result-empty', 1],
    ]);
    expect({ scenarios, catalogue }).toEqual(before);
  });

  it('is what the example reports carry for each revision', () => {
    const report = fullReport();
    const [tested, other] = report.revisions;
    const rows = tested?.requirements ?? [];
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort());
    expect(rows.find((r) => r.id === UNCITED_REQUIREMENT.id)?.status).toBe('unchecked');
    expect(rows.find((r) => r.id === 'lifecycle/server-backs-capabilities')?.counts.untestable).toBe(1);
    // Every check of the tested revision is counted exactly once.
    const total = rows.reduce((n, r) => n + r.checks, 0);
    expect(total).toBe(report.scenarios.filter((s) => s.revision === tested?.revision).flatMap((s) => s.checks).length);
    expect(other?.requirements?.every((r) => r.status === 'unchecked')).toBe(true);
  });
});
