/**
 * Hand-built example reports: for reporters' self-tests (console, json, and the formats to come) and for trying
 * a reporter out without running a target. Every function returns a fresh object, so callers may mutate it.
 */
import type { CheckResult, Report, RevisionRun, ScenarioResult } from '../../reports/types.js';
import { rollupRequirements, type CatalogueRequirement } from '../../reports/rollup.js';
import { scenarioStatus, summarize } from '../../reports/summary.js';

const SPEC = 'https://modelcontextprotocol.io/specification';

/** A requirement no example check cites, so every example rollup also shows an `unchecked` row. */
export const UNCITED_REQUIREMENT: CatalogueRequirement = {
  id: 'tools/server-lists-tools',
  keyword: 'MUST',
  url: `${SPEC}/2025-06-18/server/tools#listing-tools`,
  summary: 'A server that declares tools answers tools/list with them.',
};

/**
 * The examples' requirement catalogue: every requirement their checks cite, described as the checks describe
 * it, plus {@link UNCITED_REQUIREMENT}. Derived from the checks, so a new example check needs no second entry.
 */
export function exampleCatalogue(scenarios: readonly ScenarioResult[]): CatalogueRequirement[] {
  const rows = new Map<string, CatalogueRequirement>([[UNCITED_REQUIREMENT.id, UNCITED_REQUIREMENT]]);
  for (const check of scenarios.flatMap((s) => s.checks)) {
    rows.set(check.requirement, { id: check.requirement, keyword: check.keyword, url: check.specUrl, summary: check.summary });
  }
  return [...rows.values()];
}

/** A revision run with its requirement rollup over {@link exampleCatalogue}, unless it brings its own. */
function withRollup(run: RevisionRun, scenarios: readonly ScenarioResult[]): RevisionRun {
  if (run.requirements) return run;
  return { ...run, requirements: rollupRequirements(run.revision, scenarios, exampleCatalogue(scenarios)) };
}

/** A passing MUST check; override any field. */
export function exampleCheck(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    id: 'responds-to-ping',
    requirement: 'ping/receiver-responds-promptly',
    keyword: 'MUST',
    specUrl: `${SPEC}/2025-06-18/basic/utilities/ping#behavior-requirements`,
    summary: 'The receiver of a ping answers it with an empty result.',
    status: 'passed',
    outcome: 'unexpected',
    ...overrides,
  };
}

/**
 * A scenario around some checks; its status is derived from them unless `overrides.status` is given
 * (use that for a scenario's own skip or error).
 */
export function exampleScenario(checks: CheckResult[], overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    id: '2024-11-05/server/ping/ping',
    title: 'Ping',
    role: 'server',
    revision: '2025-06-18',
    transport: 'stdio',
    status: scenarioStatus(checks),
    durationMs: 12,
    checks,
    ...overrides,
  };
}

/**
 * A report around some scenarios, with its summary computed by {@link summarize} and each revision's
 * requirement rollup computed by `rollupRequirements` over {@link exampleCatalogue}.
 */
export function exampleReport(
  scenarios: ScenarioResult[],
  options: { failOn?: 'should' | 'must'; revisions?: RevisionRun[]; fatal?: Report['fatal'] } = {},
): Report {
  const failOn = options.failOn ?? 'should';
  const report: Report = {
    reportVersion: 1,
    tool: { name: 'mcp-conformance', version: '0.1.0' },
    startedAt: '2025-07-01T10:00:00.000Z',
    finishedAt: '2025-07-01T10:00:02.500Z',
    durationMs: 2500,
    target: {
      role: 'server',
      transport: 'stdio',
      command: 'node example-server.js',
      info: { name: 'example-server', version: '1.2.3' },
      capabilities: { tools: {} },
    },
    revisions: (options.revisions ?? [{ revision: '2025-06-18', negotiated: '2025-06-18', supported: true }]).map((run) =>
      withRollup(run, scenarios),
    ),
    environment: { node: 'v20.19.0', platform: 'linux', arch: 'x64', ci: false },
    options: { specVersion: '2025-06-18', jobs: 2, timeoutMs: 10_000, failOn },
    scenarios,
    summary: summarize(scenarios, failOn, options.fatal),
  };
  if (options.fatal) report.fatal = options.fatal;
  return report;
}

/** Everything passes: exit 0. */
export function conformantRun(): Report {
  return exampleReport([
    exampleScenario([exampleCheck(), exampleCheck({
      id: 'ping-result-is-empty',
      requirement: 'ping/result-empty',
      summary: 'The result of a ping is an empty object.',
    })]),
    exampleScenario(
      [
        exampleCheck({
          id: 'echoes-requested-version',
          requirement: 'lifecycle/server-echoes-supported-version',
          specUrl: `${SPEC}/2025-06-18/basic/lifecycle#version-negotiation`,
          summary: 'A server that supports the requested version answers with that version.',
        }),
      ],
      { id: '2024-11-05/server/lifecycle/initialize', title: 'Initialize handshake', durationMs: 30 },
    ),
  ]);
}

/**
 * A non-conformant run: two MUST failures and one SHOULD failure (unexpected), a MAY failure, an expected MUST
 * failure from the baseline, one passed and one skipped check, and a scenario skipped because a capability is
 * not advertised.
 */
export function failingRun(failOn: 'should' | 'must' = 'should'): Report {
  const lifecycle = exampleScenario(
    [
      exampleCheck({
        id: 'echoes-requested-version',
        requirement: 'lifecycle/server-echoes-supported-version',
        specUrl: `${SPEC}/2025-06-18/basic/lifecycle#version-negotiation`,
        summary: 'A server that supports the requested version answers with that version.',
        status: 'failed',
        message: 'The server answered with a protocol version it was not offered.',
        expected: 'protocolVersion "2025-06-18"',
        actual: { protocolVersion: '1999-01-01', capabilities: {} },
        frames: [1, 2],
      }),
      exampleCheck({
        id: 'result-has-server-info',
        requirement: 'lifecycle/server-sends-server-info',
        specUrl: `${SPEC}/2025-06-18/basic/lifecycle#initialization`,
        summary: 'The initialize result names the server and its version.',
        status: 'failed',
        message: 'serverInfo is missing from the initialize result.',
        expected: 'an object with name and version',
        actual: null,
      }),
      exampleCheck({
        id: 'capabilities-object',
        requirement: 'lifecycle/server-sends-capabilities',
        specUrl: `${SPEC}/2025-06-18/basic/lifecycle#capability-negotiation`,
        summary: 'The initialize result states the server capabilities.',
      }),
      exampleCheck({
        id: 'instructions-are-text',
        requirement: 'lifecycle/server-instructions-text',
        specUrl: `${SPEC}/2025-06-18/basic/lifecycle#initialization`,
        summary: 'Instructions, when given, are plain text for the model.',
        keyword: 'MAY',
        status: 'skipped',
        message: 'the server sends no instructions',
      }),
    ],
    { id: '2024-11-05/server/lifecycle/initialize', title: 'Initialize handshake', transcript: 'transcripts/init.jsonl' },
  );
  const logging = exampleScenario([
    exampleCheck({
      id: 'log-level-respected',
      requirement: 'logging/server-respects-level',
      specUrl: `${SPEC}/2025-06-18/server/utilities/logging#setting-log-level`,
      summary: 'After logging/setLevel the server sends no messages below that level.',
      keyword: 'SHOULD',
      status: 'failed',
      message: 'A debug message arrived after the level was set to error.',
      expected: 'no notifications below level "error"',
      actual: { method: 'notifications/message', params: { level: 'debug' } },
    }),
    exampleCheck({
      id: 'log-has-logger-name',
      requirement: 'logging/server-names-logger',
      specUrl: `${SPEC}/2025-06-18/server/utilities/logging#log-message-notifications`,
      summary: 'A log message may name the logger that produced it.',
      keyword: 'MAY',
      status: 'failed',
      message: 'No logger name was given.',
    }),
    exampleCheck({
      id: 'rejects-unknown-level',
      requirement: 'logging/server-rejects-unknown-level',
      specUrl: `${SPEC}/2025-06-18/server/utilities/logging#error-handling`,
      summary: 'An invalid log level is answered with an invalid-params error.',
      status: 'failed',
      outcome: 'expected',
      message: 'An unknown level was accepted.',
    }),
  ], { id: '2025-03-26/server/logging/set-level', title: 'Logging level' });
  const tools = exampleScenario([], {
    id: '2024-11-05/server/tools/list',
    title: 'Tool listing',
    status: 'skipped',
    message: 'the server does not advertise the tools capability',
  });
  return exampleReport([lifecycle, logging, tools], { failOn });
}

/** The harness broke in one check and one whole scenario: exit 3, whatever else failed. */
export function erroredRun(): Report {
  return exampleReport([
    exampleScenario([
      exampleCheck(),
      exampleCheck({
        id: 'ping-result-is-empty',
        requirement: 'ping/result-empty',
        summary: 'The result of a ping is an empty object.',
        status: 'errored',
        message: 'TypeError: transcript is closed',
      }),
    ]),
    exampleScenario([], {
      id: '2024-11-05/server/resources/read',
      title: 'Resource reading',
      status: 'errored',
      message: 'the mock client could not bind a port',
    }),
  ]);
}

/** A report using every optional field, for checking the schema describes `Report` exactly. */
export function fullReport(): Report {
  const scenarios = failingRun().scenarios;
  const first = scenarios[0];
  if (!first) throw new Error('failingRun has no scenario');
  Object.assign(first, { message: 'note', generated: true, tags: ['handshake'], transcript: 'transcripts/a.jsonl' });
  first.checks.push(
    exampleCheck({
      id: 'lists-tools',
      requirement: 'lifecycle/server-backs-capabilities',
      specUrl: `${SPEC}/2025-06-18/basic/lifecycle#capability-negotiation`,
      summary: 'A declared capability is backed by working methods.',
      status: 'failed',
      untestable: true,
      message: 'Not testable: the server declares no capability to try',
    }),
  );
  const cited = first.checks.find((check) => check.frames?.length);
  if (cited) {
    cited.excerpt = {
      frames: [
        { seq: 1, dir: 'send', lane: 'POST', http: { method: 'POST', status: 200 }, text: '{"jsonrpc":"2.0","id":0,"method":"initialize"}', context: true },
        { seq: 2, dir: 'recv', lane: 'POST', text: '{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"1999-01-01"', cut: 40 },
      ],
      omitted: 1,
    };
  }
  first.status = scenarioStatus(first.checks);
  const report = exampleReport(scenarios, {
    revisions: [
      { revision: '2025-06-18', negotiated: '2025-06-18', supported: true, era: 'stateful', selection: { by: 'all', reason: 'all: a revision the target supports' } },
      { revision: '2024-11-05', supported: false, negotiated: '2025-06-18', note: 'answered a later version', era: 'stateful', selection: { by: 'named', reason: 'named with --spec-version' } },
    ],
    fatal: { kind: 'harness', message: 'the runner crashed after the last scenario' },
  });
  report.target.url = 'http://127.0.0.1:3000/mcp';
  report.options.scenarios = ['2024-11-05/server/lifecycle/*'];
  Object.assign(report.options, { profile: 'blackbox', callTools: true, toolArgs: ['echo'] });
  report.shard = { index: 2, count: 3, planned: 7, plan: `sha256:${'0'.repeat(64)}` };
  report.targetExit = { scenario: first.id, revision: first.revision, exit: 'code 3', stderr: ['fatal: out of memory'], scenarios: 2 };
  return report;
}
