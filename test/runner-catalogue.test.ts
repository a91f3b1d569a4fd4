import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_CHECKS, autoChecksFor } from '../runner/engine/auto-checks.js';
import { loadScenarios } from '../runner/engine/load.js';
import { findRequirement, requirementsOf } from '../runner/engine/requirements.js';
import type { LoadedScenario } from '../runner/engine/scenario.js';
import { suitesDir } from '../runner/paths.js';
import { inRange, isRevision, REVISIONS, specUrl } from '../runner/revisions.js';

let scenarios: LoadedScenario[];
beforeAll(async () => {
  scenarios = await loadScenarios();
});

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every scenario source under suites/, found independently of the loader. */
const sourceFiles = (readdirSync(suitesDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.split(/[\\/]/).at(-1)!.startsWith('_'))
  .map((f) => join(suitesDir, f));

describe('loadScenarios', () => {
  it('finds every scenario under suites/, identified by its path', () => {
    const ids = scenarios.map((s) => s.id);
    expect(ids).toContain('2024-11-05/server/base/ping');
    expect(ids).toContain('2025-03-26/server/base/batch');
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(sourceFiles.map((f) => relative(suitesDir, f).split(/[\\/]/).join('/').replace(/\.ts$/, '')).sort());
  });

  it('takes since from the first folder, and every scenario has a title, the role of its folder, checks and a body', () => {
    const autoIds = new Set(AUTO_CHECKS.map((c) => c.id));
    for (const s of scenarios) {
      expect(s.id, s.id).toMatch(/^[^/]+\/(server|client)\/[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(s.since).toBe(s.id.split('/')[0]);
      expect(isRevision(s.since), s.id).toBe(true);
      expect(s.role, s.id).toBe(s.id.split('/')[1]);
      expect(typeof s.run, s.id).toBe('function');
      expect(s.generated, s.id).toBe(s.id.split('/')[2] === 'generated');
      if (s.until) expect(inRange(s.until, s.since), `${s.id}: until after since`).toBe(true);
      const ids = Object.keys(s.checks);
      expect(ids.length, `${s.id} declares no checks`).toBeGreaterThan(0);
      for (const id of ids) {
        expect(id, s.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(autoIds.has(id), `${s.id}: ${id} is an automatic check's id`).toBe(false);
      }
    }
    const batch = scenarios.find((s) => s.id === '2025-03-26/server/base/batch')!;
    expect([batch.since, batch.until]).toEqual(['2025-03-26', '2025-06-18']);
  });

  it('titles share one style: a sentence-case claim, no trailing period, at most 80 characters', () => {
    for (const s of scenarios) {
      // Sentence case, except a title that starts with a method name (`ping is answered ...`).
      expect(s.title, s.id).toMatch(/^([A-Z]|[a-z]+(\/[a-zA-Z]+)* (is|are) )/);
      expect(s.title, s.id).not.toMatch(/[.\s]$/);
      expect(s.title.length, s.id).toBeLessThanOrEqual(80);
    }
  });

  it('refuses a scenario outside a revision folder, or under the wrong role folder; skips _helpers', async () => {
    const write = (root: string, path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    const body = (role: string) => `export default { title: 'x', role: '${role}', checks: { 'a-check': 'ping/receiver-responds-promptly' }, async run() {} };\n`;

    const good = mkdtempSync(join(tmpdir(), 'mcpc-suites-'));
    tempDirs.push(good);
    write(good, '2025-06-18/server/area/one.ts', body('server'));
    write(good, '2025-06-18/server/area/_helper.ts', 'export const helper = 1;\n');
    const loaded = await loadScenarios(good);
    expect(loaded.map((s) => [s.id, s.since, s.title])).toEqual([['2025-06-18/server/area/one', '2025-06-18', 'x']]);

    const misplaced = mkdtempSync(join(tmpdir(), 'mcpc-suites-'));
    tempDirs.push(misplaced);
    write(misplaced, 'latest/server/area/one.ts', body('server'));
    await expect(loadScenarios(misplaced)).rejects.toThrow('scenario latest/server/area/one: the first folder must be a revision');

    const wrongRole = mkdtempSync(join(tmpdir(), 'mcpc-suites-'));
    tempDirs.push(wrongRole);
    write(wrongRole, '2024-11-05/server/area/one.ts', body('client'));
    await expect(loadScenarios(wrongRole)).rejects.toThrow('declares role client but lives under server/');
  });
});

describe('requirement citations', () => {
  it('every requirement a scenario declares exists in each revision the scenario runs in', () => {
    const missing: string[] = [];
    for (const s of scenarios) {
      for (const r of REVISIONS.filter((rev) => inRange(rev, s.since, s.until))) {
        for (const [check, id] of Object.entries(s.checks)) if (!requirementsOf(r).has(id)) missing.push(`${s.id}#${check} cites ${id}, absent from ${r}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('a scenario is retired (until) only where a requirement it checks is retired', () => {
    for (const s of scenarios.filter((x) => x.until !== undefined)) {
      const retired = Object.values(s.checks).filter((id) => !requirementsOf(s.until!).has(id));
      expect(retired.length, `${s.id} has until ${s.until}, yet every requirement it checks is still in ${s.until}`).toBeGreaterThan(0);
    }
  });

  it('the requirements the engine checks on its own exist in every revision where it makes them, and only there', () => {
    expect(AUTO_CHECKS.length).toBeGreaterThanOrEqual(2);
    for (const r of REVISIONS) {
      for (const auto of AUTO_CHECKS) {
        const applies = (['server', 'client'] as const).some((role) => autoChecksFor(role, 'stdio', r).concat(autoChecksFor(role, 'streamable-http', r)).includes(auto));
        expect(findRequirement(r, auto.requirement) !== undefined, `${auto.requirement} in ${r}`).toBe(applies);
      }
    }
  });

  it('coverage notes: a transport requirement is checked or says why not, and a checked one gives no reason', () => {
    const cited = new Set<string>([...scenarios.flatMap((s) => Object.values(s.checks)), ...AUTO_CHECKS.map((a) => a.requirement)]);
    const rows = new Map(REVISIONS.flatMap((r) => [...requirementsOf(r).values()]).map((row) => [row.id, row]));
    const stale = [...rows.values()].filter((row) => row.unchecked !== undefined && cited.has(row.id)).map((row) => row.id);
    expect(stale, 'rows that say why they are not checked, yet a check cites them').toEqual([]);
    // The transport pages are read line by line: every sentence is a check or a coverage note.
    const transportTopics = new Set(['transport', 'stdio', 'streamable-http', 'http-sse']);
    const gaps = [...rows.values()].filter((row) => transportTopics.has(row.id.split('/')[0]!) && !cited.has(row.id) && row.unchecked === undefined);
    expect(gaps.map((row) => row.id), 'transport requirements neither checked nor explained').toEqual([]);
  });

  it('each catalogue row has a well-formed id, a spec keyword and a link into its own revision', () => {
    for (const r of REVISIONS) {
      const rows = [...requirementsOf(r).values()];
      expect(rows.length, r).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.id).toMatch(/^[a-z0-9-]+\/[a-z0-9]+(-[a-z0-9]+)+$/);
        expect(['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY']).toContain(row.keyword);
        expect(row.url.startsWith(specUrl(r, '')), `${row.id} in ${r}: ${row.url}`).toBe(true);
        expect(row.summary.length).toBeGreaterThan(10);
      }
    }
    expect(findRequirement('2025-03-26', 'base/receiver-accepts-batches')?.keyword).toBe('MUST');
    expect(findRequirement('2025-06-18', 'base/receiver-accepts-batches')).toBeUndefined();
    expect(findRequirement('2025-11-25', 'no/such-requirement')).toBeUndefined();
  });
});
