import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suitesDir } from '../paths.js';
import { isRevision } from '../revisions.js';
import type { LoadedScenario, Scenario } from './scenario.js';

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (/\.(ts|js)$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) && !entry.name.startsWith('_')) yield path;
  }
}

/**
 * Imports every scenario module under suites/. The path is the scenario's identity: its first
 * segment is the revision that introduced it, the second the role it tests.
 */
export async function loadScenarios(dir = suitesDir): Promise<LoadedScenario[]> {
  const scenarios: LoadedScenario[] = [];
  for (const file of walk(dir)) {
    const id = relative(dir, file).split(sep).join('/').replace(/\.(ts|js)$/, '');
    const [since, role] = id.split('/');
    if (since === undefined || !isRevision(since)) throw new Error(`scenario ${id}: the first folder must be a revision`);
    const mod = (await import(pathToFileURL(file).href)) as { default?: Scenario };
    const scenario = mod.default;
    if (!scenario || typeof scenario.run !== 'function') throw new Error(`scenario ${id}: no default-exported scenario`);
    if (scenario.role !== role) throw new Error(`scenario ${id}: declares role ${scenario.role} but lives under ${role}/`);
    const checks: unknown = scenario.checks;
    if (typeof checks !== 'object' || checks === null || Object.keys(checks).length === 0 || Object.values(checks).some((v) => typeof v !== 'string')) {
      throw new Error(`scenario ${id}: declare its checks as { 'check-id': 'requirement/id', ... }`);
    }
    scenarios.push({ ...scenario, id, since, generated: id.includes('/generated/') });
  }
  return scenarios;
}
