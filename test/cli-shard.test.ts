/**
 * `--shard i/n` and `report merge` end to end: real runs of the reference server over stdio, sharded and not,
 * merged, compared check by check; an empty shard; a baseline whose stale entry belongs to another shard; and
 * merge's refusals through the command line.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../reports/schema.js';
import type { Report } from '../reports/types.js';
import { referenceCommand, runCli, type CliRun } from './support/cli.js';

/** A few filters at every revision: a dozen units or so, cheap enough to run four times. */
const FILTERED = ['--spec-version', 'all', ...['base/ping', 'generated/tools-list', 'lifecycle/initialize'].flatMap((s) => ['--scenario', s])];

/** What must be equal between an unsharded and a merged run: every scenario's checks and statuses, in order. */
function verdicts(report: Report): unknown {
  return {
    scenarios: report.scenarios.map((s) => ({
      unit: `${s.revision} ${s.id}`,
      status: s.status,
      transcript: s.transcript,
      checks: s.checks.map((c) => `${c.id} ${c.status} ${c.outcome}`),
    })),
    summary: report.summary,
    revisions: report.revisions,
  };
}

function shards(count: number, args: string[]): Promise<CliRun[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => runCli(['server', '--command', referenceCommand(), ...args, '--shard', `${i + 1}/${count}`, '--reporter', 'json'])));
}

function merge(runs: readonly CliRun[], extra: string[] = []): Promise<CliRun> {
  return runCli(['report', 'merge', ...runs.map((r) => join(r.outDir, 'report.json')), ...extra]);
}

describe.concurrent('sharding a run', () => {
  it('1/3, 2/3 and 3/3 merged equal the unsharded run: same checks, statuses, order and verdict', async () => {
    const whole = await runCli(['server', '--command', referenceCommand(), ...FILTERED, '--reporter', 'json']);
    expect(whole.code, whole.stderr).toBe(0);
    const parts = await shards(3, FILTERED);
    const planned = whole.report!.scenarios.length;
    for (const [i, part] of parts.entries()) {
      expect(part.code, part.stderr).toBe(0);
      expect(part.report!.shard).toMatchObject({ index: i + 1, count: 3, planned });
      expect(part.stderr).toContain(`(shard ${i + 1}/3 of ${planned} planned)`);
    }
    expect(new Set(parts.map((p) => p.report!.shard!.plan)).size).toBe(1);
    expect(parts.map((p) => p.report!.scenarios.length).sort()).toEqual([Math.floor(planned / 3), Math.floor((planned + 1) / 3), Math.floor((planned + 2) / 3)].sort());

    // Given in another order than 1..3, as a shell glob over folders might.
    const merged = await merge([parts[2]!, parts[0]!, parts[1]!], ['--reporter', 'json,junit,markdown,html,console']);
    expect(merged.code, merged.stderr).toBe(0);
    // Only where the merged files and the copied transcripts went.
    expect(merged.stderr.replace(/\n {2}/g, ' ')).toBe(
      `mcp-conformance: wrote report.json, junit.xml, summary.md, index.html in ${merged.outDir}/; transcripts in ${merged.outDir}/transcripts/\n`,
    );
    const report = merged.report!;
    expect(validateReport(report)).toEqual([]);
    expect(report.shard).toBeUndefined();
    expect(verdicts(report)).toEqual(verdicts(whole.report!));
    expect(report.options).toEqual(whole.report!.options);
    for (const s of report.scenarios) expect(existsSync(join(merged.outDir, s.transcript!)), s.transcript).toBe(true);
    for (const file of ['junit.xml', 'summary.md', 'index.html']) expect(existsSync(join(merged.outDir, file)), file).toBe(true);
    expect(merged.stdout).toContain(`${planned} scenarios; exit 0`);

    // The merged report re-renders like any other.
    const again = await runCli(['report', '--from', join(merged.outDir, 'report.json'), '--reporter', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.report).toEqual(report);
  }, 300_000);

  it('a shard that gets no unit writes a valid report saying so, and merges', async () => {
    const args = ['--spec-version', '2025-11-25', '--scenario', 'base/ping'];
    const parts = await shards(3, args);
    const empty = parts[2]!;
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stderr).toContain('running 0 scenarios at 2025-11-25 (shard 3/3 of 1 planned: nothing falls to this shard, its report says so)');
    expect(validateReport(empty.report)).toEqual([]);
    expect(empty.report!.scenarios).toEqual([]);
    expect(empty.report!.shard).toMatchObject({ index: 3, count: 3, planned: 1 });
    expect(empty.report!.summary).toMatchObject({ verdict: 'conformant', exitCode: 0 });
    const merged = await merge(parts);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.report!.scenarios.map((s) => s.id)).toEqual(['2024-11-05/server/base/ping']);
  }, 180_000);

  it('shards of a server started for a URL merge, though each shard listens on its own port', async () => {
    const args = ['--command', `${referenceCommand()} --http --port {port}`, '--url', 'http://127.0.0.1:{port}/mcp', '--spec-version', '2025-11-25', '--scenario', 'base/ping', '--scenario', 'generated/tools-list'];
    const parts = await Promise.all([1, 2].map((i) => runCli(['server', ...args, '--shard', `${i}/2`, '--reporter', 'json'])));
    for (const part of parts) expect(part.code, part.stderr).toBe(0);
    expect(parts[0]!.report!.target.url).not.toBe(parts[1]!.report!.target.url);
    const merged = await merge(parts);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.report!.scenarios.map((s) => s.id)).toEqual(['2024-11-05/server/base/ping', '2024-11-05/server/generated/tools-list']);
  }, 180_000);

  it('refuses bad --shard values before launching anything', async () => {
    for (const [value, message] of [
      ['0/3', '--shard 0/3: shards are counted from 1 (1/3 to 3/3)'],
      ['4/3', '--shard 4/3: there are only 3 shards (1/3 to 3/3)'],
      ['a/b', '--shard "a/b" is not i/n (e.g. --shard 2/3: the second of three shards)'],
    ]) {
      const run = await runCli(['server', '--command', 'node -e "throw new Error(\'must not start\')"', '--shard', value!]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`mcp-conformance: ${message} (see mcp-conformance --help)\n`);
    }
  }, 60_000);
});

describe.concurrent('sharding with a baseline', () => {
  // Two units at one revision: base/ping in one shard, generated/tools-list in the other.
  const ARGS = ['--spec-version', '2025-11-25', '--scenario', 'base/ping', '--scenario', 'generated/tools-list'];

  it('reports a stale entry only in the shard that ran its check; merged, it fails the run like the unsharded one', async () => {
    const baseline = join(mkdtempSync(join(tmpdir(), 'mcpc-shard-')), 'b.yml');
    writeFileSync(baseline, 'expected-failures:\n  - scenario: 2024-11-05/server/generated/tools-list\n    check: declared-answered\n    reason: was broken\n');
    const withBaseline = [...ARGS, '--baseline', baseline];
    const whole = await runCli(['server', '--command', referenceCommand(), ...withBaseline, '--reporter', 'json']);
    expect(whole.code, whole.stderr).toBe(1);
    const parts = await shards(2, withBaseline);
    const holder = parts.find((p) => p.report!.scenarios.some((s) => s.id.endsWith('generated/tools-list')))!;
    const other = parts.find((p) => p !== holder)!;
    // The other shard never ran the listed check: its entry is neither stale there nor a failure.
    expect(other.code, other.stderr).toBe(0);
    expect(other.stderr).not.toContain('stale');
    expect(holder.code, holder.stderr).toBe(1);
    expect(holder.stderr).toContain(`${baseline}:2: stale entry`);

    const merged = await merge(parts);
    expect(merged.code, merged.stderr).toBe(1);
    expect(verdicts(merged.report!)).toEqual(verdicts(whole.report!));
    const check = merged.report!.scenarios.find((s) => s.id.endsWith('generated/tools-list'))!.checks.find((c) => c.id === 'declared-answered')!;
    expect(check).toMatchObject({ status: 'passed', outcome: 'stale', baseline: { reason: 'was broken' } });

    // A baseline is updated from the whole run, never from one shard of it.
    const update = await runCli(['baseline', 'update', '--from', join(other.outDir, 'report.json'), '--baseline', baseline], { out: false });
    expect(update.code).toBe(2);
    expect(update.stderr).toMatch(/is shard [12]\/2 of a run; merge the shards first/);
    expect(readFileSync(baseline, 'utf8')).toContain('reason: was broken');
  }, 240_000);

  it('merge refuses a missing shard, a report that fails the schema, and --out on a shard folder, with exit code 2', async () => {
    const parts = await shards(2, ARGS);
    const missing = await merge([parts[1]!]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`mcp-conformance: report merge: shard 1/2 is missing (given: 2/2 ${join(parts[1]!.outDir, 'report.json')})\n`);
    expect(missing.report).toBeUndefined();

    const broken = join(mkdtempSync(join(tmpdir(), 'mcpc-shard-')), 'report.json');
    writeFileSync(broken, JSON.stringify({ ...parts[0]!.report, shard: { index: 0, count: 2 } }));
    const invalid = await merge([{ ...parts[0]!, outDir: join(broken, '..') }, parts[1]!]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`mcp-conformance: report merge: report ${broken} does not match report.schema.json (1 issue):\n  - /shard/index must be >= 1\n`);

    const onShard = await runCli(['report', 'merge', ...parts.map((p) => join(p.outDir, 'report.json')), '--out', parts[0]!.outDir], { out: false });
    expect(onShard.code).toBe(2);
    expect(onShard.stderr).toContain(`--out ${parts[0]!.outDir} is the folder of ${join(parts[0]!.outDir, 'report.json')}; merge into a folder of its own`);
  }, 180_000);
});
