import { describe, expect, it } from 'vitest';
import { closeMatches, filtersOutOfRange, matchesFilter, planRun, unmatchedFilters } from '../runner/engine/plan.js';
import { run } from '../runner/engine/run.js';
import type { LoadedScenario } from '../runner/engine/scenario.js';
import { editDistance } from '../runner/util/distance.js';

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

describe('a filter that selects nothing to run is a usage problem', () => {
  const s = (id: string, until?: LoadedScenario['until']): LoadedScenario =>
    ({ id, since: id.split('/')[0], until, role: 'server', title: id, checks: { a: 'ping/receiver-responds-promptly' }, generated: false, run: async () => undefined }) as LoadedScenario;
  const all = [
    s('2024-11-05/server/base/ping', '2026-07-28'),
    s('2024-11-05/server/lifecycle/version-negotiation', '2026-07-28'),
    s('2025-03-26/server/base/batch', '2025-06-18'),
    s('2025-03-26/server/http/session'),
    s('2025-11-25/server/base/parse-error'),
  ];
  const RUNNABLE = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] as const;

  it('accepts filters that each match some scenario of the role', () => {
    expect(unmatchedFilters(all, 'server', [])).toBeUndefined();
    expect(unmatchedFilters(all, 'server', ['base/ping', 'http', '*version*', '2025-03-26/server'])).toBeUndefined();
  });

  it('names a filter that matches nothing, with close matches of the same number of segments', () => {
    expect(unmatchedFilters(all, 'server', ['base/pign'])).toBe(
      '--scenario "base/pign" matches no server scenario; did you mean base/ping? (`mcp-conformance list scenarios` shows them all)',
    );
    expect(unmatchedFilters(all, 'server', ['base/ping', 'sesion', 'nosuchthing'])).toBe(
      '--scenario "sesion" matches no server scenario; did you mean session?; ' +
        '--scenario "nosuchthing" matches no server scenario (`mcp-conformance list scenarios` shows them all)',
    );
    // Scenarios of another role are as good as none, and suggest nothing.
    expect(unmatchedFilters(all, 'client', ['base/ping'])).toBe('--scenario "base/ping" matches no client scenario (`mcp-conformance list scenarios` shows them all)');
  });

  it('suggests by edit distance over ids and their path segments, closest first, globs read as globs', () => {
    const ids = all.map((x) => x.id);
    expect(closeMatches(ids, 'htpp')).toEqual(['http']);
    expect(closeMatches(ids, 'Ping')).toEqual(['ping']);
    expect(closeMatches(ids, 'base/batc')).toEqual(['base/batch']);
    expect(closeMatches(ids, 'lifecycle/version-negotation')).toEqual(['lifecycle/version-negotiation']);
    expect(closeMatches(ids, '2025-03-62/server')).toEqual(['2025-03-26/server']);
    expect(closeMatches(ids, '*versoin*')).toEqual(['version-negotiation']);
    expect(closeMatches(ids, 'bas')).toEqual(['base']);
    expect(closeMatches(ids, 'nosuchthing')).toEqual([]);
    expect(closeMatches(ids, 'a/b/c/d/e/f')).toEqual([]);
  });

  it('names a filter whose scenarios run only at revisions not chosen, and where they do run', () => {
    expect(filtersOutOfRange(all, 'server', ['2025-11-25'], ['base/ping', 'parse-error'], RUNNABLE)).toBeUndefined();
    expect(filtersOutOfRange(all, 'server', ['2025-11-25'], ['base/batch'], RUNNABLE)).toBe(
      '--scenario "base/batch" selects no scenario at 2025-11-25: its scenarios run at 2025-03-26 (choose one with --spec-version, or all)',
    );
    // One filter selecting nothing is enough, even when another one selects something.
    expect(filtersOutOfRange(all, 'server', ['2024-11-05', '2025-06-18'], ['ping', 'base/batch', 'parse-error'], RUNNABLE)).toBe(
      '--scenario "base/batch" selects no scenario at 2024-11-05, 2025-06-18: its scenarios run at 2025-03-26 (choose one with --spec-version, or all); ' +
        '--scenario "parse-error" selects no scenario at 2024-11-05, 2025-06-18: its scenarios run at 2025-11-25 (choose one with --spec-version, or all)',
    );
    // A filter matching nothing at all is unmatchedFilters' to report.
    expect(filtersOutOfRange(all, 'server', ['2025-11-25'], ['nosuchthing'], RUNNABLE)).toBeUndefined();
  });
});

describe('editDistance', () => {
  it.each([
    ['ping', 'ping', {}, 0],
    ['pign', 'ping', {}, 1],
    ['ping', 'pings', {}, 1],
    ['', 'abc', {}, 3],
    ['abc', '', {}, 3],
    ['kitten', 'sitting', {}, 3],
    ['version', 'protocol-version-header', { freeStart: true, freeEnd: true }, 0],
    ['versoin', 'protocol-version-header', { freeStart: true, freeEnd: true }, 1],
    ['pign', 'ping-extra', { freeEnd: true }, 1],
    ['extra', 'ping-extra', { freeEnd: true }, 5],
    ['header', 'protocol-version-header', { freeStart: true }, 0],
  ] as const)('%j to %j (%j) is %i', (a, b, opts, expected) => {
    expect(editDistance(a, b, opts)).toBe(expected);
  });
});

describe('run() with a filter that matches no scenario', () => {
  it('returns a usage report without launching the target', async () => {
    // Launched, this command would make the run "unreachable"; a usage report proves it never was.
    const report = await run({ target: { kind: 'command', command: 'mcpc-no-such-binary-4711' }, specVersion: 'auto', scenarios: ['base/pign'] });
    expect(report.fatal).toEqual({
      kind: 'usage',
      message: '--scenario "base/pign" matches no server scenario; did you mean base/ping? (`mcp-conformance list scenarios` shows them all)',
    });
    expect(report.summary.exitCode).toBe(2);
    expect(report.scenarios).toEqual([]);
  });
});
