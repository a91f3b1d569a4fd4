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
    // Two test files at a time. Vitest's default is one fewer worker than cores, one file at a time on
    // this 2-core machine, which leaves a core idle while a file waits on a target's timeout.
    maxWorkers: 2,
    // Concurrent tests each run the CLI, which runs scenarios in parallel: two at a time on 2 cores.
    maxConcurrency: 2,
  },
});
