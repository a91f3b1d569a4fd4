import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real processes and servers; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Concurrent tests each run the CLI, which runs scenarios in parallel: two at a time on 2 cores.
    maxConcurrency: 2,
  },
});
