/**
 * Every conformance check proven both ways: the reference server passes it, and a named defective
 * variant of the reference (one fault each, `--defect NAME`) fails it. Everything is derived from
 * the defects' own data (fixtures/reference/defects/) and the loaded scenarios: each proof runs the
 * harness on only the scenarios it names, and must see exactly the failures it lists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureTransport, uniqueDefects, type ProofTransport } from '../fixtures/defect.js';
import { AS_DEFECTS, DEFECTS } from '../fixtures/reference/defects/index.js';
import { loadScenarios } from '../runner/engine/load.js';
import { requirementsOf } from '../runner/engine/requirements.js';
import { REVISIONS } from '../runner/revisions.js';
import type { Report } from '../reports/types.js';
import { DATED_REVISIONS, erroredItems, failedChecks, runAgainst } from './support/cli.js';
import { existingChecks, isAutomatic, namedScenarios, PROOF_CONCURRENCY, scenarioIdsAt, splitKey } from './support/proofs.js';
import { keywordFailsRun } from '../reports/summary.js';

vi.setConfig({ maxConcurrency: PROOF_CONCURRENCY });

/** The reference fixture is a server: its defects are proven by the harness's server scenarios. */
const ROLE = 'server';
const scenarios = await loadScenarios();
const PROOFS = DEFECTS.flatMap((defect) => defect.proofs.map((proof) => ({ defect, proof })));
const AS_PROOFS = AS_DEFECTS.flatMap((defect) => defect.proofs.map((proof) => ({ defect, proof })));

const existing = existingChecks(scenarios, ROLE);

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

/** The checks that only a server of the stateless era alone is asked: not applicable to the dual-era reference. */
const ALONE_CHECKS = [
  'http/no-session#delete-405',
  'http/no-session#get-405',
  'http/request-headers#removed-method-404',
  'meta/removed-methods#removed-methods-32601',
  'meta/required-fields#missing-version-refused',
  'meta/required-fields#no-meta-refused',
  'meta/versions#initialize-error-names-versions',
];

/** Checks that may pass or not apply, as the timing of one run has it. */
const RACY = ['/fixtures/cancellation#no-response-after-cancel'];

/** `scenario#check` (as failedChecks writes them) of every check of these ids that passed. */
const passedOf = (report: Report, keys: readonly string[]): string[] =>
  report.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'passed').map((c) => `${s.id.split('/').slice(2).join('/')}#${c.id}`)).filter((key) => keys.includes(key)).sort();

describe('the reference server passes every check', () => {
  const reports: Partial<Record<ProofTransport, Report & { outDir: string }>> = {};
  /** `--stateless-only`: the reference as a server of the stateless era alone, at its one revision. */
  const alone: Partial<Record<'stdio' | 'http', Report>> = {};
  beforeAll(async () => {
    [reports.stdio, reports.http, reports['http-sse'], reports['legacy-sse'], alone.stdio, alone.http] = await Promise.all([
      // The SSE variant of HTTP leaves out draft (byte-identical to 2026-07-28 today), which stdio and plain HTTP run.
      ...(['stdio', 'http', 'http-sse', 'legacy-sse'] as const).map((t) => runAgainst(t, ['--spec-version', t === 'http-sse' ? DATED_REVISIONS : 'all'])),
      ...(['stdio', 'http'] as const).map((t) => runAgainst(t, ['--spec-version', '2026-07-28'], undefined, undefined, ['--stateless-only'])),
    ]);
    // Six whole runs at once, beside another test file: minutes on a loaded 2-core machine.
  }, 420_000);

  // http-sse: the same server answering every request with an SSE stream instead of a JSON body.
  // Dual-era: the four stateful revisions through initialize, and 2026-07-28 and draft (the same wire version) statelessly.
  it.each(['stdio', 'http', 'http-sse'] as const)('over %s, at every revision', (transport) => {
    const report = reports[transport]!;
    const revisions = transport === 'http-sse' ? REVISIONS.filter((r) => r !== 'draft') : [...REVISIONS];
    expect(report.revisions.filter((r) => r.supported).map((r) => r.revision)).toEqual(revisions);
    // The report says which era each revision belongs to, and that `all` chose it (or the list named it).
    expect(report.revisions.map((r) => `${r.revision} ${r.era} ${r.selection?.by}`)).toEqual(
      revisions.map((r) => `${r} ${r === '2026-07-28' || r === 'draft' ? 'stateless' : 'stateful'} ${transport === 'http-sse' ? 'named' : 'all'}`),
    );
    expect(failedChecks(report)).toEqual([]);
    expect(erroredItems(report)).toEqual([]);
    expect(report.summary.exitCode).toBe(0);
  });

  // Some checks are asked only of a server that serves nothing but the stateless era: initialize refused, ping gone, GET and DELETE 405.
  it.each(['stdio', 'http'] as const)('over %s as a server of the stateless era alone, at 2026-07-28, with the checks only such a server is asked', (transport) => {
    const report = alone[transport]!;
    expect(report.revisions.map((r) => [r.revision, r.supported])).toEqual([['2026-07-28', true]]);
    expect(failedChecks(report)).toEqual([]);
    expect(erroredItems(report)).toEqual([]);
    expect(report.summary.exitCode).toBe(0);
    // Over stdio the HTTP checks do not apply; the two of required-fields are what only stdio needs this mode for.
    const expected = transport === 'http' ? ALONE_CHECKS : ALONE_CHECKS.filter((key) => !key.startsWith('http/'));
    expect(passedOf(report, ALONE_CHECKS)).toEqual(expected);
  });

  // legacy-sse: the HTTP+SSE transport of 2024-11-05 (/sse and /messages), which exists at that revision only.
  it('over legacy-sse, at 2024-11-05, its one revision', () => {
    const report = reports['legacy-sse']!;
    expect(report.target.transport).toBe('legacy-sse');
    expect(report.revisions.map((r) => [r.revision, r.supported])).toEqual([['2024-11-05', true]]);
    expect(report.scenarios.some((s) => s.id.includes('/legacy-sse/') && s.status === 'passed')).toBe(true);
    expect(failedChecks(report)).toEqual([]);
    expect(erroredItems(report)).toEqual([]);
    expect(report.summary.exitCode).toBe(0);
  });

  it('over http-sse, really over SSE, with the same checks passing as over plain HTTP', () => {
    const sse = reports['http-sse']!;
    const http = reports.http!;
    // Plain HTTP answers with JSON bodies (a request served asynchronously streams its notifications,
    // so some answers are SSE there too); --sse answers everything as a stream.
    expect(lanesIn(sse.outDir)).toContain('POST-sse');
    expect(lanesIn(http.outDir)).toContain('POST-json');
    // Racy by nature: a cancellation may reach the server after its answer went out, which the text allows (not applicable then).
    const settled = (report: Report): string[] => passed(report).filter((key) => !RACY.some((check) => key.endsWith(check)) && !key.startsWith('draft '));
    expect(settled(sse)).toEqual(settled(http));
  });

  it('and every declared check has a defect proving it can fail (automatic ones at least once), and every proof names a real check', () => {
    // The authorization server's defects are variants of another fixture, proven in test/authorization-cli.test.ts.
    const proven = new Set<string>([...PROOFS, ...AS_PROOFS].flatMap(({ proof }) => proof.fails));
    const provenIds = new Set([...proven].map((key) => splitKey(key).check));
    const unproven = [...existing.keys()].filter((key) => (isAutomatic(splitKey(key).check) ? !provenIds.has(splitKey(key).check) : !proven.has(key)));
    expect(unproven.sort()).toEqual([]);
    const named = PROOFS.flatMap(({ defect, proof }) => proof.fails.map((key) => ({ defect: defect.name, key })));
    expect(named.filter(({ key }) => !existing.has(key))).toEqual([]);
  });

  it('and every requirement a defect violates is one its proofs show failing', () => {
    for (const defect of DEFECTS) {
      const shown = new Set(defect.proofs.flatMap((proof) => proof.fails.flatMap((key) => existing.get(key) ?? [])));
      expect(defect.violates.filter((id) => !shown.has(id)), defect.name).toEqual([]);
    }
  });
});

describe('the defect data', () => {
  it('gives every defect a proof, on each transport it applies to and on no other', () => {
    for (const defect of DEFECTS) {
      expect(defect.proofs.length, defect.name).toBeGreaterThan(0);
      const proven = new Set(defect.proofs.map((proof) => fixtureTransport(proof.transport)));
      expect([...proven].sort(), defect.name).toEqual([...defect.transports].sort());
    }
  });

  it('refuses a defect name used twice', () => {
    expect(() => uniqueDefects(DEFECTS.slice(0, 1), DEFECTS.slice(0, 1))).toThrow(`defect "${DEFECTS[0]!.name}" is defined twice`);
  });

  // A fault shown in both eras breaks the rows of each (the Origin rules are rows of their own from
  // 2026-07-28): every cited row exists where one of the proofs runs, and every proof's revision has one.
  it('cites only requirements of the catalogues its proofs run at, some at each', () => {
    const unknown = DEFECTS.flatMap((defect) =>
      defect.violates.filter((id) => !defect.proofs.some((proof) => requirementsOf(proof.revision).has(id))).map((id) => `${defect.name}: ${id} at none of its proofs' revisions`),
    );
    const uncited = DEFECTS.flatMap((defect) =>
      defect.proofs.filter((proof) => !defect.violates.some((id) => requirementsOf(proof.revision).has(id))).map((proof) => `${defect.name}: nothing it cites exists at ${proof.revision}`),
    );
    expect([...unknown, ...uncited]).toEqual([]);
  });
});

describe.concurrent('each defective variant fails exactly the checks it breaks', () => {
  it.each(PROOFS.map(({ defect, proof }) => [`${defect.name} over ${proof.transport} at ${proof.revision}`, defect, proof] as const))(
    '%s',
    async (_name, defect, proof) => {
      // Run only the scenarios the proof names, by full id, and make sure each of them ran.
      const named = namedScenarios(proof).map((path) => ({ path, ids: scenarioIdsAt(scenarios, ROLE, path, proof.revision) }));
      expect(named.filter((s) => s.ids.length === 0).map((s) => `${s.path} does not run at ${proof.revision}`)).toEqual([]);
      const ids = named.flatMap((s) => s.ids);
      const filters = ids.flatMap((id) => ['--scenario', id]);
      const report = await runAgainst(proof.transport, ['--spec-version', proof.revision, ...filters], defect.name, undefined, proof.launch);
      const ran = report.scenarios.filter((s) => s.revision === proof.revision && s.status !== 'skipped').map((s) => s.id);
      expect(ids.filter((id) => !ran.includes(id)), 'named scenarios that did not run').toEqual([]);

      expect(erroredItems(report)).toEqual([]);
      const failed = failedChecks(report);
      if (proof.catastrophic) expect(failed).toEqual(expect.arrayContaining([...proof.fails]));
      else expect(failed).toEqual([...proof.fails].sort());

      const failures = report.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => ({ scenario: s.id, check: c })));
      // Non-conformant, unless every failure is informational (MAY).
      expect(report.summary.exitCode).toBe(failures.some(({ check }) => keywordFailsRun(check.keyword, 'should')) ? 1 : 0);
      // The console names each requirement broken, as a problem of its own, and the checks that failed it.
      for (const { check } of failures.filter((f) => !f.check.untestable)) {
        const heading = new RegExp(`^\\d+\\) +✗ [A-Z /]+ {2}${check.requirement}( |$)`, 'm').exec(report.stdout);
        expect(heading, check.requirement).not.toBeNull();
        const block = report.stdout.slice(heading!.index).split('\n\n')[0]!;
        expect(block, check.requirement).toMatch(new RegExp(`^ {4}failed {4}\\d+ times?: checks? ([^\\n]|\\n {14})*\\b${check.id}\\b`, 'm'));
      }
      // Every failure cites a requirement the defect declares it violates: the data cannot drift.
      const stray = failures.filter(({ check }) => !defect.violates.includes(check.requirement));
      expect(stray.map(({ scenario, check }) => `${scenario}#${check.id}: ${check.requirement}`)).toEqual([]);
    },
    150_000,
  );
});
