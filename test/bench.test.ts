/**
 * The bench's command line (bench/options.mjs) and one `--compare` pass against the reference server. Nothing here
 * measures or asserts a duration: the bench itself is run by hand (`npm run bench`), never by `npm test`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { allRows, BenchUsageError, fillCommand, median, parseOptions, selectRows, shellWord, spread, table } from '../bench/options.mjs';
import { root } from './support/cli.js';

const exec = promisify(execFile);
const BENCH = join(root, 'bench', 'run.mjs');

describe('bench options', () => {
  it('default to 5 runs, 10 cold starts and 5 pairs; the environment and then the flags override them', () => {
    expect(parseOptions([])).toMatchObject({ only: [], runs: 5, coldRuns: 10, pairs: 5, compare: undefined, extra: [] });
    const env = { BENCH_RUNS: '3', BENCH_COLD_RUNS: '4', BENCH_PAIRS: '2', BENCH_ONLY: 'reference,cli' };
    expect(parseOptions([], env)).toMatchObject({ only: ['reference', 'cli'], runs: 3, coldRuns: 4, pairs: 2 });
    expect(parseOptions(['--runs', '7', '--cold-runs=1', '--only', 'everything/http', '--only', '/all,cli'], env)).toMatchObject({
      only: ['everything/http', '/all', 'cli'],
      runs: 7,
      coldRuns: 1,
    });
  });

  it('pass what follows -- to our runs, and keep the compared command as one value', () => {
    const options = parseOptions(['--compare', 'other {url} --out {out}', '--pairs', '3', '--', '--scenario', 'base', '--only']);
    expect(options).toMatchObject({ compare: 'other {url} --out {out}', pairs: 3, extra: ['--scenario', 'base', '--only'] });
  });

  it('refuse counts below 1, unknown flags, a missing value and an empty command', () => {
    for (const argv of [['--runs', '0'], ['--pairs', 'two'], ['--fast'], ['--only'], ['--compare', ' ']]) {
      expect(() => parseOptions(argv), argv.join(' ')).toThrow(BenchUsageError);
    }
    expect(() => parseOptions([], { BENCH_RUNS: '1.5' })).toThrow(BenchUsageError);
  });
});

describe('bench rows', () => {
  it('are target x transport x revision set, the client role, then the cold starts', () => {
    const ids = allRows().map((r) => r.id);
    expect(ids).toEqual([
      'reference/stdio/auto',
      'reference/stdio/all',
      'reference/http/auto',
      'reference/http/all',
      'everything/stdio/auto',
      'everything/stdio/all',
      'everything/http/auto',
      'everything/http/all',
      'scale/stdio/auto',
      'scale/http/auto',
      'client/stdio/all',
      'client/http/all',
      'cli/--version',
      'cli/--help',
      'cli/list',
    ]);
  });

  it('are selected by any filter they contain; a filter that selects nothing is a mistake', () => {
    const ids = (only: string[], compare?: string) => selectRows({ only, compare }).map((r) => r.id);
    expect(ids([])).toHaveLength(13);
    expect(ids(['reference/http'])).toEqual(['reference/http/auto', 'reference/http/all']);
    expect(ids(['everything/stdio/auto', 'cli/list'])).toEqual(['everything/stdio/auto', 'cli/list']);
    expect(ids(['/all'])).toHaveLength(6);
    expect(ids([], 'other')).toHaveLength(8);
    expect(() => ids(['refrence'])).toThrow(/selects no row/);
    // The cold starts cannot be compared: only conformance series can.
    expect(() => ids(['cli'], 'other')).toThrow(BenchUsageError);
  });

  it('leave the slow scale rows out unless a filter starts with scale', () => {
    const ids = (only: string[]) => selectRows({ only, compare: undefined }).map((r) => r.id);
    expect(ids([])).not.toContain('scale/stdio/auto');
    expect(ids(['stdio'])).toEqual(['reference/stdio/auto', 'reference/stdio/all', 'everything/stdio/auto', 'everything/stdio/all', 'client/stdio/all']);
    expect(ids(['scale'])).toEqual(['scale/stdio/auto', 'scale/http/auto']);
    expect(ids(['scale/http', 'cli/list'])).toEqual(['scale/http/auto', 'cli/list']);
  });
});

describe('--compare placeholders', () => {
  const stdio = { command: "node '/a b/server.js' --stdio", spec: 'auto', out: '/tmp/o 1' };
  const http = { url: 'http://127.0.0.1:4000/mcp', spec: 'all', out: '/tmp/o2' };

  it('fill the target, the revision set and a fresh folder, each as one shell word', () => {
    expect(fillCommand('tool {target} --spec {spec} --out {out}', stdio)).toEqual({ command: `tool ${shellWord(stdio.command)} --spec auto --out '/tmp/o 1'` });
    expect(fillCommand('tool --command {command}', stdio).command).toBe(`tool --command 'node '\\''/a b/server.js'\\'' --stdio'`);
    expect(fillCommand('tool --url {url} {target}', http)).toEqual({ command: 'tool --url http://127.0.0.1:4000/mcp http://127.0.0.1:4000/mcp' });
  });

  it('skip a series whose transport the command cannot take, and leave unknown braces alone', () => {
    expect(fillCommand('tool --url {url}', stdio)).toEqual({ skip: '{url} has no value over stdio' });
    expect(fillCommand('tool --command {command}', http)).toEqual({ skip: '{command} has no value over HTTP' });
    expect(fillCommand("tool {target} --jq '{x}'", http).command).toBe("tool http://127.0.0.1:4000/mcp --jq '{x}'");
  });
});

describe('bench statistics', () => {
  it('print the median and the range, in an aligned table', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(spread([1.04, 3, 2], 1)).toBe('2.0 (1.0-3.0)');
    expect(table([['row', 'ms'], ['a', 5], ['long', 10]])).toBe('row   ms\na      5\nlong  10');
  });
});

describe('bench script', () => {
  it('answers --help and refuses a filter that selects nothing (exit 2), without measuring', async () => {
    const help = await exec(process.execPath, [BENCH, '--help'], { cwd: root });
    expect(help.stdout).toContain('--compare "CMD"');
    const typo = await exec(process.execPath, [BENCH, '--only', 'refrence'], { cwd: root }).catch((err: { code: number; stderr: string }) => err);
    expect(typo).toMatchObject({ code: 2 });
    expect((typo as { stderr: string }).stderr).toMatch(/--only refrence selects no row/);
  });

  it('compares another command with ours on the reference over stdio: one pair, a ratio, the other side run through sh', async () => {
    // The other side is a node one-liner that prints the words it was given; ours runs only the unknown-method scenario (it runs at every revision).
    const other = `node -e "process.stdout.write(JSON.stringify(process.argv.slice(1)))" {target} {spec} {out}`;
    const { stdout } = await exec(process.execPath, [BENCH, '--only', 'reference/stdio/auto', '--pairs', '1', '--json', '--compare', other, '--', '--scenario', 'base/unknown-method'], {
      cwd: root,
      timeout: 120_000,
    });
    const [json] = stdout.split('\n').filter((line) => line.startsWith('{'));
    const row = JSON.parse(json ?? '{}') as { id: string; oursMs: number[]; otherMs: number[]; ratios: number[]; otherExitCodes: number[] };
    expect(row).toMatchObject({ id: 'reference/stdio/auto', otherExitCodes: [0] });
    expect([row.oursMs.length, row.otherMs.length, row.ratios.length]).toEqual([1, 1, 1]);
    expect(stdout).toMatch(/^reference\/stdio\/auto +1 /m);
  }, 180_000);
});
