/**
 * Real implementations get accurate verdicts. Each run below is pinned to the exact set of checks
 * the implementation fails, and each failure is a genuine departure from the spec, explained next to
 * it. A change in these sets means either the harness or the package changed: read the report.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpTarget } from '../fixtures/process.js';
import { everythingStdioCommand, startEverythingHttp } from '../fixtures/third-party/everything.js';
import { sdkStdioCommand, startSdkHttp } from '../fixtures/third-party/sdk.js';
import { erroredItems, root, runCli } from './support/cli.js';
import type { Report } from '../reports/types.js';

const dist = join(root, 'dist');

/** `revision scenario#check` for every failed check. */
function failures(report: Report): string[] {
  return report.scenarios
    .flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${s.revision} ${s.id.split('/').slice(2).join('/')}#${c.id}`))
    .sort();
}

const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

/** The revisions the report ran and found supported. */
const supported = (report: Report): string[] => report.revisions.filter((r) => r.supported).map((r) => r.revision);

/** Over stdio the TypeScript SDK serves requests before initialize (it has no lifecycle gate): a SHOULD. */
const servesBeforeInitialize = REVISIONS.map((r) => `${r} lifecycle/pre-initialization#request-before-initialize-refused`);
/** The SDK's stdio transport drops a JSON-RPC batch without a word; 2025-03-26 requires receiving batches. */
const dropsBatches = ['2025-03-26 base/batch#batch-answered'];
/** The SDK's stdio transport reports unparseable input to its own error hook and sends no -32700. */
const silentOnParseErrors = ['2025-11-25 base/parse-error#invalid-json-answered-32700'];

async function verdict(target: string[], server?: HttpTarget): Promise<Report> {
  try {
    const run = await runCli(['server', ...target, '--spec-version', 'all', '--timeout', '3'], { timeoutMs: 240_000 });
    expect(run.report, run.stderr).toBeDefined();
    return run.report!;
  } finally {
    await server?.stop();
  }
}

describe('@modelcontextprotocol/server-everything', () => {
  it('over stdio', async () => {
    const report = await verdict(['--command', everythingStdioCommand()]);
    expect(erroredItems(report)).toEqual([]);
    expect(supported(report)).toEqual(REVISIONS);
    expect(failures(report)).toEqual([...servesBeforeInitialize, ...dropsBatches, ...silentOnParseErrors].sort());
  }, 240_000);

  it('over Streamable HTTP', async () => {
    const server = await startEverythingHttp();
    const report = await verdict(['--url', server.url], server);
    expect(erroredItems(report)).toEqual([]);
    // It answers a session id it never issued, and one ended by DELETE, with 400 instead of 404.
    const sessions = ['2025-03-26', '2025-06-18', '2025-11-25'].flatMap((r) => [`${r} http/session#deleted-session-404`, `${r} http/session#unknown-session-404`]);
    expect(failures(report)).toEqual(sessions.sort());
  }, 240_000);
});

describe('a server built on @modelcontextprotocol/sdk', () => {
  it('over stdio', async () => {
    const report = await verdict(['--command', sdkStdioCommand(dist)]);
    expect(erroredItems(report)).toEqual([]);
    expect(failures(report)).toEqual([...servesBeforeInitialize, ...dropsBatches, ...silentOnParseErrors].sort());
    // It does not declare logging, so that check does not apply rather than pass.
    const logging = report.scenarios.flatMap((s) => s.checks).filter((c) => c.id === 'declared-logging-answered');
    expect(logging.map((c) => c.status)).toEqual(REVISIONS.map(() => 'skipped'));
  }, 240_000);

  it('over Streamable HTTP', async () => {
    const server = await startSdkHttp(dist);
    const report = await verdict(['--url', server.url], server);
    expect(erroredItems(report)).toEqual([]);
    // No failure means something only when the checks ran: at every revision, over HTTP.
    expect(supported(report)).toEqual(REVISIONS);
    expect(report.scenarios.filter((s) => s.id.includes('/http/') && s.status === 'passed').length).toBeGreaterThan(0);
    expect(failures(report)).toEqual([]);
    expect(report.summary.exitCode).toBe(0);
  }, 240_000);
});
