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
import { AUTO_CHECKS } from '../runner/engine/auto-checks.js';
import type { HttpTarget } from '../fixtures/process.js';
import { everythingStdioCommand, startEverythingHttp } from '../fixtures/third-party/everything.js';
import { sdkStdioCommand, startSdkHttp } from '../fixtures/third-party/sdk.js';
import { filesystemStdioCommand, fixtureCommand, memoryStdioCommand } from '../fixtures/third-party/servers.js';
import type { Report } from '../reports/types.js';
import { erroredItems, root, runCli } from './support/cli.js';

const dist = join(root, 'dist');
const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
const UP_TO_0618 = REVISIONS.slice(0, 3);
/** The stateless revisions; draft is spelled 2026-07-28 on the wire and gets the same verdicts. */
const STATELESS = ['2026-07-28', 'draft'];

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
/** `revision key` for every revision and key. */
const at = (revisions: readonly string[], ...keys: string[]): string[] => revisions.flatMap((r) => keys.map((k) => `${r} ${k}`));
const FROM_0326 = REVISIONS.slice(1);
const FROM_0618 = REVISIONS.slice(2);

/**
 * SHOULD: an invalid cursor gets -32602 (server/utilities/pagination#error-handling). None of these
 * servers paginates, and each ignores the cursor it never issued, serving the first page again.
 */
const ignoresInvalidCursor = (revisions: readonly string[]): string[] => at(revisions, 'pagination/lists#invalid-cursor-32602');
/**
 * SHOULD (prose): every revision's tools page lists unknown tools among the protocol errors, which
 * are JSON-RPC errors; these servers answer with a tool result carrying `isError: true`.
 */
const unknownToolAsResult = (revisions: readonly string[]): string[] => at(revisions, 'tools/list#unknown-tool-error');
/** SHOULD: resources#error-handling lists -32002 for a resource that does not exist; these answer -32602 (what 2026-07-28 adopts) or -32601. */
const unknownResourceCode = (revisions: readonly string[]): string[] => at(revisions, 'resources/unknown-uri#unknown-uri-32002');
/**
 * SHOULD (jsonrpc/receiver-invalid-params): resources/read without a uri, or with a number for it,
 * gets -32603 "Internal error" from the SDK's parameter validation; JSON-RPC 2.0 defines -32602 for
 * invalid method parameters.
 */
const readParamsInternalError = (revisions: readonly string[]): string[] =>
  at(revisions, 'generated/resources-read#missing-uri-32602', 'generated/resources-read#uri-wrong-type-32602');
/** SHOULD: prompts#error-handling lists -32602 for an invalid prompt name; a missing or numeric name gets -32603. */
const promptNameInternalError = (revisions: readonly string[]): string[] =>
  at(revisions, 'generated/prompts-get#missing-name-32602', 'generated/prompts-get#name-wrong-type-32602');
/** SHOULD: logging#error-handling lists -32602 for an invalid log level; a missing, numeric or unknown level gets -32603. */
const levelInternalError = (revisions: readonly string[]): string[] =>
  at(revisions, 'generated/logging-set-level#missing-level-32602', 'generated/logging-set-level#level-wrong-type-32602', 'logging/set-level#invalid-level-32602');
/** SHOULD: completion#error-handling lists -32602 for missing required arguments; a missing or mistyped ref or argument gets -32603. */
const completionInternalError = (revisions: readonly string[]): string[] =>
  at(
    revisions,
    'generated/completion-complete#missing-ref-32602',
    'generated/completion-complete#ref-wrong-type-32602',
    'generated/completion-complete#missing-argument-32602',
    'generated/completion-complete#argument-wrong-type-32602',
  );
/**
 * MUST: basic/transports#security-warning, servers "MUST validate the Origin header on all incoming connections to
 * prevent DNS rebinding attacks", and from 2025-11-25 "If the Origin header is present and invalid, servers MUST
 * respond with HTTP 403 Forbidden". These serve initialize, a ping and the GET stream of the session to Origin
 * http://evil.example.com (no DNS-rebinding protection is on; test/third-party-origin.test.ts shows the SDK's).
 */
const servesForeignOrigins = (revisions: readonly string[]): string[] => [
  ...at(revisions, 'http/origin#foreign-origin-get-refused', 'http/origin#foreign-origin-initialize-refused', 'http/origin#foreign-origin-request-refused'),
  ...at(
    revisions.filter((r) => r === '2025-11-25'),
    'http/origin-403#foreign-origin-get-403',
    'http/origin-403#foreign-origin-initialize-403',
    'http/origin-403#foreign-origin-request-403',
  ),
];
/**
 * MUST NOT: 2026-07-28 basic/index#statelessness, a server never takes a request's context from earlier
 * requests on the connection. On a fresh stdio process the 2.x server refuses tools/list at 1999-01-01
 * with -32022; once a request at 2026-07-28 has succeeded on the process, the same request is served.
 */
const latchesVersion = at(STATELESS, 'meta/versions#judged-alone');
/**
 * MUST: 2026-07-28 basic/index#meta, a request without a required `_meta` field gets -32602 and, on
 * HTTP, status 400; tmcp sends its -32602 with 200.
 */
const metaRefusal200 = at(STATELESS, 'meta/required-fields#missing-meta-http-400');
/**
 * MUST: 2026-07-28 basic/transports/streamable-http#security--endpoint, Origin is validated on every
 * request and a present, invalid one gets 403; server/discover from Origin http://evil.example.com is served.
 */
const servesForeignOriginsStateless = at(STATELESS, 'http/origin#foreign-origin-403', 'http/origin#foreign-origin-refused');
/**
 * The 2026-era fixtures list describe_query, whose region and limit are marked x-mcp-header: over HTTP
 * the library's own checks of the Mcp-Param-* headers are probed, and pass, at both stateless revisions.
 */
const checksParamHeaders = (report: Report): void => {
  const runs = report.scenarios.filter((s) => s.id.endsWith('/http/param-headers'));
  // The cases run the dated revisions only (see `dated` below): draft's verdicts are 2026-07-28's.
  expect(runs.map((s) => [s.revision, s.status])).toEqual([['2026-07-28', 'passed']]);
};
/** What every server on the 1.x SDK gets for its resources and prompts (the SDK's own parameter handling). */
const sdkFeatureFindings = (revisions: readonly string[]): string[] => [
  ...readParamsInternalError(revisions),
  ...promptNameInternalError(revisions),
  ...unknownResourceCode(revisions),
  ...ignoresInvalidCursor(revisions),
];
/** The verdict of every SDK-based stdio server on the base protocol: the same three findings. */
const SDK_STDIO = [...servesBeforeInitialize(REVISIONS), ...dropsBatches, ...silentOnParseErrors].sort();
/**
 * server-everything's features, on either transport: the SDK's findings, and its zod validation
 * errors answered as -32603 for log levels and completion too.
 */
const EVERYTHING_FEATURES = [
  ...sdkFeatureFindings(REVISIONS),
  ...unknownToolAsResult(REVISIONS),
  ...levelInternalError(REVISIONS),
  ...completionInternalError(FROM_0326),
  // MUST (schema): its read-only get-resource-links tool answers with resource_link content blocks,
  // which the 2024-11-05 and 2025-03-26 schemas do not have (they arrive in 2025-06-18).
  ...at(['2024-11-05', '2025-03-26'], 'tools/calls#frames-schema-valid'),
  // SHOULD: 2025-11-25 basic/utilities/tasks#tool-level-negotiation, a task-augmented call of a tool that does
  // not support tasks should get -32601 (Method not found); it answers -32602.
  '2025-11-25 tasks/tool-support#forbidden-tool-task-32601',
];
/**
 * tmcp: its resources/read parameter errors are -32603, and it answers completion/complete, which its
 * fixture never declares, with `"result": null`: MUST (schema: a result is an object; at 2024-11-05
 * completion had no capability, so asking was legitimate) and, from 2025-03-26, SHOULD -32601 for an
 * undeclared completion (completion#error-handling).
 */
const TMCP_FEATURES = [
  ...readParamsInternalError(UP_TO_0618),
  ...unknownResourceCode(UP_TO_0618),
  ...ignoresInvalidCursor(UP_TO_0618),
  ...unknownToolAsResult(UP_TO_0618),
  '2024-11-05 completion/complete#frames-schema-valid',
  ...at(['2025-03-26', '2025-06-18'], 'generated/completion-complete#frames-schema-valid', 'generated/completion-complete#undeclared-32601'),
];

/**
 * fastmcp (on the 1.x SDK): its zod validation errors come back as -32603 for resources, prompts,
 * log levels and completion; an unknown resource gets -32601; an unknown prompt and a missing
 * required prompt argument get other codes than the -32602 prompts#error-handling lists (SHOULD),
 * and so does an unknown prompt ref in completion (completion#error-handling, from 2025-03-26).
 */
/**
 * tmcp at the stateless revisions, on either transport: an invalid cursor served, an unknown tool answered as a tool
 * result, and completion/complete, which its fixture does not list in server/discover, answered with a result that has
 * no `completion`: MUST (schema: CompleteResult requires it) and SHOULD -32601 for an unsupported completion
 * capability (completion#error-handling, unchanged at 2026-07-28).
 */
const TMCP_STATELESS = [
  ...ignoresInvalidCursor(STATELESS),
  ...unknownToolAsResult(STATELESS),
  ...at(STATELESS, 'generated/completion-complete#frames-schema-valid', 'generated/completion-complete#undeclared-32601'),
];
const FASTMCP_FEATURES = [
  ...readParamsInternalError(REVISIONS),
  ...promptNameInternalError(REVISIONS),
  ...levelInternalError(REVISIONS),
  ...completionInternalError(FROM_0326),
  ...unknownResourceCode(REVISIONS),
  ...ignoresInvalidCursor(REVISIONS),
  ...at(REVISIONS, 'prompts/errors#unknown-prompt-32602', 'prompts/errors#missing-argument-32602'),
  ...at(FROM_0326, 'completion/unknown-prompt#unknown-prompt-32602'),
];

interface Case {
  name: string;
  target: () => Promise<{ args: string[]; server?: HttpTarget }>;
  supported: string[];
  fails: string[];
  /**
   * Run only these revisions (the pins stay written for every revision, and are filtered to them): for a
   * target whose every session costs a process of its own that takes seconds of CPU to start, when the
   * same server runs the other revisions over another transport. Every revision a server speaks runs on
   * one of its transports at least.
   */
  runs?: readonly string[];
  /** Extra facts worth pinning. */
  also?: (report: Report) => void;
}

const CASES: Case[] = [
  {
    name: '@modelcontextprotocol/server-everything over stdio',
    target: async () => ({ args: ['--command', everythingStdioCommand()] }),
    supported: REVISIONS,
    fails: [...SDK_STDIO, ...EVERYTHING_FEATURES].sort(),
    // Its slowest case by far (a process per session): the same server runs 2025-03-26 on over Streamable HTTP
    // and 2024-11-05 over legacy HTTP+SSE, so stdio runs its newest revision only.
    runs: ['2025-11-25'],
  },
  {
    name: '@modelcontextprotocol/server-everything over Streamable HTTP',
    target: async () => {
      const server = await startEverythingHttp();
      return { args: ['--url', server.url], server };
    },
    supported: REVISIONS,
    // It answers a session id ended by DELETE with 400: 2025-03-26 basic/transports#session-management
    // says that once a session ended the server MUST answer 404; a never-issued id gets 400 too (SHOULD).
    // Its event store replays every event after Last-Event-ID, of any stream: 2025-03-26 basic/transports
    // #resumability-and-redelivery, the server MUST NOT replay messages delivered on a different stream.
    fails: [...at(FROM_0326, 'http/session#deleted-session-404', 'http/session#unknown-session-404', 'http/resume#replays-only-that-stream'), ...servesForeignOrigins(FROM_0326), ...EVERYTHING_FEATURES].sort(),
  },
  {
    name: '@modelcontextprotocol/server-everything over legacy HTTP+SSE (its sse mode, found by the URL ending in /sse)',
    target: async () => {
      const server = await startEverythingHttp({ mode: 'sse' });
      return { args: ['--url', server.url], server };
    },
    // The transport exists at 2024-11-05 only: `--spec-version all` runs that one.
    supported: ['2024-11-05'],
    fails: [
      // MUST: 2024-11-05 basic/transports#security-warning, "Servers MUST validate the Origin header on all
      // incoming connections": a foreign Origin gets the stream and has its POST taken. The SDK's
      // SSEServerTransport checks Origin only with enableDnsRebindingProtection, off by default.
      ...at(['2024-11-05'], 'legacy-sse/origin#foreign-origin-post-refused', 'legacy-sse/origin#foreign-origin-stream-refused'),
      // Its features, as over the other transports (the same server code).
      ...EVERYTHING_FEATURES.filter((key) => key.startsWith('2024-11-05 ')),
    ].sort(),
    also: (report) => {
      expect(report.target.transport).toBe('legacy-sse');
      // The endpoint event first, same origin, POSTs 202, answers as message events: the transport's own checks ran and passed.
      const transport = report.scenarios.find((s) => s.id === '2024-11-05/server/legacy-sse/transport');
      expect(transport?.checks.filter((c) => !c.automatic).map((c) => [c.id, c.status])).toEqual([
        ['endpoint-event-first', 'passed'],
        ['endpoint-same-origin', 'passed'],
        ['post-accepted', 'passed'],
        ['messages-as-message-events', 'passed'],
      ]);
    },
  },
  {
    name: 'a server built on @modelcontextprotocol/sdk 1.x over stdio',
    target: async () => ({ args: ['--command', sdkStdioCommand(dist)] }),
    supported: REVISIONS,
    fails: [...SDK_STDIO, ...sdkFeatureFindings(REVISIONS), ...unknownToolAsResult(REVISIONS)].sort(),
    // The same server runs 2025-03-26 on over Streamable HTTP (below): stdio adds the revision HTTP cannot run.
    runs: ['2024-11-05'],
    also: (report) => {
      // It does not declare logging, so that check does not apply rather than pass.
      const logging = report.scenarios.flatMap((s) => s.checks).filter((c) => c.id === 'declared-logging-answered');
      expect(logging.map((c) => c.status)).toEqual(['skipped']);
    },
  },
  {
    name: 'a server built on @modelcontextprotocol/sdk 1.x over Streamable HTTP',
    target: async () => {
      const server = await startSdkHttp(dist);
      return { args: ['--url', server.url], server };
    },
    supported: REVISIONS,
    fails: [...sdkFeatureFindings(REVISIONS), ...unknownToolAsResult(REVISIONS), ...servesForeignOrigins(FROM_0326)].sort(),
    also: (report) => {
      // No failure of the transport means something only when its checks ran: at every revision, over HTTP.
      expect(report.scenarios.filter((s) => s.id.includes('/http/') && s.status === 'passed').length).toBeGreaterThan(0);
    },
  },
  {
    name: 'a server built on @modelcontextprotocol/server 2.x over stdio',
    target: async () => ({ args: ['--command', fixtureCommand(dist, 'sdk2-server', 'stdio')] }),
    supported: [...REVISIONS, ...STATELESS],
    // Its Streamable HTTP handler (below) runs every revision; stdio runs those where its stdio findings show
    // (batches exist at 2025-03-26, the parse-error answer is graded at 2025-11-25) and the stateless one.
    runs: ['2025-03-26', '2025-11-25', '2026-07-28'],
    // 2.x answers an unknown tool with a JSON-RPC error, as the text asks. At the stateless revisions its parameter
    // validation still answers a missing or numeric resources/read uri and prompts/get name with -32603 (the generated
    // probes; over HTTP those do not apply, the request then lacking its Mcp-Name header).
    fails: [
      ...SDK_STDIO,
      ...sdkFeatureFindings(REVISIONS),
      ...at(STATELESS, 'base/parse-error#invalid-json-answered-32700'),
      ...latchesVersion,
      ...ignoresInvalidCursor(STATELESS),
      ...readParamsInternalError(STATELESS),
      ...promptNameInternalError(STATELESS),
    ].sort(),
  },
  {
    name: 'the @modelcontextprotocol/server 2.x HTTP handler (sessionless for 2025-era clients)',
    target: async () => ({ args: ['--command', fixtureCommand(dist, 'sdk2-server', 'http'), '--url', 'http://127.0.0.1:{port}/mcp'] }),
    supported: [...REVISIONS, ...STATELESS],
    // Over HTTP each request is a POST of its own: the version latching seen over stdio does not show.
    fails: [...sdkFeatureFindings(REVISIONS), ...ignoresInvalidCursor(STATELESS)].sort(),
    also: (report) => {
      checksParamHeaders(report);
      // Without sessions the session rules and the before-initialize rule do not apply: skipped, not passed.
      const sessionChecks = report.scenarios.filter((s) => s.id.endsWith('/http/session')).flatMap((s) => s.checks.filter((c) => !AUTO_CHECKS.some((auto) => auto.id === c.id)));
      expect(new Set(sessionChecks.map((c) => c.status))).toEqual(new Set(['skipped']));
      const early = report.scenarios.flatMap((s) => s.checks).filter((c) => c.id === 'request-before-initialize-refused');
      expect(early.map((c) => c.status)).toEqual(REVISIONS.map(() => 'skipped'));
    },
  },
  {
    name: 'a server built on tmcp over stdio',
    target: async () => ({ args: ['--command', fixtureCommand(dist, 'tmcp-server', 'stdio')] }),
    supported: [...UP_TO_0618, ...STATELESS],
    // Over Streamable HTTP (below) it runs every revision; stdio runs the one with batches and the stateless one.
    runs: ['2025-03-26', '2026-07-28'],
    // Over stdio the generated resources/read probes apply at the stateless revisions too: -32603 there as before.
    fails: [
      ...servesBeforeInitialize(UP_TO_0618),
      ...dropsBatches,
      ...TMCP_FEATURES,
      ...TMCP_STATELESS,
      ...readParamsInternalError(STATELESS),
      ...at(STATELESS, 'base/parse-error#invalid-json-answered-32700'),
    ].sort(),
  },
  {
    name: 'a server built on tmcp over Streamable HTTP',
    target: async () => ({ args: ['--command', fixtureCommand(dist, 'tmcp-server', 'http'), '--url', 'http://127.0.0.1:{port}/mcp'] }),
    supported: [...UP_TO_0618, ...STATELESS],
    fails: [
      ...servesBeforeInitialize(UP_TO_0618),
      ...dropsBatches,
      // The same missing batch support seen from HTTP: 2025-03-26 basic/transports#sending-messages-to-the-server
      // lets a POST body be a batch, and tmcp answers both kinds with 400.
      '2025-03-26 http/batch#notification-batch-202',
      '2025-03-26 http/batch#request-batch-response-type',
      // After a DELETE answered 200 the session still serves: 2025-03-26 basic/transports
      // #session-management, once terminated the server MUST answer 404; unknown ids are served too.
      ...['2025-03-26', '2025-06-18'].flatMap((r) => [`${r} http/session#deleted-session-404`, `${r} http/session#unknown-session-404`]),
      // MCP-Protocol-Version: 1999-01-01 is served: 2025-06-18 basic/transports#protocol-version-header,
      // an unsupported version MUST get 400.
      '2025-06-18 http/protocol-version-header#unsupported-version-header-400',
      ...servesForeignOrigins(['2025-03-26', '2025-06-18']),
      ...TMCP_FEATURES,
      ...TMCP_STATELESS,
      ...servesForeignOriginsStateless,
      ...metaRefusal200,
    ].sort(),
    also: checksParamHeaders,
  },
  {
    name: '@modelcontextprotocol/server-filesystem over stdio',
    target: async () => ({ args: ['--command', filesystemStdioCommand(mkdtempSync(join(tmpdir(), 'mcpc-fs-')))] }),
    supported: REVISIONS,
    // Built on the 1.x SDK, whose behaviour at every revision the sdk case pins: its own tools and data at the newest.
    runs: ['2025-11-25'],
    fails: [
      ...SDK_STDIO,
      ...ignoresInvalidCursor(REVISIONS),
      ...unknownToolAsResult(REVISIONS),
      // SHOULD: tools#structured-content, a tool returning structured content also returns it serialized
      // as JSON in a text block; list_allowed_directories' text block is prose, not that JSON.
      ...at(FROM_0618, 'tools/structured-content#structured-content-as-text'),
    ].sort(),
  },
  {
    name: '@modelcontextprotocol/server-memory over stdio',
    target: async () => ({ args: ['--command', memoryStdioCommand(), '--env', `MEMORY_FILE_PATH=${join(mkdtempSync(join(tmpdir(), 'mcpc-memory-')), 'memory.jsonl')}`] }),
    supported: REVISIONS,
    // Built on the 1.x SDK, whose behaviour at every revision the sdk case pins: its own tools and data at the newest.
    runs: ['2025-11-25'],
    fails: [
      ...SDK_STDIO,
      ...readParamsInternalError(REVISIONS),
      ...unknownResourceCode(REVISIONS),
      ...ignoresInvalidCursor(REVISIONS),
      ...unknownToolAsResult(REVISIONS),
    ].sort(),
  },
  {
    name: 'a server built on fastmcp over stdio',
    target: async () => ({ args: ['--command', fixtureCommand(dist, 'fastmcp-server', 'stdio')] }),
    supported: REVISIONS,
    // Its slowest case (about a second of CPU per process started): 2025-11-25 runs over Streamable HTTP (below).
    runs: UP_TO_0618,
    fails: [...SDK_STDIO, ...FASTMCP_FEATURES].sort(),
  },
  {
    name: 'a server built on fastmcp over Streamable HTTP',
    target: async () => ({ args: ['--command', fixtureCommand(dist, 'fastmcp-server', 'http'), '--url', 'http://127.0.0.1:{port}/mcp'] }),
    supported: REVISIONS,
    // Each of its HTTP sessions takes about a second to initialize (its own pace); its features are pinned
    // at every revision over stdio, so HTTP runs the newest one only.
    runs: ['2025-11-25'],
    fails: [...FASTMCP_FEATURES, ...servesForeignOrigins(FROM_0326)].sort(),
  },
];

/**
 * The revisions a case runs without `runs`: every one the target speaks but draft, which is byte-identical to
 * 2026-07-28 today (its pins stay written; the reference's whole runs in defects.test.ts run draft).
 */
const dated = (supported: readonly string[]): string[] => supported.filter((r) => r !== 'draft');

describe.concurrent('real servers, at every revision they speak', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const { args, server } = await c.target();
      let report: Report;
      try {
        // The default --timeout (10 s): with 3 s, a server starting on a loaded machine (five of these runs
        // share two cores with the rest of the suite) missed initialize and its checks were untestable.
        const run = await runCli(['server', ...args, '--spec-version', (c.runs ?? dated(c.supported)).join(',')], { timeoutMs: 420_000 });
        expect(run.report, run.stderr).toBeDefined();
        report = run.report!;
      } finally {
        await server?.stop();
      }
      expect(erroredItems(report)).toEqual([]);
      const runs = c.runs ?? dated(c.supported);
      const ran = (key: string): boolean => runs.some((r) => key === r || key.startsWith(`${r} `));
      expect(supported(report)).toEqual(c.supported.filter(ran));
      expect(failures(report)).toEqual(c.fails.filter(ran));
      c.also?.(report);
    },
    450_000,
  );
});
