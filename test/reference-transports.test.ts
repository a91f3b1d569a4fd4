/**
 * The reference passes every check in each of its HTTP answering modes, at every revision it serves:
 * JSON bodies are the default of the other self-tests; here its requests are answered as SSE streams
 * (`--sse`), and as streams whose connection is closed after a priming event and resumed (`--poll`).
 */
import { describe, expect, it } from 'vitest';
import { erroredItems, failedChecks, runCli, startReferenceHttp } from './support/cli.js';

describe.concurrent('the reference over Streamable HTTP, in each answering mode', () => {
  it.each([
    ['SSE streams', ['--sse']],
    ['SSE streams closed after the priming event (polling)', ['--sse', '--poll']],
  ])('%s: every check passes at every revision', async (_name, flags) => {
    const server = await startReferenceHttp(undefined, flags);
    try {
      const cli = await runCli(['server', '--url', server.url, '--spec-version', 'all', '--jobs', '2'], { timeoutMs: 150_000 });
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
