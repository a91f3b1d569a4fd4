/**
 * Sharding units: the slice rule (reports/shard.ts), `--shard` parsing, and `report merge`'s reassembly and
 * refusals (reports/merge.ts), on hand-built reports.
 */
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../reports/console.js';
import { MergeError, mergeShardReports, type ShardInput } from '../reports/merge.js';
import { rollupRequirements } from '../reports/rollup.js';
import { validateReport } from '../reports/schema.js';
import { interleaveShards, planFingerprint, shardOfPosition, shardSize, sliceForShard } from '../reports/shard.js';
import { summarize } from '../reports/summary.js';
import type { Report } from '../reports/types.js';
import { parseShard, UsageError } from '../runner/cli/args.js';
import { run } from '../runner/engine/run.js';
import { exampleCatalogue, exampleCheck, exampleScenario, failingRun } from './support/report-examples.js';

describe('the slice rule: round-robin over plan order', () => {
  const plan = Array.from({ length: 10 }, (_, i) => `u${i}`);

  it('puts every unit in exactly one shard, shards within one unit of each other', () => {
    for (let count = 1; count <= 12; count++) {
      const slices = Array.from({ length: count }, (_, i) => sliceForShard(plan, { index: i + 1, count }));
      expect(slices.flat().sort()).toEqual([...plan].sort());
      const sizes = slices.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      slices.forEach((slice, i) => expect(slice.length).toBe(shardSize(plan.length, { index: i + 1, count })));
      expect(interleaveShards(slices)).toEqual(plan);
    }
  });

  it('deals the units out in turn, keeping plan order inside a shard', () => {
    expect(sliceForShard(plan, { index: 1, count: 3 })).toEqual(['u0', 'u3', 'u6', 'u9']);
    expect(sliceForShard(plan, { index: 3, count: 3 })).toEqual(['u2', 'u5', 'u8']);
    expect(shardOfPosition(7, 3)).toBe(2);
  });

  it('leaves the shards beyond a small plan empty', () => {
    expect(sliceForShard(['a', 'b'], { index: 3, count: 4 })).toEqual([]);
    expect(shardSize(2, { index: 3, count: 4 })).toBe(0);
    expect(interleaveShards([['a'], ['b'], [], []])).toEqual(['a', 'b']);
  });

  it('refuses slices that are not the shards of one plan', () => {
    expect(() => interleaveShards([['a', 'c', 'e'], ['b']])).toThrow('shard 1/2 holds 3 units; a plan of 4 gives it 2');
  });

  it('fingerprints a plan by its units in order', () => {
    const a = { revision: '2025-06-18', id: 'x' };
    const b = { revision: '2025-11-25', id: 'x' };
    expect(planFingerprint([a, b])).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(planFingerprint([a, b])).not.toBe(planFingerprint([b, a]));
  });
});

describe('--shard i/n', () => {
  it.each([
    ['1/3', { index: 1, count: 3 }],
    ['3/3', { index: 3, count: 3 }],
    ['1/1', { index: 1, count: 1 }],
  ])('reads %s', (value, expected) => expect(parseShard(value)).toEqual(expected));

  it.each([
    ['0/3', '--shard 0/3: shards are counted from 1 (1/3 to 3/3)'],
    ['4/3', '--shard 4/3: there are only 3 shards (1/3 to 3/3)'],
    ['2/1', '--shard 2/1: there is only 1 shard (1/1 to 1/1)'],
    ['1/0', '--shard 1/0: the number of shards must be from 1 to 1000'],
    ['a/b', '--shard "a/b" is not i/n (e.g. --shard 2/3: the second of three shards)'],
    ['2', '--shard "2" is not i/n (e.g. --shard 2/3: the second of three shards)'],
    ['-1/3', '--shard "-1/3" is not i/n (e.g. --shard 2/3: the second of three shards)'],
    ['1.5/3', '--shard "1.5/3" is not i/n (e.g. --shard 2/3: the second of three shards)'],
  ])('refuses %s', (value, message) => {
    expect(() => parseShard(value)).toThrow(UsageError);
    expect(() => parseShard(value)).toThrow(message);
  });

  it('is checked by the programmatic run() too, before anything is launched', async () => {
    const target = { kind: 'command' as const, command: 'node -e "throw new Error(\'must not start\')"', env: {} };
    await expect(run({ target, specVersion: 'auto', shard: { index: 4, count: 3 } })).rejects.toThrow('shard 4/3 does not exist: the index runs from 1 to the count');
  });
});

/** A run of five scenarios at two revisions: failingRun's three at 2025-06-18, two more at 2025-11-25. */
function wholeRun(): Report {
  const report = failingRun();
  const later = [
    exampleScenario([exampleCheck({ status: 'failed', message: 'no answer' })], { revision: '2025-11-25', transcript: 'transcripts/2025-11-25/ping.jsonl' }),
    exampleScenario([exampleCheck()], { id: '2024-11-05/server/lifecycle/initialize', revision: '2025-11-25' }),
  ];
  report.scenarios.push(...later);
  report.options.specVersion = 'all';
  report.options.profile = 'auto';
  const catalogue = exampleCatalogue(report.scenarios);
  report.revisions = ['2025-06-18', '2025-11-25'].map((revision) => ({ revision, negotiated: revision, supported: true, requirements: rollupRequirements(revision, report.scenarios, catalogue) }));
  report.summary = summarize(report.scenarios, 'should');
  return report;
}

/** The reports the shards of `whole` would write: each slice, its own summary and rollups, its shard record. */
function shardsOf(whole: Report, count: number): ShardInput[] {
  const plan = planFingerprint(whole.scenarios);
  return Array.from({ length: count }, (_, i) => {
    const scenarios = sliceForShard(whole.scenarios, { index: i + 1, count });
    const report: Report = {
      ...structuredClone(whole),
      startedAt: `2025-07-01T10:00:0${i}.000Z`,
      finishedAt: `2025-07-01T10:00:0${i + 3}.000Z`,
      scenarios: structuredClone(scenarios),
      summary: summarize(scenarios, whole.options.failOn),
      revisions: whole.revisions.map((run) => ({ ...run, requirements: rollupRequirements(run.revision, scenarios, exampleCatalogue(whole.scenarios)) })),
      shard: { index: i + 1, count, planned: whole.scenarios.length, plan },
    };
    return { source: `out-${i + 1}/report.json`, report };
  });
}

function refusal(inputs: ShardInput[]): string {
  try {
    mergeShardReports(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(MergeError);
    return (error as Error).message;
  }
  throw new Error('the merge was not refused');
}

describe('report merge', () => {
  it.each([1, 2, 3, 5, 7])('puts %i shards back into the unsharded report, whatever order they are given in', (count) => {
    const whole = wholeRun();
    const shards = shardsOf(whole, count);
    for (const s of shards) expect(validateReport(s.report)).toEqual([]);
    const { report, origins } = mergeShardReports([...shards].reverse());
    expect(validateReport(report)).toEqual([]);
    expect({ ...report, startedAt: '', finishedAt: '', durationMs: 0 }).toEqual({ ...whole, startedAt: '', finishedAt: '', durationMs: 0 });
    expect(report.startedAt).toBe('2025-07-01T10:00:00.000Z');
    expect(report.finishedAt).toBe(`2025-07-01T10:00:0${count + 2}.000Z`);
    expect(origins).toEqual(whole.scenarios.map((_, position) => `out-${shardOfPosition(position, count)}/report.json`));
    expect(report.summary).toMatchObject({ verdict: 'non-conformant', exitCode: 1 });
  });

  it('a shard report says in the console that it is one shard, with how much of the plan it holds', () => {
    const [, second] = shardsOf(wholeRun(), 3);
    // The header wraps at 100 columns, so compare with line breaks as spaces.
    const header = renderConsole(second!.report, { color: false, verbose: false }).split('\n\n')[0]!.replace(/\s+/g, ' ');
    expect(header).toMatch(/; shard 2\/3 \(2 of 5 planned scenario runs\), merge the shards for the run's verdict$/);
    expect(renderConsole(wholeRun(), { color: false, verbose: false })).not.toContain('shard');
  });

  it('recomputes the verdict: a conformant shard does not make a conformant run', () => {
    const shards = shardsOf(wholeRun(), 5);
    expect(shards[2]!.report.summary.verdict).toBe('conformant');
    expect(mergeShardReports(shards).report.summary.verdict).toBe('non-conformant');
  });

  it('keeps the first target exit in plan order, counting every shard that saw one', () => {
    const shards = shardsOf(wholeRun(), 2);
    const [one, two] = shards.map((s) => s.report) as [Report, Report];
    one.targetExit = { scenario: one.scenarios[1]!.id, revision: one.scenarios[1]!.revision, exit: 'code 3', stderr: ['late'], scenarios: 1 };
    two.targetExit = { scenario: two.scenarios[0]!.id, revision: two.scenarios[0]!.revision, exit: 'code 1', stderr: ['early'], scenarios: 2 };
    expect(mergeShardReports(shards).report.targetExit).toEqual({ ...two.targetExit, scenarios: 3 });
  });

  const edits: [string, (shards: ShardInput[]) => ShardInput[], string][] = [
    ['a report that is not a shard', (s) => (delete s[1]!.report.shard, s), 'out-2/report.json is not the report of a shard (its run had no --shard i/n)'],
    [
      'a shard that did not complete',
      (s) => ((s[0]!.report.fatal = { kind: 'unreachable', message: 'cannot start\nmore' }), s),
      'out-1/report.json (shard 1/3) is the report of a run that did not complete (unreachable: cannot start); run that shard again',
    ],
    ['shards of different counts', (s) => ((s[2]!.report.shard = { ...s[2]!.report.shard!, count: 4 }), s), 'shard counts differ: out-1/report.json is shard 1/3, out-3/report.json is shard 3/4'],
    ['a shard given twice', (s) => [s[0]!, s[1]!, { ...s[1]!, source: 'copy/report.json' }, s[2]!], 'shard 2/3 is given twice: out-2/report.json and copy/report.json'],
    ['a missing shard', (s) => [s[0]!, s[2]!], 'shard 2/3 is missing (given: 1/3 out-1/report.json, 3/3 out-3/report.json)'],
    ['two missing shards', (s) => [s[2]!], 'shards 1/3, 2/3 are missing (given: 3/3 out-3/report.json)'],
    [
      'another tool version',
      (s) => ((s[1]!.report.tool = { name: 'mcp-conformance', version: '0.2.0' }), s),
      'tool version differs: out-1/report.json has mcp-conformance 0.1.0, out-2/report.json has mcp-conformance 0.2.0; merge only the shards of one run',
    ],
    [
      'another target',
      (s) => ((s[1]!.report.target.info = { name: 'example-server', version: '1.2.4' }), s),
      'target.info.version differs: out-1/report.json has 1.2.3, out-2/report.json has 1.2.4; merge only the shards of one run',
    ],
    [
      'another spec version',
      (s) => ((s[2]!.report.options.specVersion = '2025-06-18'), s),
      'option --spec-version differs: out-1/report.json has all, out-3/report.json has 2025-06-18; merge only the shards of one run',
    ],
    ['another profile', (s) => ((s[1]!.report.options.profile = 'blackbox'), s), 'option --profile differs: out-1/report.json has auto, out-2/report.json has blackbox'],
    ['other filters', (s) => ((s[1]!.report.options.scenarios = ['base']), s), 'option --scenario differs: out-1/report.json has (not given), out-2/report.json has ["base"]'],
    ['another fail-on', (s) => ((s[1]!.report.options.failOn = 'must'), s), 'option --fail-on differs: out-1/report.json has should, out-2/report.json has must'],
    ['another baseline', (s) => ((s[1]!.report.options.baseline = 'b.yml'), s), 'option --baseline differs: out-1/report.json has (not given), out-2/report.json has b.yml'],
    [
      'another revision outcome',
      (s) => ((s[1]!.report.revisions[1]!.negotiated = '2025-06-18'), s),
      'revisions[1].negotiated differs: out-1/report.json has 2025-11-25, out-2/report.json has 2025-06-18',
    ],
    ['another plan', (s) => ((s[1]!.report.shard!.plan = `sha256:${'1'.repeat(64)}`), s), `plan fingerprint differs: out-1/report.json has sha256:`],
    [
      'a shard with a scenario removed',
      (s) => (s[1]!.report.scenarios.pop(), s),
      'out-2/report.json (shard 2/3) holds 1 scenario runs, but 2 of the 5 planned belong to it',
    ],
    [
      'a shard with its scenarios reordered',
      (s) => (s[0]!.report.scenarios.reverse(), s),
      'the merged scenarios do not reproduce the plan the shards were cut from (fingerprint sha256:',
    ],
  ];
  it.each(edits)('refuses %s', (_what, edit, message) => {
    expect(refusal(edit(shardsOf(wholeRun(), 3)))).toContain(message);
  });

  it('accepts a server each shard started on its own free port, and nothing else that differs in the URL', () => {
    const shards = shardsOf(wholeRun(), 2);
    const at = (port: number, path = 'mcp') => ({ role: 'server' as const, transport: 'streamable-http', url: `http://127.0.0.1:${port}/${path}`, command: `node s.js --port ${port} --workers 4` });
    shards[0]!.report.target = at(41234);
    shards[1]!.report.target = at(35001);
    shards[0]!.report.revisions[0]!.note = 'HTTP 404 from http://127.0.0.1:41234/mcp';
    shards[1]!.report.revisions[0]!.note = 'HTTP 404 from http://127.0.0.1:35001/mcp';
    const merged = mergeShardReports(shards).report;
    expect(merged.target).toEqual(at(41234));
    expect(merged.revisions[0]!.note).toBe('HTTP 404 from http://127.0.0.1:41234/mcp');
    shards[1]!.report.target = at(35001, 'other');
    expect(refusal(shards)).toBe(
      'target.url differs: out-1/report.json has http://127.0.0.1:{port}/mcp, out-2/report.json has http://127.0.0.1:{port}/other; merge only the shards of one run',
    );
  });

  it('accepts filters given in another order, and differing jobs', () => {
    const whole = wholeRun();
    whole.options.scenarios = ['base', 'lifecycle'];
    const shards = shardsOf(whole, 2);
    shards[1]!.report.options.scenarios = ['lifecycle', 'base'];
    shards[1]!.report.options.jobs = 7;
    expect(mergeShardReports(shards).report.options).toEqual(whole.options);
  });
});
