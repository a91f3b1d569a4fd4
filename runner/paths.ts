import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The package root: the nearest directory above this module holding package.json. The same code
 * runs from TypeScript sources (self-tests) and from dist/ (the published CLI), so paths to data
 * files (schemas/, requirements/) are resolved from here, never from the working directory.
 */
export const packageRoot: string = (() => {
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`mcp-conformance: no package.json above ${here}`);
  }
})();

/** The suites folder next to this runner: suites/ in sources, dist/suites/ when compiled. */
export const suitesDir: string = resolve(here, '../suites');
