import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORTERS, renderConsole, renderJson, type Reporter, type ReporterOutput } from '../reports/index.js';
import { exitCodeAfterReports, OutDirError, prepareOutDir, writeReports, type OutputIo } from '../runner/cli/outputs.js';
import { conformantRun, failingRun } from './support/report-examples.js';

const root = mkdtempSync(join(tmpdir(), 'mcpc-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let serial = 0;
const freshDir = (): string => join(root, `out-${++serial}`);
const render = { color: false, verbose: false };

/** Captures what the CLI would print, with a chosen environment. */
function capture(env: Record<string, string | undefined> = {}): OutputIo & { out: string; err: string } {
  const io = { out: '', err: '', env, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

/** A test reporter returning fixed outputs (declaring their files, unless told which), or throwing. */
function fixed<N extends string>(name: N, outputs: ReporterOutput[] | (() => never), files?: string[]): Reporter<N> {
  const declared = files ?? (typeof outputs === 'function' ? [] : outputs.flatMap((o) => (o.kind === 'file' ? [o.path] : [])));
  return { name, description: `test reporter ${name}`, files: declared, render: () => (typeof outputs === 'function' ? outputs() : outputs) };
}

describe('writeReports with the real registry', () => {
  it('prints console on stdout and writes report.json, creating the output folder', () => {
    const outDir = freshDir();
    const io = capture();
    const report = failingRun();
    expect(writeReports(report, ['console', 'json'], REPORTERS, { outDir, render, io })).toEqual([]);
    expect(io.out).toBe(renderConsole(report, render));
    expect(io.err).toBe('');
    expect(readFileSync(join(outDir, 'report.json'), 'utf8')).toBe(renderJson(report));
    expect(readdirSync(outDir)).toEqual(['report.json']);
  });

  it('creates no output folder when nothing is written to it', () => {
    const outDir = freshDir();
    expect(writeReports(conformantRun(), ['console'], REPORTERS, { outDir, render, io: capture() })).toEqual([]);
    expect(existsSync(outDir)).toBe(false);
  });
});

describe('a reporter that fails does not stop the others', () => {
  it('reports a throwing reporter on one stderr line, runs the rest in order, and makes the exit code 3', () => {
    const outDir = freshDir();
    const io = capture();
    const registry = {
      first: fixed('first', [{ kind: 'stdout', text: 'first' }]),
      boom: fixed('boom', () => {
        throw new Error('kaboom\n    at render (boom.ts:1:1)');
      }),
      last: fixed('last', [{ kind: 'file', path: 'last.txt', content: 'last' }]),
    };
    const failures = writeReports(conformantRun(), ['first', 'boom', 'last'], registry, { outDir, render, io });
    expect(failures).toEqual([{ reporter: 'boom', message: 'threw: kaboom at render (boom.ts:1:1)' }]);
    expect(io.err).toBe('mcp-conformance: reporter "boom" failed: threw: kaboom at render (boom.ts:1:1)\n');
    expect(io.out).toBe('first\n');
    expect(readFileSync(join(outDir, 'last.txt'), 'utf8')).toBe('last');
    expect(exitCodeAfterReports(0, failures)).toBe(3);
    expect(exitCodeAfterReports(1, failures)).toBe(3);
  });

  it('names the error type of a non-plain error, and copes with a thrown non-error', () => {
    const io = capture();
    const registry = {
      typed: fixed('typed', () => {
        throw new TypeError('x is undefined');
      }),
      odd: fixed('odd', () => {
        throw 42 as unknown as Error;
      }),
    };
    const failures = writeReports(conformantRun(), ['typed', 'odd'], registry, { outDir: freshDir(), render, io });
    expect(failures.map((f) => f.message)).toEqual(['threw: TypeError: x is undefined', 'threw: 42']);
  });

  it('reports an output that cannot be written, still performing the others', () => {
    const blocker = join(root, `a-file-${++serial}`);
    writeFileSync(blocker, 'not a folder');
    const io = capture();
    const failures = writeReports(failingRun(), ['json', 'console'], REPORTERS, { outDir: blocker, render, io });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.reporter).toBe('json');
    expect(failures[0]?.message).toMatch(new RegExp(`^cannot write ${blocker}/report\\.json: E(EXIST|NOTDIR)`));
    expect(io.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(io.out).toBe(renderConsole(failingRun(), render));
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
  });

  it('passes the run exit code through when every reporter succeeded', () => {
    for (const code of [0, 1, 2, 3]) expect(exitCodeAfterReports(code, [])).toBe(code);
  });
});

describe('file outputs', () => {
  it('writes several files per reporter, creating sub-folders, replacing old files, leaving no temporary file', () => {
    const outDir = freshDir();
    const registry = {
      badge: fixed('badge', [
        { kind: 'file', path: 'badge.svg', content: '<svg/>' },
        { kind: 'file', path: 'badges/2025-06-18/server.json', content: '{"schemaVersion":1}' },
      ]),
    };
    expect(writeReports(conformantRun(), ['badge'], registry, { outDir, render, io: capture() })).toEqual([]);
    expect(writeReports(conformantRun(), ['badge'], registry, { outDir, render, io: capture() })).toEqual([]);
    expect(readFileSync(join(outDir, 'badge.svg'), 'utf8')).toBe('<svg/>');
    expect(readFileSync(join(outDir, 'badges', '2025-06-18', 'server.json'), 'utf8')).toBe('{"schemaVersion":1}');
    expect(readdirSync(outDir).sort()).toEqual(['badge.svg', 'badges']);
  });

  it.each(['../escape.txt', 'a/../../escape.txt', '/tmp/absolute.txt', 'C:\\absolute.txt', 'a\\b.txt', './here.txt', 'a//b.txt', '', '..'])(
    'rejects the path %j as a harness bug and writes nothing for that reporter',
    (path) => {
      const outDir = freshDir();
      const io = capture();
      const registry = {
        bad: fixed('bad', [
          { kind: 'file', path: 'good.txt', content: 'written only if every path is good' },
          { kind: 'file', path, content: 'escaped' },
          { kind: 'stdout', text: 'not printed either' },
        ]),
        after: fixed('after', [{ kind: 'stdout', text: 'after' }]),
      };
      const failures = writeReports(conformantRun(), ['bad', 'after'], registry, { outDir, render, io });
      expect(failures).toEqual([
        { reporter: 'bad', message: `harness bug: file path ${JSON.stringify(path)} is not a relative path inside the output folder` },
      ]);
      expect(existsSync(outDir)).toBe(false);
      expect(existsSync(join(root, 'escape.txt'))).toBe(false);
      expect(io.out).toBe('after\n');
    },
  );

  it('refuses a file the reporter does not declare (a run could not clear it), writing nothing of that reporter', () => {
    const outDir = freshDir();
    const io = capture();
    const registry = {
      sneaky: fixed('sneaky', [
        { kind: 'file', path: 'declared.txt', content: 'declared' },
        { kind: 'file', path: 'undeclared.txt', content: 'undeclared' },
      ], ['declared.txt']),
    };
    const failures = writeReports(conformantRun(), ['sneaky'], registry, { outDir, render, io });
    expect(failures).toEqual([{ reporter: 'sneaky', message: 'harness bug: file "undeclared.txt" is not among the files it declares' }]);
    expect(existsSync(outDir)).toBe(false);
  });

  it('every real reporter declares the files it writes', () => {
    for (const reporter of Object.values(REPORTERS)) {
      const written = reporter.render(failingRun(), render).flatMap((o) => (o.kind === 'file' ? [o.path] : []));
      // The badge declares one file pair per role and known revision; a report writes those of its own revisions.
      if (reporter.name === 'badge') expect(reporter.files, reporter.name).toEqual(expect.arrayContaining(written));
      else expect([...reporter.files].sort(), reporter.name).toEqual(written.sort());
    }
  });

  it('refuses a second write to the same file, keeping the first', () => {
    const outDir = freshDir();
    const registry = {
      one: fixed('one', [{ kind: 'file', path: 'report.json', content: 'one' }]),
      two: fixed('two', [{ kind: 'file', path: 'report.json', content: 'two' }]),
      twice: fixed('twice', [
        { kind: 'file', path: 'x.txt', content: '1' },
        { kind: 'file', path: 'x.txt', content: '2' },
      ]),
    };
    const failures = writeReports(conformantRun(), ['one', 'two', 'twice'], registry, { outDir, render, io: capture() });
    expect(failures).toEqual([
      { reporter: 'two', message: `harness bug: ${join(outDir, 'report.json')} is written twice` },
      { reporter: 'twice', message: `harness bug: ${join(outDir, 'x.txt')} is written twice` },
    ]);
    expect(readFileSync(join(outDir, 'report.json'), 'utf8')).toBe('one');
    expect(existsSync(join(outDir, 'x.txt'))).toBe(false);
  });
});

describe('append outputs', () => {
  const summary = fixed('summary', [{ kind: 'append', env: 'GITHUB_STEP_SUMMARY', content: '## conformance\n' }]);

  it('append to the file named by the environment variable, keeping what is there', () => {
    const file = join(root, `step-summary-${++serial}.md`);
    writeFileSync(file, '# earlier step\n');
    const io = capture({ GITHUB_STEP_SUMMARY: file });
    expect(writeReports(conformantRun(), ['summary'], { summary }, { outDir: freshDir(), render, io })).toEqual([]);
    expect(writeReports(conformantRun(), ['summary'], { summary }, { outDir: freshDir(), render, io })).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('# earlier step\n## conformance\n## conformance\n');
  });

  it.each([undefined, ''])('are skipped silently when the variable is %j', (value) => {
    const io = capture({ GITHUB_STEP_SUMMARY: value });
    expect(writeReports(conformantRun(), ['summary'], { summary }, { outDir: freshDir(), render, io })).toEqual([]);
    expect(io.err).toBe('');
  });

  it('fail, naming the file and the variable, when the file cannot be appended to', () => {
    const file = join(root, 'no-such-folder', 'summary.md');
    const io = capture({ GITHUB_STEP_SUMMARY: file });
    const failures = writeReports(conformantRun(), ['summary'], { summary }, { outDir: freshDir(), render, io });
    expect(failures[0]?.message).toMatch(new RegExp(`^cannot append to ${file} \\(named by GITHUB_STEP_SUMMARY\\): ENOENT`));
  });
});

describe('prepareOutDir', () => {
  const registry = {
    one: fixed('one', [{ kind: 'file', path: 'one.json', content: '1' }]),
    two: fixed('two', [{ kind: 'file', path: 'sub/two.txt', content: '2' }]),
    out: fixed('out', [{ kind: 'stdout', text: 'x' }]),
  };

  it('creates the folder, and removes only the files the chosen reporters write', () => {
    const outDir = join(freshDir(), 'nested', 'out');
    prepareOutDir(outDir, ['one', 'out'], registry);
    expect(readdirSync(outDir)).toEqual([]);
    mkdirSync(join(outDir, 'sub'));
    for (const file of ['one.json', 'sub/two.txt', 'mine.txt']) writeFileSync(join(outDir, file), 'old');
    prepareOutDir(outDir, ['one', 'out'], registry);
    expect(readdirSync(outDir, { recursive: true }).sort()).toEqual(['mine.txt', 'sub', 'sub/two.txt']);
    prepareOutDir(outDir, ['two'], registry);
    expect(readdirSync(outDir, { recursive: true }).sort()).toEqual(['mine.txt', 'sub']);
  });

  it('says in one line why a folder cannot be used', () => {
    const blocker = join(root, `a-file-${++serial}`);
    writeFileSync(blocker, 'not a folder');
    const target = join(blocker, 'sub');
    expect(() => prepareOutDir(target, ['one'], registry)).toThrow(OutDirError);
    expect(() => prepareOutDir(target, ['one'], registry)).toThrow(new RegExp(`^cannot use ${target} as the output folder \\(--out\\): ENOTDIR: [^\\n]+$`));
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
  });

  it('refuses to clear a declared file that is a folder', () => {
    const outDir = freshDir();
    mkdirSync(join(outDir, 'one.json'), { recursive: true });
    writeFileSync(join(outDir, 'one.json', 'inside.txt'), 'kept');
    expect(() => prepareOutDir(outDir, ['one'], registry)).toThrow(OutDirError);
    expect(readFileSync(join(outDir, 'one.json', 'inside.txt'), 'utf8')).toBe('kept');
  });
});
