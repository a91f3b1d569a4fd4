/**
 * Every conformance check proven both ways: the reference server passes it, and a named defective
 * variant of the reference (one fault each, `--defect NAME`) fails it. This file holds that map and
 * fails when a check has no defect that proves it can fail, or a defect proves nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFECTS, type DefectName } from '../fixtures/reference/defects.js';
import type { HttpTarget } from '../fixtures/process.js';
import type { Report } from '../reports/types.js';
import { erroredItems, failedChecks, referenceCommand, runCli, startReferenceHttp } from './support/cli.js';

type Transport = 'stdio' | 'http';

interface Proof {
  defect: DefectName;
  transport: Transport;
  revision: string;
  /** `scenario#check` (scenario path without revision and role) that must fail. */
  fails: string[];
  /**
   * The fault breaks the session itself (no initialize, ids that cannot be sent back, a dead
   * process), so other checks fail too, some depending on timing: `fails` is then a lower bound.
   */
  catastrophic?: true;
}

/** Frames of every scenario break the schema when the initialize result does. */
const everySchema = (transport: Transport): string[] =>
  [
    'base/notifications', 'base/ping', 'base/response-ids', 'base/unknown-method', 'lifecycle/capabilities', 'lifecycle/initialize',
    'lifecycle/version-negotiation',
    ...(transport === 'stdio' ? ['base/invalid-json', 'base/parse-error', 'stdio/framing', 'stdio/shutdown'] : ['http/get-stream', 'http/post', 'http/protocol-version-header', 'http/session']),
  ].map((s) => `${s}#frames-schema-valid`);

const both = (p: Omit<Proof, 'transport'>): Proof[] => [{ ...p, transport: 'stdio' }, { ...p, transport: 'http' }];
const R = '2025-11-25';

const PROOFS: Proof[] = [
  ...both({ defect: 'echo-unknown-version', revision: R, fails: ['lifecycle/version-negotiation#unknown-version-gets-latest', 'lifecycle/version-negotiation#unknown-version-gets-supported-version'] }),
  { defect: 'downgrade-version', transport: 'stdio', revision: '2025-06-18', fails: ['lifecycle/version-negotiation#supported-version-echoed', 'lifecycle/version-negotiation#unknown-version-gets-supported-version'] },
  // Negotiated down to 2025-03-26, the session no longer checks the 2025-06-18 version header.
  { defect: 'downgrade-version', transport: 'http', revision: '2025-06-18', fails: ['http/protocol-version-header#unsupported-version-header-400', 'lifecycle/version-negotiation#supported-version-echoed', 'lifecycle/version-negotiation#unknown-version-gets-supported-version'] },
  ...both({ defect: 'not-latest-version', revision: R, fails: ['lifecycle/version-negotiation#unknown-version-gets-latest'] }),
  ...both({ defect: 'reject-unknown-version', revision: R, fails: ['lifecycle/version-negotiation#unknown-version-answered', 'lifecycle/version-negotiation#unknown-version-gets-latest', 'lifecycle/version-negotiation#unknown-version-gets-supported-version'] }),
  ...both({ defect: 'ping-nonempty', revision: R, fails: ['base/ping#ping-empty-result'] }),
  { defect: 'ping-error', transport: 'stdio', revision: R, fails: ['base/invalid-json#survives-invalid-json', 'base/ping#ping-answered', 'base/ping#ping-empty-result', 'lifecycle/pre-initialization#ping-before-initialize-answered'] },
  { defect: 'ping-error', transport: 'http', revision: R, fails: ['base/ping#ping-answered', 'base/ping#ping-empty-result', 'http/post#serves-after-invalid-json'] },
  ...both({ defect: 'silent-after-notification', revision: R, fails: ['base/notifications#serves-after-notifications'] }),
  ...both({ defect: 'wrong-method-not-found-code', revision: R, fails: ['base/unknown-method#unknown-method-32601'] }),
  { defect: 'no-parse-error', transport: 'stdio', revision: R, fails: ['base/parse-error#invalid-json-answered-32700'] },
  { defect: 'no-parse-error', transport: 'http', revision: R, fails: ['http/post#invalid-json-http-error'] },
  // Before 2025-11-25 an id-less error is not even a valid frame.
  { defect: 'wrong-parse-error-code', transport: 'stdio', revision: '2024-11-05', fails: ['base/invalid-json#frames-schema-valid', 'base/invalid-json#invalid-json-error-is-parse-error'] },
  { defect: 'crash-on-invalid-json', transport: 'stdio', revision: R, fails: ['base/invalid-json#survives-invalid-json', 'base/parse-error#invalid-json-answered-32700'] },
  { defect: 'crash-on-invalid-json', transport: 'http', revision: R, fails: ['http/post#serves-after-invalid-json'], catastrophic: true },
  ...both({ defect: 'retype-ids', revision: R, fails: ['base/response-ids#number-id-echoed', 'base/response-ids#string-id-echoed'] }),
  // Unasked-for errors also land where a scenario listens for the answer to invalid JSON.
  { defect: 'answer-notifications', transport: 'stdio', revision: R, fails: ['base/invalid-json#invalid-json-error-is-parse-error', 'base/notifications#no-response-to-notifications', 'base/parse-error#invalid-json-answered-32700'] },
  { defect: 'answer-notifications', transport: 'http', revision: R, fails: ['base/notifications#no-response-to-notifications', 'http/post#notification-202'] },
  { defect: 'serve-before-initialize', transport: 'stdio', revision: R, fails: ['lifecycle/pre-initialization#request-before-initialize-refused'] },
  { defect: 'refuse-ping-before-initialize', transport: 'stdio', revision: R, fails: ['lifecycle/pre-initialization#ping-before-initialize-answered'] },
  ...both({ defect: 'capability-lie', revision: R, fails: ['declared-logging-answered', 'declared-prompts-answered', 'declared-resources-answered', 'declared-tools-answered'].map((c) => `lifecycle/capabilities#${c}`) }),
  ...both({ defect: 'reject-batches', revision: '2025-03-26', fails: ['base/batch#batch-answered'] }).map((p) =>
    // Over stdio the refusal is an id-less error, which 2025-03-26's schema does not allow.
    p.transport === 'stdio' ? { ...p, fails: [...p.fails, 'base/batch#frames-schema-valid'] } : p,
  ),
  ...both({ defect: 'initialize-error', revision: R, fails: ['lifecycle/initialize#initialize-answered', 'lifecycle/initialize#result-has-server-info', 'base/ping#ping-answered'], catastrophic: true }),
  ...(['stdio', 'http'] as const).flatMap((transport): Proof[] => [
    { defect: 'omit-capabilities', transport, revision: R, fails: [...everySchema(transport), 'lifecycle/initialize#result-has-capabilities'].sort() },
    { defect: 'missing-server-info', transport, revision: R, fails: [...everySchema(transport), 'lifecycle/initialize#result-has-server-info'].sort() },
    {
      defect: 'omit-protocol-version',
      transport,
      revision: R,
      fails: [...everySchema(transport), 'lifecycle/initialize#result-has-protocol-version', 'lifecycle/version-negotiation#supported-version-echoed', 'lifecycle/version-negotiation#unknown-version-gets-supported-version'].sort(),
    },
  ]),
  { defect: 'invalid-tool-schema', transport: 'stdio', revision: R, fails: ['lifecycle/capabilities#frames-schema-valid', 'stdio/framing#frames-schema-valid'] },
  { defect: 'invalid-tool-schema', transport: 'http', revision: R, fails: ['lifecycle/capabilities#frames-schema-valid'] },
  {
    defect: 'stdout-noise',
    transport: 'stdio',
    revision: R,
    fails: ['base/invalid-json', 'base/notifications', 'base/parse-error', 'base/ping', 'base/response-ids', 'base/unknown-method', 'lifecycle/capabilities', 'lifecycle/initialize', 'lifecycle/pre-initialization', 'lifecycle/version-negotiation', 'stdio/framing', 'stdio/shutdown'].map((s) => `${s}#stdout-only-mcp-messages`),
  },
  {
    defect: 'pretty-print-tools',
    transport: 'stdio',
    revision: R,
    fails: ['lifecycle/capabilities#declared-tools-answered', 'lifecycle/capabilities#frames-schema-valid', 'lifecycle/capabilities#stdout-only-mcp-messages', 'stdio/framing#frames-schema-valid', 'stdio/framing#messages-single-line', 'stdio/framing#stdout-only-mcp-messages'],
  },
  { defect: 'ignore-stdin-close', transport: 'stdio', revision: R, fails: ['stdio/shutdown#exits-on-stdin-close'] },
  { defect: 'no-session-required', transport: 'http', revision: R, fails: ['http/session#missing-session-id-400', 'lifecycle/pre-initialization#request-before-initialize-refused'] },
  { defect: 'unknown-session-accepted', transport: 'http', revision: R, fails: ['http/session#deleted-session-404', 'http/session#unknown-session-404'] },
  { defect: 'delete-keeps-session', transport: 'http', revision: R, fails: ['http/session#deleted-session-404'] },
  // A 200 with a `{}` body is read as a frame, and `{}` is no JSON-RPC message.
  {
    defect: 'notification-200',
    transport: 'http',
    revision: R,
    fails: ['http/post#notification-202', ...everySchema('http').filter((c) => !c.startsWith('lifecycle/initialize') && !c.startsWith('lifecycle/version-negotiation'))].sort(),
  },
  { defect: 'text-plain-responses', transport: 'http', revision: R, fails: ['http/post#request-response-content-type'] },
  { defect: 'ignore-protocol-version-header', transport: 'http', revision: R, fails: ['http/protocol-version-header#unsupported-version-header-400'] },
  { defect: 'require-protocol-version-header', transport: 'http', revision: R, fails: ['http/protocol-version-header#missing-version-header-accepted'] },
  { defect: 'get-404', transport: 'http', revision: R, fails: ['http/get-stream#get-sse-or-405'] },
  // An id the client cannot even send back breaks every later request of the session.
  { defect: 'bad-session-id', transport: 'http', revision: R, fails: ['http/session#session-id-visible-ascii'], catastrophic: true },
  { defect: 'invalid-json-200', transport: 'http', revision: R, fails: ['http/post#invalid-json-http-error'] },
];

async function runAgainst(transport: Transport | 'http-sse', args: string[], defect?: string): Promise<Report & { stdout: string; outDir: string }> {
  let server: HttpTarget | undefined;
  try {
    const target =
      transport === 'stdio'
        ? ['server', '--command', referenceCommand(defect)]
        : ['server', '--url', (server = await startReferenceHttp(defect, transport === 'http-sse' ? ['--sse'] : [])).url];
    const run = await runCli([...target, '--timeout', '3', ...args], { timeoutMs: 150_000 });
    expect(run.report, `no report.json (exit ${run.code}): ${run.stderr}`).toBeDefined();
    expect(run.code).toBe(run.report!.summary.exitCode);
    return { ...run.report!, stdout: run.stdout, outDir: run.outDir };
  } finally {
    await server?.stop();
  }
}

const checkId = (key: string): string => key.slice(key.indexOf('#') + 1);

/** `revision scenario#check` of every passed check, sorted. */
const passed = (report: Report): string[] =>
  report.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'passed').map((c) => `${s.revision} ${s.id}#${c.id}`)).sort();

/** Every transcript lane a run's scenarios used (stdout, POST-json, POST-sse, ...). */
function lanesIn(outDir: string): Set<string> {
  const lanes = new Set<string>();
  for (const file of readdirSync(join(outDir, 'transcripts'), { recursive: true }) as string[]) {
    if (!file.endsWith('.jsonl') || file.startsWith('probe')) continue;
    for (const line of readFileSync(join(outDir, 'transcripts', file), 'utf8').split('\n').filter(Boolean)) lanes.add((JSON.parse(line) as { lane: string }).lane);
  }
  return lanes;
}

describe('the reference server passes every check', () => {
  const reports: Partial<Record<Transport | 'http-sse', Report & { outDir: string }>> = {};
  beforeAll(async () => {
    [reports.stdio, reports.http, reports['http-sse']] = await Promise.all(
      (['stdio', 'http', 'http-sse'] as const).map((t) => runAgainst(t, ['--spec-version', 'all'])),
    );
  }, 150_000);

  // http-sse: the same server answering every request with an SSE stream instead of a JSON body.
  it.each(['stdio', 'http', 'http-sse'] as const)('over %s, at every stateful revision', (transport) => {
    const report = reports[transport]!;
    expect(report.revisions.filter((r) => r.supported)).toHaveLength(4);
    expect(failedChecks(report)).toEqual([]);
    expect(erroredItems(report)).toEqual([]);
    expect(report.summary.exitCode).toBe(0);
  });

  it('over http-sse, really over SSE, with the same checks passing as over plain HTTP', () => {
    const sse = reports['http-sse']!;
    const http = reports.http!;
    expect(lanesIn(sse.outDir)).toContain('POST-sse');
    expect(lanesIn(http.outDir)).not.toContain('POST-sse');
    expect(passed(sse)).toEqual(passed(http));
  });

  it('and every check that ran has a defect proving it can fail', () => {
    const ran = new Set([reports.stdio!, reports.http!].flatMap((r) => r.scenarios.flatMap((s) => s.checks.map((c) => c.id))));
    const proven = new Set(PROOFS.flatMap((p) => p.fails.map(checkId)));
    expect([...ran].filter((id) => !proven.has(id)).sort()).toEqual([]);
    // ...and no proof names a check that does not exist.
    expect([...proven].filter((id) => !ran.has(id)).sort()).toEqual([]);
  });

  it('and every defect of the fixture is used by some proof', () => {
    const used = new Set(PROOFS.map((p) => p.defect));
    expect(Object.keys(DEFECTS).filter((d) => !used.has(d as DefectName))).toEqual([]);
  });
});

describe.concurrent('each defective variant fails exactly the checks it breaks', () => {
  it.each(PROOFS.map((p) => [`${p.defect} over ${p.transport} at ${p.revision}`, p] as const))(
    '%s',
    async (_name, proof) => {
      const report = await runAgainst(proof.transport, ['--spec-version', proof.revision], proof.defect);
      expect(erroredItems(report)).toEqual([]);
      expect(report.summary.exitCode).toBe(1);
      const failed = failedChecks(report);
      if (proof.catastrophic) expect(failed).toEqual(expect.arrayContaining(proof.fails));
      else expect(failed).toEqual([...proof.fails].sort());
      // The console names each failing check and the requirement it breaks.
      for (const key of proof.fails) {
        const [scenario, id] = key.split('#') as [string, string];
        const check = report.scenarios.find((s) => s.id.endsWith(`/${scenario}`))!.checks.find((c) => c.id === id)!;
        expect(report.stdout).toMatch(new RegExp(`FAIL\\s+${id}\\s+${check.requirement}\\s`));
      }
    },
    150_000,
  );
});
