/**
 * The CLI never passes silently and never loses or muddles a run's output: a filter that selects nothing is
 * a usage error, every run starts its output folder clean (touching only what it owns), an unusable --out
 * is refused before the run, and a fatal reason is printed once.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../reports/schema.js';
import type { Report } from '../reports/types.js';
import { outputsLine } from '../runner/cli/status-lines.js';
import { referenceCommand, root, runCli, type CliRun } from './support/cli.js';

/** The CLI's last line on stderr: where it wrote report.json (and the transcripts, when scenarios ran). */
const wrote = (run: CliRun, transcripts = false): string => outputsLine(run.outDir, [join(run.outDir, 'report.json')], transcripts, root);

const scratch = (): string => mkdtempSync(join(tmpdir(), 'mcpc-trust-'));
const CRASH_AFTER_PING = `node ${join(import.meta.dirname, 'support', 'crash-after-ping.mjs')}`;

/**
 * The reference server over stdio, behind a shell that first creates a marker file: whether the marker exists
 * tells whether the CLI launched the target at all.
 */
function markedReference(): { command: string; launched: () => boolean } {
  const marker = join(scratch(), 'launched');
  return { command: `touch ${marker} && exec ${referenceCommand()}`, launched: () => existsSync(marker) };
}

/** Every transcript line of a file, parsed. */
function transcript(path: string): { seq: number; dir: string; lane: string; frame: string }[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { seq: number; dir: string; lane: string; frame: string });
}

/** The report.json in a folder given as --out (runCli reads only its own). */
function report(out: string): Report {
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
}

/** Every file under a folder, relative to it, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('a --scenario filter that selects nothing to run is a usage error, never a pass', () => {
  it('matching no scenario at all: exit 2 before anything is launched, one line with close matches', async () => {
    const target = markedReference();
    const run = await runCli(['server', '--command', target.command, '--scenario', 'base/pign']);
    expect(run.stderr).toBe(
      'mcp-conformance: --scenario "base/pign" matches no server scenario; did you mean base/ping? (`mcp-conformance list scenarios` shows them all)\n',
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(target.launched()).toBe(false);
    expect(run.report).toBeUndefined();
  });

  it('matching nothing, among filters that match: still an error, naming only the bad one', async () => {
    const run = await runCli([referenceCommand(), '--scenario', 'base/ping', '--scenario', 'nosuchthing']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('mcp-conformance: --scenario "nosuchthing" matches no server scenario (`mcp-conformance list scenarios` shows them all)\n');
  });

  it('matching only scenarios that do not run at the chosen revision: exit 2 after the probe, with report.json', async () => {
    const run = await runCli(['server', '--command', referenceCommand(), '--scenario', 'base/batch', '--spec-version', '2025-11-25']);
    expect(run.code).toBe(2);
    const message = '--scenario "base/batch" selects no scenario at 2025-11-25: its scenarios run at 2025-03-26 (choose one with --spec-version, or all)';
    expect(run.stderr).toBe(`mcp-conformance: ${message}\n${wrote(run)}`);
    expect(validateReport(run.report)).toEqual([]);
    expect(run.report!.fatal).toEqual({ kind: 'usage', message });
    expect(run.report!.summary).toMatchObject({ verdict: 'error', exitCode: 2 });
    expect(run.report!.scenarios).toEqual([]);
    // The console names the kind once; the reason is on stderr only.
    expect(run.stdout).toContain('fatal: usage error; the run ended early');
    expect(run.stdout).not.toContain('base/batch');
  });

  it('matching only scenarios for another transport: exit 2 after the probe, naming why none applies', async () => {
    const run = await runCli(['server', '--command', referenceCommand(), '--scenario', 'http']);
    expect(run.code).toBe(2);
    const message = '--scenario http selects only scenarios that do not apply to this target (applies to streamable-http only)';
    expect(run.stderr).toBe(`mcp-conformance: ${message}\n${wrote(run)}`);
    expect(run.report!.fatal).toEqual({ kind: 'usage', message });
    // With one filter that selects something runnable, the others' skips are reported, not refused.
    const mixed = await runCli(['server', '--command', referenceCommand(), '--scenario', 'http', '--scenario', 'base/ping']);
    expect(mixed.code).toBe(0);
  });

  it('the same filter at a revision where it runs is fine', async () => {
    const run = await runCli(['server', '--command', referenceCommand(), '--scenario', 'base/batch', '--spec-version', '2025-03-26']);
    expect(run.code).toBe(0);
    expect(run.report!.scenarios.map((s) => [s.id, s.revision, s.status])).toEqual([['2025-03-26/server/base/batch', '2025-03-26', 'passed']]);
    expect(run.stderr).toBe(`mcp-conformance: running 1 scenario at 2025-03-26\n${wrote(run, true)}`);
  });
});

describe('each run starts its output folder clean, and touches only what it owns', () => {
  it('replaces transcripts instead of appending, drops those of scenarios not re-run, keeps the user\'s files', async () => {
    const out = scratch();
    const args = ['server', '--command', referenceCommand(), '--out', out, '--spec-version', '2025-11-25'];
    const first = await runCli([...args, '--scenario', 'base/ping', '--scenario', 'base/unknown-method'], { out: false });
    expect(first.code).toBe(0);
    const [ping, unknown] = report(out).scenarios.map((s) => s.transcript!);
    // With a revision named, the probes offer it and the stateless era's version (does the server serve both eras?).
    expect(tree(out)).toEqual(['report.json', 'transcripts/2025-11-25/2024-11-05__server__base__ping.jsonl', 'transcripts/2025-11-25/2024-11-05__server__base__unknown-method.jsonl', ...['2025-11-25', '2026-07-28'].map((r) => `transcripts/probe/${r}.jsonl`)].sort());
    // Files that are not the tool's, even where it writes.
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'transcripts', 'README.txt'), 'mine');
    writeFileSync(join(out, 'transcripts', '2025-11-25', 'notes.txt'), 'mine');
    mkdirSync(join(out, 'transcripts', 'mine'));
    writeFileSync(join(out, 'transcripts', 'mine', 'old.jsonl'), 'mine');

    const second = await runCli([...args, '--scenario', 'base/ping'], { out: false });
    expect(second.code).toBe(0);
    expect(report(out).scenarios.map((s) => s.transcript)).toEqual([ping]);
    expect(existsSync(join(out, unknown!))).toBe(false);
    const entries = transcript(join(out, ping!));
    // One run's frames only: numbered from 1, each once, one handshake sent.
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries.filter((e) => e.dir === 'send' && e.frame.includes('"method":"initialize"'))).toHaveLength(1);
    for (const probe of readdirSync(join(out, 'transcripts', 'probe'))) {
      // One bootstrap request each: initialize, or server/discover for the stateless revisions.
      expect(transcript(join(out, 'transcripts', 'probe', probe)).filter((e) => e.dir === 'send' && /"method":"(initialize|server\/discover)"/.test(e.frame))).toHaveLength(1);
    }
    for (const mine of ['notes.txt', 'transcripts/README.txt', 'transcripts/2025-11-25/notes.txt', 'transcripts/mine/old.jsonl']) {
      expect(readFileSync(join(out, mine), 'utf8'), mine).toBe('mine');
    }
  });

  it('refuses an --out that cannot be created before running anything: exit 2, one line', async () => {
    const blocker = join(scratch(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const target = markedReference();
    const run = await runCli(['server', '--command', target.command, '--out', join(blocker, 'sub'), '--scenario', 'base/ping'], { out: false });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^mcp-conformance: cannot use ${blocker}/sub as the output folder \\(--out\\): ENOTDIR: [^\\n]+\\n$`));
    expect(run.stdout).toBe('');
    expect(target.launched()).toBe(false);
  });
});

describe('a fatal reason is printed once, on stderr', () => {
  it('an unreachable URL', async () => {
    const run = await runCli(['--url', 'http://127.0.0.1:9/mcp']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`mcp-conformance: cannot reach the target: connection refused by http://127.0.0.1:9/mcp\n${wrote(run)}`);
    expect(run.stdout).toContain('fatal: target unreachable; the run ended early');
    expect(run.stdout).not.toContain('connection refused');
    expect(run.report?.fatal?.message).toBe('cannot reach the target: connection refused by http://127.0.0.1:9/mcp');
  });

  it('and again on stderr, once, when the report is re-rendered', async () => {
    const run = await runCli(['--url', 'http://127.0.0.1:9/mcp']);
    const again = await runCli(['report', '--from', join(run.outDir, 'report.json')], { out: false });
    expect(again.code).toBe(2);
    // Re-rendering the console alone writes no file, so nothing follows the reason.
    expect(again.stderr).toBe('mcp-conformance: cannot reach the target: connection refused by http://127.0.0.1:9/mcp\n');
    expect(again.stdout).not.toContain('connection refused');
  });
});

describe('a target that exits mid-run: its last stderr lines are shown once, with the first scenario that hit it', () => {
  it('in report.json and on the console', async () => {
    const run = await runCli(['server', '--command', CRASH_AFTER_PING, '--scenario', 'base', '--spec-version', '2025-11-25']);
    expect(run.code).toBe(1);
    expect(validateReport(run.report)).toEqual([]);
    // invalid-json comes first in the plan; unknown-method crashes it too; ping and friends do not. So may
    // parse-error: the fixture answers the ping that follows the invalid line before its exit lands, and the
    // scenario may end (its check made) before the exit is seen.
    const exit = run.report!.targetExit!;
    expect({ ...exit, scenarios: undefined }).toEqual({
      scenario: '2024-11-05/server/base/invalid-json',
      revision: '2025-11-25',
      exit: 'code 3',
      stderr: ['crash-after-ping: starting to handle the request', 'crash-after-ping: fatal: a line that is not JSON'],
      scenarios: undefined,
    });
    expect([2, 3]).toContain(exit.scenarios);
    const more = exit.scenarios === 2 ? '1 more scenario' : '2 more scenarios';
    expect(run.stdout).toContain(
      `the target exited on its own (code 3) in base/invalid-json at 2025-11-25 (and ${more}); its\nstderr ended with:\n` +
        '    crash-after-ping: starting to handle the request\n' +
        '    crash-after-ping: fatal: a line that is not JSON\n',
    );
    expect(run.stdout.split('crash-after-ping: fatal:')).toHaveLength(2);
    expect(run.stderr).not.toContain('crash-after-ping');
  });

  it('not for a target that exits because the harness closed its input', async () => {
    const run = await runCli(['server', '--command', referenceCommand(), '--scenario', 'stdio/shutdown', '--spec-version', '2025-11-25']);
    expect(run.code).toBe(0);
    expect(run.report!.scenarios.map((s) => [s.id, s.status])).toEqual([['2024-11-05/server/stdio/shutdown', 'passed']]);
    expect(run.report!.targetExit).toBeUndefined();
    expect(run.stdout).not.toContain('exited on its own');
  });
});

describe('every usage error is one line on stderr', () => {
  it.each([
    [['--jobs', '0', 'node x']],
    [['--bogus', 'node x']],
    [['--reporter', 'pdf', 'node x']],
    [['--profile', 'deep', 'node x']],
    [['--tool-args', 'echo', 'node x']],
    [['--tool-args', 'echo={"message":', 'node x']],
    [['--tool-args', 'echo=[1]', 'node x']],
    [['--tool-args', 'echo={}', '--tool-args', 'echo={}', 'node x']],
  ])('every usage error is one line: %j', async (args) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^mcp-conformance: [^\n]+ \(see mcp-conformance --help\)\n$/);
  });
});

describe('a command that is not an MCP server', () => {
  it('echo hello: its exit and what it wrote instead in one line, then where the report went; exit 2', async () => {
    const run = await runCli(['server', '--command', 'echo hello']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `mcp-conformance: the target process exited (code 0) before answering initialize; instead it wrote a line on stdout that is not JSON-RPC, first: "hello"\n${wrote(run)}`,
    );
  });
});
