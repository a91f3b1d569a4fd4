import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../runner/engine/load.js';
import { findRequirement, requirementsOf } from '../runner/engine/requirements.js';
import type { LoadedScenario } from '../runner/engine/scenario.js';
import { packageRoot, suitesDir } from '../runner/paths.js';
import { inRange, isRevision, REVISIONS, specUrl, STATEFUL_REVISIONS, type Revision } from '../runner/revisions.js';

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

  it('takes since from the first folder, and every scenario has a title, role server and a body', () => {
    for (const s of scenarios) {
      expect(s.id, s.id).toMatch(/^[^/]+\/server\/[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(s.since).toBe(s.id.split('/')[0]);
      expect(isRevision(s.since), s.id).toBe(true);
      expect(s.role, s.id).toBe('server');
      expect(s.title.trim().length, s.id).toBeGreaterThan(0);
      expect(typeof s.run, s.id).toBe('function');
      expect(s.generated, s.id).toBe(false);
      if (s.until) expect(inRange(s.until, s.since), `${s.id}: until after since`).toBe(true);
    }
    const batch = scenarios.find((s) => s.id === '2025-03-26/server/base/batch')!;
    expect([batch.since, batch.until]).toEqual(['2025-03-26', '2025-06-18']);
  });

  it('refuses a scenario outside a revision folder, or under the wrong role folder; skips _helpers', async () => {
    const write = (root: string, path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    const body = (role: string) => `export default { title: 'x', role: '${role}', async run() {} };\n`;

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

/**
 * String literals in a scenario's source that look like requirement ids: `<topic>/<actor>-<behaviour>`.
 * Method names (`tools/list`, or the deliberately unknown `conformance/no-such-method` passed to
 * request()/notify()) and media types (`text/event-stream`) have the same shape and are left out.
 */
function citedIds(source: string): string[] {
  const methods = new Set([...source.matchAll(/\b(?:request|notify)\(\s*'([^']+)'/g)].map((m) => m[1]!));
  return [...new Set([...source.matchAll(/'([a-z0-9-]+\/[a-z0-9]+(?:-[a-z0-9]+)+)'/g)].map((m) => m[1]!))].filter(
    (id) => !methods.has(id) && !/^(text|application)\//.test(id),
  );
}

describe('requirement citations', () => {
  it('every requirement a scenario cites exists in each stateful revision the scenario runs in', () => {
    const missing: string[] = [];
    const all = new Set<string>();
    for (const s of scenarios) {
      const ids = citedIds(readFileSync(join(suitesDir, `${s.id}.ts`), 'utf8'));
      expect(ids.length, `${s.id} cites no requirement`).toBeGreaterThan(0);
      for (const id of ids) {
        all.add(id);
        const revisions: Revision[] = STATEFUL_REVISIONS.filter((r) => inRange(r, s.since, s.until));
        expect(revisions, s.id).toContain(s.since);
        for (const r of revisions) if (!requirementsOf(r).has(id)) missing.push(`${s.id} cites ${id}, absent from ${r}`);
      }
    }
    expect(missing).toEqual([]);
    // The extraction found the citations, not nothing.
    expect(all).toContain('ping/receiver-responds-promptly');
    expect(all).toContain('base/receiver-accepts-batches');
    expect(all.size).toBeGreaterThanOrEqual(20);
    expect(all).not.toContain('conformance/no-such-method');
  });

  it('the requirements the engine cites on its own exist in every stateful revision', () => {
    const source = readFileSync(join(packageRoot, 'runner', 'engine', 'auto-checks.ts'), 'utf8');
    const ids = [...source.matchAll(/requirement: '([^']+)'/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const r of STATEFUL_REVISIONS) for (const id of ids) expect(findRequirement(r, id), `${id} in ${r}`).toBeDefined();
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
