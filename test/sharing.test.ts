/**
 * Shared sessions change no verdict (runner/engine/shared-sessions.ts). The same suites run twice,
 * once as they run by default (read-only scenarios taking turns on one ready session per revision)
 * and once with `--isolate` (every scenario on sessions of its own), and every check must come out
 * the same: against the reference at every revision over stdio and Streamable HTTP, and against
 * every defect that could tell the two apart (one that breaks a scenario that shares, or that breaks
 * what the automatic checks judge in every scenario). A defect's runs take one scenario at a time,
 * so that one session goes from scenario to scenario, with its proof's sharing scenarios between two
 * others. Both runs of a pair wait the same time for a response (3 s for a defect, as in
 * defects.test.ts), and the pairs run three at a time like the proofs there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Proof, ProofTransport } from '../fixtures/defect.js';
import { DEFECTS } from '../fixtures/reference/defects/index.js';
import { loadScenarios } from '../runner/engine/load.js';
import { inRange, type Revision } from '../runner/revisions.js';
import type { Report } from '../reports/types.js';
import { everythingStdioCommand } from '../fixtures/third-party/everything.js';
import { DATED_REVISIONS, runAgainst, runInProcess } from './support/cli.js';
import { isAutomatic, namedScenarios, PROOF_CONCURRENCY, scenarioPath, splitKey } from './support/proofs.js';

vi.setConfig({ maxConcurrency: PROOF_CONCURRENCY });

const scenarios = (await loadScenarios()).filter((s) => s.role === 'server');
const sharing = scenarios.filter((s) => s.session === 'shared');
const sharingPaths = new Set(sharing.map((s) => scenarioPath(s.id)));

/** Every check of a report as `revision scenario#check` -> its status (and whether it was not testable). */
function verdicts(report: Report): Map<string, string> {
  return new Map(report.scenarios.flatMap((s) => s.checks.map((c) => [`${s.revision} ${s.id}#${c.id}`, `${c.status}${c.untestable ? ' (not testable)' : ''}`])));
}

/** The checks whose verdicts differ, with both verdicts: [] when the runs agree. */
function differences(shared: Report, isolated: Report): string[] {
  const a = verdicts(shared);
  const b = verdicts(isolated);
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key)).map((key) => `${key}: shared ${a.get(key) ?? 'absent'}, isolated ${b.get(key) ?? 'absent'}`).sort();
}

/** How many times a session changed hands in a run, from the notes in its transcripts. */
function handovers(outDir: string): number {
  let count = 0;
  for (const file of readdirSync(join(outDir, 'transcripts'), { recursive: true }) as string[]) {
    if (file.endsWith('.jsonl')) count += readFileSync(join(outDir, 'transcripts', file), 'utf8').split('a shared session, opened by').length - 1;
  }
  return count;
}

/** The same run, shared and isolated, at the same time. */
async function bothWays(transport: ProofTransport, args: string[], defect?: string): Promise<{ shared: Report & { outDir: string }; isolated: Report & { outDir: string } }> {
  // A defective target is waited out for 3 s per request, as in defects.test.ts: the same wait on both sides.
  const timeout = defect ? 3 : 10;
  const [shared, isolated] = await Promise.all([runAgainst(transport, args, defect, timeout), runAgainst(transport, [...args, '--isolate'], defect, timeout)]);
  expect(isolated.options.isolate).toBe(true);
  expect(shared.options.isolate).toBeUndefined();
  expect(handovers(isolated.outDir)).toBe(0);
  return { shared, isolated };
}

describe('shared and isolated sessions give the same verdicts', () => {
  it('marks some scenarios as sharing, at every revision', () => {
    expect(sharing.length).toBeGreaterThan(20);
  });

  it('on server-everything over stdio, whose sessions start with a list_changed right after initialized', async () => {
    // Only the sharing scenarios: the others run on sessions of their own either way.
    const ids = sharing.filter((s) => inRange('2025-11-25', s.since, s.until)).flatMap((s) => ['--scenario', s.id]);
    const args = ['server', '--command', everythingStdioCommand(), '--timeout', '10', ...ids];
    const [shared, isolated] = await Promise.all([runInProcess(args), runInProcess([...args, '--isolate'])]);
    expect(differences(shared.report!, isolated.report!)).toEqual([]);
    expect(handovers(shared.outDir)).toBeGreaterThan(10);
  }, 150_000);

  it.each(['stdio', 'http'] as const)('on the reference over %s, at every revision', async (transport) => {
    // Only the sharing scenarios, as above: --isolate changes nothing for the others.
    const { shared, isolated } = await bothWays(transport, ['--spec-version', DATED_REVISIONS, ...sharing.flatMap((s) => ['--scenario', s.id])]);
    expect(differences(shared, isolated)).toEqual([]);
    expect(shared.summary.exitCode).toBe(0);
    // Sessions really changed hands: many times, at every revision.
    expect(handovers(shared.outDir)).toBeGreaterThan(sharing.length);
  }, 420_000);
});

/**
 * A defect can tell sharing from isolation when one of its proofs breaks a scenario that shares, or
 * breaks an automatic check (those judge every scenario, the shared session's start included). One
 * such proof per defect says the transport and revision to run all the sharing scenarios at. A defect
 * that breaks only automatic checks is one of many alike (seventeen break the frame schema alone):
 * the first for each set of automatic checks stands for the rest.
 */
const breaksSharing = (p: Proof): boolean => p.fails.some((key) => sharingPaths.has(splitKey(key).scenario));
const breaksAutomatic = (p: Proof): boolean => p.fails.some((key) => isAutomatic(splitKey(key).check));
const automaticSets = new Set<string>();
const telling = DEFECTS.flatMap((defect) => {
  const proof = defect.proofs.find((p) => p.transport !== 'http-sse' && (breaksSharing(p) || breaksAutomatic(p)));
  if (!proof) return [];
  if (!breaksSharing(proof)) {
    const set = [...new Set(proof.fails.map((key) => splitKey(key).check).filter(isAutomatic))].sort().join(' ');
    if (automaticSets.has(set)) return [];
    automaticSets.add(set);
  }
  return [{ defect, proof }];
});

/**
 * The sharing scenarios a defect's run takes at `revision`: those its proof names, between the first
 * and the last sharing scenario of that revision (a run takes them in id order), so that the proof's
 * own scenarios get a session another one used and hand it on to another.
 */
function sharingRun(revision: Revision, paths: readonly string[]): string[] {
  const at = sharing.filter((s) => inRange(revision, s.since, s.until)).map((s) => s.id);
  return [...new Set([at[0]!, ...at.filter((id) => paths.includes(scenarioPath(id))), at.at(-1)!])];
}

/** Defects whose shared run handed a session on at least once. */
const handedOn: string[] = [];

describe.concurrent('a defect gets the same verdicts shared and isolated', () => {
  afterAll(() => {
    // Most comparisons really had sessions change hands; otherwise they would prove little.
    expect(handedOn.length).toBeGreaterThan(telling.length * 0.8);
  });

  it('covers the defects that break a sharing scenario or an automatic check', () => {
    expect(telling.length).toBeGreaterThan(10);
  });

  it.each(telling.map(({ defect, proof }) => [`${defect.name} over ${proof.transport} at ${proof.revision}`, defect, proof] as const))(
    '%s',
    async (_name, defect, proof) => {
      const ids = sharingRun(proof.revision, namedScenarios(proof));
      const { shared, isolated } = await bothWays(proof.transport, ['--spec-version', proof.revision, '--jobs', '1', ...ids.flatMap((id) => ['--scenario', id])], defect.name);
      // A defect that ends the target, or breaks the ping that closes each turn, retires sessions instead.
      if (handovers(shared.outDir) > 0) handedOn.push(defect.name);
      if (proof.catastrophic) {
        // A defect that ends or stalls the target makes later verdicts depend on timing in any one
        // mode; what it must break, it breaks both ways.
        const failed = (report: Report) => new Set(report.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${scenarioPath(s.id)}#${c.id}`)));
        const [a, b] = [failed(shared), failed(isolated)];
        expect(proof.fails.filter((key) => !a.has(key) || !b.has(key))).toEqual([]);
      } else {
        expect(differences(shared, isolated)).toEqual([]);
      }
    },
    150_000,
  );
});
