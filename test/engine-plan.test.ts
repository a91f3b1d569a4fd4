import { describe, expect, it } from 'vitest';
import { matchesFilter, planRun } from '../runner/engine/plan.js';
import type { LoadedScenario } from '../runner/engine/scenario.js';

const ID = '2024-11-05/server/base/ping';

describe('--scenario filters match by path segments', () => {
  it.each([
    ['base/ping', true],
    ['ping', true],
    ['base', true],
    ['server/base', true],
    [ID, true],
    ['2024-11-05/server', true],
    ['*ing', true],
    ['base/*', true],
    ['pin', false],
    ['base/ping-extra', false],
    ['ping/base', false],
    ['', false],
  ])('%j selects %s', (filter, expected) => {
    expect(matchesFilter(ID, filter)).toBe(expected);
  });

  it('does not let a scenario name select its longer siblings', () => {
    expect(matchesFilter('2024-11-05/server/base/ping-extra', 'base/ping')).toBe(false);
    expect(matchesFilter('2024-11-05/server/base/ping-extra', 'base/ping*')).toBe(true);
  });

  it('treats regular-expression characters in a filter literally', () => {
    expect(matchesFilter('2024-11-05/server/a.b/c', 'a.b')).toBe(true);
    expect(matchesFilter('2024-11-05/server/axb/c', 'a.b')).toBe(false);
  });
});

describe('planRun', () => {
  const s = (id: string, until?: LoadedScenario['until']): LoadedScenario =>
    ({ id, since: id.split('/')[0], until, role: 'server', title: id, checks: { a: 'ping/receiver-responds-promptly' }, generated: false, run: async () => undefined }) as LoadedScenario;
  const all = [s('2024-11-05/server/base/ping', '2026-07-28'), s('2025-03-26/server/base/batch', '2025-06-18'), s('2025-11-25/server/base/parse-error')];

  it('runs a scenario at each chosen revision in [since, until), revision by revision', () => {
    const plan = planRun(all, 'server', ['2024-11-05', '2025-03-26', '2025-11-25']).map((p) => `${p.revision} ${p.scenario.id.split('/').pop()}`);
    expect(plan).toEqual(['2024-11-05 ping', '2025-03-26 ping', '2025-03-26 batch', '2025-11-25 ping', '2025-11-25 parse-error']);
  });

  it('applies the filters, and the role', () => {
    expect(planRun(all, 'server', ['2025-11-25'], ['parse-error']).map((p) => p.scenario.id)).toEqual(['2025-11-25/server/base/parse-error']);
    expect(planRun(all, 'client', ['2025-11-25'])).toEqual([]);
  });
});
