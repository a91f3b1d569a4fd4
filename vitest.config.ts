import { defineConfig } from 'vitest/config';

// Scenarios import the api as `#api` (package.json "imports"): from TypeScript sources under this
// condition (self-tests, typecheck), from dist/ otherwise (the published CLI).
// The rest are Vite's defaults for server-side code.
const conditions = ['mcp-conformance-source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real processes and servers; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Files one at a time (Vitest's default on 2 cores: one fewer worker than cores). Two at a time was
    // tried: the suite is CPU-bound (each file already runs two CLI runs at once), so two files took about
    // as long on the whole, and the extra load exposed a timing race in a defect (since fixed).
    // Concurrent tests each run the CLI, which runs scenarios in parallel: two at a time on 2 cores.
    maxConcurrency: 2,
  },
});
