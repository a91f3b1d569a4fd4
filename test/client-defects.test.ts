/**
 * The client role proven both ways: the reference client passes every client check, over Streamable
 * HTTP, the legacy HTTP+SSE transport and stdio (its own, or a server it spawns), at every revision
 * each transport exists at (the stateless 2026-07-28 and draft included); each defective client fails exactly the checks its data names. The map is derived from the defect data and the loaded scenarios.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CLIENT_DEFECTS } from '../fixtures/reference-client/defects.js';
import type { ProofTransport } from '../fixtures/defect.js';
import { loadScenarios } from '../runner/engine/load.js';
import { requirementsOf } from '../runner/engine/requirements.js';
import type { Report } from '../reports/types.js';
import { DATED_REVISIONS, erroredItems, failedChecks, root, runInProcess } from './support/cli.js';
import { existingChecks, isAutomatic, namedScenarios, PROOF_CONCURRENCY, scenarioIdsAt, splitKey } from './support/proofs.js';

vi.setConfig({ maxConcurrency: PROOF_CONCURRENCY });

const ROLE = 'client';
const scenarios = await loadScenarios();
const existing = existingChecks(scenarios, ROLE);
const PROOFS = CLIENT_DEFECTS.flatMap((defect) => defect.proofs.map((proof) => ({ defect, proof })));
const referenceClient = join(root, 'dist', 'fixtures', 'reference-client.js');

/** `client --transport` for a proof's transport (the reference picks the legacy one itself: its URL ends in /sse). */
const CLI_TRANSPORT: Record<ProofTransport, string> = { stdio: 'stdio', 'stdio-spawn': 'stdio', http: 'streamable-http', 'http-sse': 'streamable-http', 'legacy-sse': 'sse' };

/** Runs `mcp-conformance client` against the reference client (or a defective one) over a transport. */
async function runClient(transport: ProofTransport, args: string[], defect?: string): Promise<Report> {
  // stdio-spawn: the client starts its server itself, the {server} stand-in that connects back to the harness.
  const how = transport === 'stdio' ? ' --stdio' : transport === 'stdio-spawn' ? " --spawn '{server}'" : '';
  const command = `node ${referenceClient}${defect ? ` --defect ${defect}` : ''}${how}`;
  const run = await runInProcess(['client', '--command', command, '--transport', CLI_TRANSPORT[transport], '--reporter', 'json', '--jobs', '2', ...args], { timeoutMs: 120_000 });
  if (!run.report) throw new Error(`no report (exit ${run.code}): ${run.stderr}`);
  return run.report;
}

describe('the reference client passes every client check', () => {
  const reports: Partial<Record<'stdio' | 'stdio-spawn' | 'http' | 'legacy-sse', Report>> = {};
  beforeAll(async () => {
    // {server} leaves out draft (byte-identical to 2026-07-28 today), which plain stdio and HTTP run.
    [reports.stdio, reports['stdio-spawn'], reports.http, reports['legacy-sse']] = await Promise.all(
      (['stdio', 'stdio-spawn', 'http', 'legacy-sse'] as const).map((t) => runClient(t, ['--spec-version', t === 'stdio-spawn' ? DATED_REVISIONS : 'all'])),
    );
  }, 150_000);

  it('over stdio with {server}, really through the stand-in server it spawns', () => {
    const report = reports['stdio-spawn']!;
    expect(report.scenarios.filter((s) => s.id.endsWith('/stdio/shutdown') && s.status === 'passed')).toHaveLength(5);
  });

  it.each([
    ['stdio', 6],
    ['stdio-spawn', 5],
    ['http', 5],
    ['legacy-sse', 1],
  ] as const)('over %s, at every revision the transport exists at (2026-07-28 and draft too, but over the legacy transport; draft not with {server})', (transport, revisions) => {
    const report = reports[transport]!;
    expect(report.target.role).toBe('client');
    expect(report.target.info?.name).toBe('mcp-conformance-reference-client');
    expect(report.revisions.filter((r) => r.supported)).toHaveLength(revisions);
    expect(failedChecks(report)).toEqual([]);
    expect(erroredItems(report)).toEqual([]);
    expect(report.summary.exitCode).toBe(0);
  });

  it('and every declared client check has a defect proving it can fail, and every proof names a real check', () => {
    const proven = new Set<string>(PROOFS.flatMap(({ proof }) => proof.fails));
    const provenIds = new Set([...proven].map((key) => splitKey(key).check));
    const unproven = [...existing.keys()].filter((key) => (isAutomatic(splitKey(key).check) ? !provenIds.has(splitKey(key).check) : !proven.has(key)));
    expect(unproven.sort()).toEqual([]);
    expect(PROOFS.flatMap(({ defect, proof }) => proof.fails.filter((key) => !existing.has(key)).map((key) => `${defect.name}: ${key}`))).toEqual([]);
  });

  it('and every requirement a defect violates is one its proofs show failing, in the catalogue of each revision they run at', () => {
    for (const defect of CLIENT_DEFECTS) {
      const shown = new Set(defect.proofs.flatMap((proof) => proof.fails.flatMap((key) => existing.get(key) ?? [])));
      expect(defect.violates.filter((id) => !shown.has(id)), defect.name).toEqual([]);
      expect(defect.proofs.length, defect.name).toBeGreaterThan(0);
    }
  });
});

describe.concurrent('the reference client passes every authorization check (client --auth)', () => {
  // Every revision with an authorization text, in two runs at once: each revision's own scenarios and every
  // earlier one's still in effect.
  it.each(['2025-03-26,2025-06-18,2025-11-25', '2026-07-28,draft'])('at %s, over Streamable HTTP', async (revisions) => {
    const report = await runClient('http', ['--auth', '--spec-version', revisions, '--scenario', 'auth']);
    expect(report.scenarios.filter((s) => s.id.includes('/client/auth/') && s.status === 'passed').length).toBeGreaterThan(0);
    expect(report.scenarios.filter((s) => s.id.includes('/client/auth/') && s.status !== 'passed').map((s) => `${s.id}: ${s.status} ${s.message ?? ''}`)).toEqual([]);
    expect(failedChecks(report)).toEqual([]);
    expect(erroredItems(report)).toEqual([]);
  }, 150_000);
});

describe.concurrent('each defective client fails exactly the checks it breaks', () => {
  it.each(PROOFS.map(({ defect, proof }) => [`${defect.name} over ${proof.transport} at ${proof.revision}`, defect, proof] as const))(
    '%s',
    async (_name, defect, proof) => {
      const ids = namedScenarios(proof).flatMap((path) => scenarioIdsAt(scenarios, ROLE, path, proof.revision));
      expect(ids.length).toBeGreaterThan(0);
      // A defective client often leaves the harness waiting for what never comes: 3 s per wait is plenty on loopback.
      const auth = ids.some((id) => id.includes('/client/auth/')) ? ['--auth'] : [];
      const report = await runClient(proof.transport, ['--spec-version', proof.revision, '--timeout', '3', ...auth, ...ids.flatMap((id) => ['--scenario', id])], defect.name);
      expect(erroredItems(report)).toEqual([]);
      expect(failedChecks(report)).toEqual([...proof.fails].sort());
      // Every failure cites a requirement the defect declares it violates (checks it left untestable aside).
      const stray = report.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'failed' && !c.untestable && !defect.violates.includes(c.requirement)).map((c) => `${s.id}#${c.id}: ${c.requirement}`));
      expect(stray).toEqual([]);
      for (const id of defect.violates) expect(requirementsOf(proof.revision).has(id) || defect.proofs.some((p) => p.revision !== proof.revision)).toBe(true);
    },
    150_000,
  );
});
