/**
 * The reference passes every check at every revision it serves when it answers requests as SSE
 * streams whose connection it closes after the priming event (`--sse --poll`), so that the harness
 * resumes every one of them. (JSON bodies and plain SSE streams: test/defects.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { DATED_REVISIONS, erroredItems, failedChecks, runInProcess, startReferenceHttp } from './support/cli.js';

describe('the reference over Streamable HTTP, polled', () => {
  it.each([['SSE streams closed after the priming event (polling)', ['--sse', '--poll']]])('%s: every check passes at every revision', async (_name, flags) => {
    const server = await startReferenceHttp(undefined, flags);
    try {
      // Every dated revision: draft is byte-identical to 2026-07-28 today.
      const cli = await runInProcess(['server', '--url', server.url, '--spec-version', DATED_REVISIONS, '--jobs', '2'], { timeoutMs: 150_000 });
      expect(cli.report, cli.stderr).toBeDefined();
      const report = cli.report!;
      expect(erroredItems(report)).toEqual([]);
      expect(failedChecks(report)).toEqual([]);
      expect(report.summary.exitCode).toBe(0);
      expect(report.scenarios.filter((s) => s.status === 'passed').length).toBeGreaterThan(100);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
