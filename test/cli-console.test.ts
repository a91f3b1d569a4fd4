/**
 * The console as a maintainer reads it after a real run: the reference server with the `stdout-noise` defect
 * fails one requirement in every scenario at every revision, which the console tells as one problem.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceCommand, runCli, type CliRun } from './support/cli.js';

const SCENARIOS = ['--scenario', 'base/ping', '--scenario', 'base/unknown-method'];
let run: CliRun;

beforeAll(async () => {
  run = await runCli(['server', '--command', referenceCommand('stdout-noise'), '--spec-version', 'all', ...SCENARIOS]);
}, 120_000);

describe('the console of a run against the stdout-noise defect', () => {
  it('tells one distinct problem, with the scenarios and revisions it appears in, instead of one failure per run', () => {
    expect(run.code, run.stderr).toBe(1);
    const out = run.stdout;
    // ping ends at 2026-07-28: the stateless revisions run base/unknown-method only.
    expect(out).toContain('\n1 distinct problem, by requirement (10 failed checks)\n\n1)  ✗ MUST NOT  stdio/server-stdout-only-messages\n');
    expect(out).toContain(
      '    failed    10 times: check stdout-only-mcp-messages\n' +
        '    in        2 scenarios at 2024-11-05 (2), 2025-03-26 (2), 2025-06-18 (2), 2025-11-25 (2),\n' +
        '              2026-07-28 (1), draft (1): base/ping, base/unknown-method\n' +
        '    example   base/unknown-method at draft, check stdout-only-mcp-messages:\n' +
        '              1 line(s) on stdout are not MCP messages\n',
    );
    expect(out).toContain('    actual    ["reference server starting..."]\n');
    // The rationale once, not once per failure.
    expect(out.split('Over stdio the server writes nothing to stdout').length).toBe(2);
    expect(out.match(/^mcp-conformance: non-conformant: 10 failed \(10 MUST NOT\), 0 errored, \d+ passed, \d+ skipped; 10 scenarios; exit 1$/gm)).toHaveLength(1);
  });

  it('names scenarios under each revision without another revision in front, saying since when they were introduced', () => {
    const lines = run.stdout.split('\n');
    const heading = lines.indexOf('revision 2025-11-25  stateful era; 2 scenarios: 2 failed');
    expect(lines.slice(heading + 1, heading + 3)).toEqual([
      '  ✗ base/ping  ping is answered with an empty result  since 2024-11-05  problem 1',
      '  ✗ base/unknown-method  An unknown method gets "method not found"  since 2024-11-05  problem 1',
    ]);
    expect(lines.filter((l) => /^ {2}✗ \d{4}-\d{2}-\d{2}\//.test(l))).toEqual([]);
    expect(lines.filter((l) => Array.from(l).length > 100 && !l.startsWith('mcp-conformance:') && !/^ +spec +https:\S+$/.test(l))).toEqual([]);
  });

  it('ends with where report.json and the transcripts went, on stderr after the plan line', () => {
    expect(run.stderr).toMatch(/^mcp-conformance: running 10 scenarios at 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28, draft\n/);
    // Wrapped at 100 columns, continued on lines indented by two spaces.
    expect(run.stderr.replace(/\n {2}/g, ' ')).toMatch(new RegExp(`\nmcp-conformance: wrote report\\.json in ${run.outDir}/; transcripts in ${run.outDir}/transcripts/\n$`));
  });

  it('is a function of report.json: report --from prints the same console', async () => {
    const again = await runCli(['report', '--from', join(run.outDir, 'report.json'), '--reporter', 'console']);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe(run.stdout);
    expect(again.stderr).toBe('');
  });

  it('with --reporter json alone still prints the verdict line, on stderr', async () => {
    const again = await runCli(['report', '--from', join(run.outDir, 'report.json'), '--reporter', 'json']);
    expect(again.stdout).toBe('');
    expect(again.stderr.replace(/\n {2}/g, ' ')).toBe(
      `${run.stdout.split('\n').find((l) => l.startsWith('mcp-conformance: non-conformant:'))}\nmcp-conformance: wrote report.json in ${again.outDir}/\n`,
    );
    const fresh = await runCli(['server', '--command', referenceCommand('stdout-noise'), '--spec-version', '2025-11-25', '--scenario', 'base/ping', '--reporter', 'json']);
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toBe('');
    expect(fresh.stderr).toMatch(/\nmcp-conformance: non-conformant: 1 failed \(1 MUST NOT\), 0 errored, \d+ passed, \d+ skipped; 1 scenario; exit 1\nmcp-conformance: wrote report\.json in /);
  });
});
