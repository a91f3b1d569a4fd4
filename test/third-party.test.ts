/**
 * Real implementations get accurate verdicts. Each run below is pinned to the exact set of checks
 * the implementation fails, and each failure is a genuine departure from the spec, explained next to
 * it with the sentence that makes it one. A change in these sets means either the harness or the
 * package changed: read the report. (fixtures/third-party/NOTES.md has the longer story.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpTarget } from '../fixtures/process.js';
import { everythingStdioCommand, startEverythingHttp } from '../fixtures/third-party/everything.js';
import { sdkStdioCommand, startSdkHttp } from '../fixtures/third-party/sdk.js';
import { filesystemStdioCommand, fixtureCommand, memoryStdioCommand } from '../fixtures/third-party/servers.js';
import type { Report } from '../reports/types.js';
import { erroredItems, root, runCli } from './support/cli.js';

const dist = join(root, 'dist');
const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
const UP_TO_0618 = REVISIONS.slice(0, 3);

/** `revision scenario#check` for every failed check. */
function failures(report: Report): string[] {
  return report.scenarios
    .flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${s.revision} ${s.id.split('/').slice(2).join('/')}#${c.id}`))
    .sort();
}

/** The revisions the report ran and found supported. */
const supported = (report: Report): string[] => report.revisions.filter((r) => r.supported).map((r) => r.revision);

/**
 * Informational (MAY): the server serves tools/list before initialize. 2025-11-25 basic/lifecycle
 * #initialization puts the duty on the client ("SHOULD NOT send requests other than pings").
 */
const servesBeforeInitialize = (revisions: string[]): string[] => revisions.map((r) => `${r} lifecycle/pre-initialization#request-before-initialize-refused`);
/**
 * MUST: 2025-03-26 basic/index#batching: implementations "MUST support receiving JSON-RPC batches";
 * the server drops the batch without a word.
 */
const dropsBatches = ['2025-03-26 base/batch#batch-answered'];
/**
 * SHOULD (graded so in the catalogue, with the reasoning): invalid JSON on stdio gets no -32700;
 * JSON-RPC 2.0 asks for it and 2025-11-25's schema allows an id-less error.
 */
const silentOnParseErrors = ['2025-11-25 base/parse-error#invalid-json-answered-32700'];
/** The verdict of every SDK-based stdio server: the same three findings. */
const SDK_STDIO = [...servesBeforeInitialize(REVISIONS), ...dropsBatches, ...silentOnParseErrors].sort();

interface Case {
  name: string;
  target: () => Promise<{ args: string[]; server?: HttpTarget }>;
  supported: string[];
  fails: string[];
  /** Extra facts worth pinning. */
  also?: (report: Report) => void;
}

const CASES: Case[] = [
  { name: '@modelcontextprotocol/server-everything over stdio', target: async () => ({ args: ['--command', everythingStdioCommand()] }), supported: REVISIONS, fails: SDK_STDIO },
  {
    name: '@modelcontextprotocol/server-everything over Streamable HTTP',
    target: async () => {
      const server = await startEverythingHttp();
      return { args: ['--url', server.url], server };
    },
    supported: REVISIONS,
    // It answers a session id ended by DELETE with 400: 2025-03-26 basic/transports#session-management
    // says that once a session ended the server MUST answer 404; a never-issued id gets 400 too (SHOULD).
    fails: ['2025-03-26', '2025-06-18', '2025-11-25'].flatMap((r) => [`${r} http/session#deleted-session-404`, `${r} http/session#unknown-session-404`]).sort(),
  },
  {
    name: 'a server built on @modelcontextprotocol/sdk 1.x over stdio',
    target: async () => ({ args: ['--command', sdkStdioCommand(dist)] }),
    supported: REVISIONS,
    fails: SDK_STDIO,
    also: (report) => {
      // It does not declare logging, so that check does not apply rather than pass.
      const logging = report.scenarios.flatMap((s) => s.checks).filter((c) => c.id === 'declared-logging-answered');
      expect(logging.map((c) => c.status)).toEqual(REVISIONS.map(() => 'skipped'));
    },
  },
  {
    name: 'a server built on @modelcontextprotocol/sdk 1.x over Streamable HTTP',
    target: async () => {
      const server = await startSdkHttp(dist);
      return { args: ['--url', server.url], server };
    },
    supported: REVISIONS,
    fails: [],
    also: (report) => {
      // No failure means something only when the checks ran: at every revision, over HTTP.
      expect(report.scenarios.filter((s) => s.id.includes('/http/') && s.status === 'passed').length).toBeGreaterThan(0);
      expect(report.summary.exitCode).toBe(0);
    },
  },
  { name: 'a server built on @modelcontextprotocol/server 2.x over stdio', target: async () => ({ args: ['--command', fixtureCommand(dist, 'sdk2-server', 'stdio')] }), supported: REVISIONS, fails: SDK_STDIO },
  {
    name: 'the @modelcontextprotocol/server 2.x HTTP handler (sessionless for 2025-era clients)',
    target: async () => ({ args: ['--command', fixtureCommand(dist, 'sdk2-server', 'http'), '--url', 'http://127.0.0.1:{port}/mcp'] }),
    supported: REVISIONS,
    fails: [],
    also: (report) => {
      // Without sessions the session rules and the before-initialize rule do not apply: skipped, not passed.
      const sessionChecks = report.scenarios.filter((s) => s.id.endsWith('/http/session')).flatMap((s) => s.checks.filter((c) => c.id !== 'frames-schema-valid'));
      expect(new Set(sessionChecks.map((c) => c.status))).toEqual(new Set(['skipped']));
      const early = report.scenarios.flatMap((s) => s.checks).filter((c) => c.id === 'request-before-initialize-refused');
      expect(early.map((c) => c.status)).toEqual(REVISIONS.map(() => 'skipped'));
      expect(report.summary.exitCode).toBe(0);
    },
  },
  { name: 'a server built on tmcp over stdio', target: async () => ({ args: ['--command', fixtureCommand(dist, 'tmcp-server', 'stdio')] }), supported: UP_TO_0618, fails: [...servesBeforeInitialize(UP_TO_0618), ...dropsBatches].sort() },
  {
    name: 'a server built on tmcp over Streamable HTTP',
    target: async () => ({ args: ['--command', fixtureCommand(dist, 'tmcp-server', 'http'), '--url', 'http://127.0.0.1:{port}/mcp'] }),
    supported: UP_TO_0618,
    fails: [
      ...servesBeforeInitialize(UP_TO_0618),
      ...dropsBatches,
      // After a DELETE answered 200 the session still serves: 2025-03-26 basic/transports
      // #session-management, once terminated the server MUST answer 404; unknown ids are served too.
      ...['2025-03-26', '2025-06-18'].flatMap((r) => [`${r} http/session#deleted-session-404`, `${r} http/session#unknown-session-404`]),
      // MCP-Protocol-Version: 1999-01-01 is served: 2025-06-18 basic/transports#protocol-version-header,
      // an unsupported version MUST get 400.
      '2025-06-18 http/protocol-version-header#unsupported-version-header-400',
    ].sort(),
  },
  {
    name: '@modelcontextprotocol/server-filesystem over stdio',
    target: async () => ({ args: ['--command', filesystemStdioCommand(mkdtempSync(join(tmpdir(), 'mcpc-fs-')))] }),
    supported: REVISIONS,
    fails: SDK_STDIO,
  },
  {
    name: '@modelcontextprotocol/server-memory over stdio',
    target: async () => ({ args: ['--command', memoryStdioCommand(), '--env', `MEMORY_FILE_PATH=${join(mkdtempSync(join(tmpdir(), 'mcpc-memory-')), 'memory.jsonl')}`] }),
    supported: REVISIONS,
    fails: SDK_STDIO,
  },
];

describe.concurrent('real servers, at every revision they speak', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const { args, server } = await c.target();
      let report: Report;
      try {
        const run = await runCli(['server', ...args, '--spec-version', 'all', '--timeout', '3'], { timeoutMs: 240_000 });
        expect(run.report, run.stderr).toBeDefined();
        report = run.report!;
      } finally {
        await server?.stop();
      }
      expect(erroredItems(report)).toEqual([]);
      expect(supported(report)).toEqual(c.supported);
      expect(failures(report)).toEqual(c.fails);
      c.also?.(report);
    },
    240_000,
  );
});
