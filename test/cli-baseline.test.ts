/**
 * `--baseline` and `baseline update` end to end: real runs of the reference server, with and without a defect.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_REASON } from '../runner/engine/baseline.js';
import { referenceCommand, runCli } from './support/cli.js';

const DEFECT = 'declared-lists-not-found';
/** Cheap: the defect fails tools-list and makes prompts-get untestable; ping passes. */
const ARGS = ['--spec-version', '2025-11-25', ...['generated/prompts-get', 'generated/tools-list', 'base/ping'].flatMap((s) => ['--scenario', s])];
const REPORTERS = ['--reporter', 'console,json,junit,markdown'];

function tempFile(name: string, text?: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mcpc-baseline-')), name);
  if (text !== undefined) writeFileSync(path, text);
  return path;
}

describe('a baseline of known failures', () => {
  it('baseline update writes a baseline under which the same defect run passes, with the failures reported as expected', async () => {
    const first = await runCli(['server', '--command', referenceCommand(DEFECT), ...ARGS, '--reporter', 'json']);
    expect(first.code, first.stderr).toBe(1);
    const baseline = tempFile('mcp-conformance.baseline.yml');
    const update = await runCli(['baseline', 'update', '--from', join(first.outDir, 'report.json'), '--baseline', baseline], { out: false });
    expect(update.code, update.stderr).toBe(0);
    expect(update.stderr).toBe(`mcp-conformance: wrote ${baseline}: 2 entries, 2 new with a placeholder reason (edit them)\n`);
    const written = readFileSync(baseline, 'utf8');
    expect(written).toContain('  - scenario: 2024-11-05/server/generated/tools-list\n    check: declared-answered\n');
    expect(written).toContain('  - scenario: 2024-11-05/server/generated/prompts-get\n    check: declared-answered\n');
    // The user explains one entry; the reason travels into every format.
    writeFileSync(baseline, written.replace(`${PLACEHOLDER_REASON}"\n`, 'tools/list is not wired yet, issue 7"\n'));

    const second = await runCli(['server', '--command', referenceCommand(DEFECT), ...ARGS, ...REPORTERS, '--baseline', baseline]);
    expect(second.code, second.stderr).toBe(0);
    const report = second.report!;
    expect(report.options.baseline).toBe(baseline);
    expect(report.summary).toMatchObject({ verdict: 'conformant', exitCode: 0, failedByKeyword: { MUST: 2 } });
    const failed = report.scenarios.flatMap((s) => s.checks).filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.outcome)).toEqual(['expected', 'expected']);
    expect(failed.map((c) => c.baseline?.reason).sort()).toEqual([PLACEHOLDER_REASON, 'tools/list is not wired yet, issue 7']);
    const junit = readFileSync(join(second.outDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/name="declared-answered">\s*<skipped\/>\s*<system-out><!\[CDATA\[Expected failure \(baseline\): tools\/list is not wired yet, issue 7\n/);
    const summary = readFileSync(join(second.outDir, 'summary.md'), 'utf8');
    expect(summary.split('\n')[0]).toBe('## MCP conformance: ✅ conformant');
    expect(summary).toContain('<summary>Expected failures from the baseline (2)</summary>');
    expect(summary).not.toContain('### Failed checks');

    // Run again through update: nothing new, nothing stale, the reasons kept.
    const again = await runCli(['baseline', 'update', '--from', join(second.outDir, 'report.json'), '--baseline', baseline], { out: false });
    expect(again.stderr).toBe(`mcp-conformance: wrote ${baseline}: 2 entries\n`);
    expect(readFileSync(baseline, 'utf8')).toContain('tools/list is not wired yet, issue 7');
  }, 180_000);

  it('fails the run on a stale entry: a listed check the reference server passes', async () => {
    const baseline = tempFile('b.yml', 'expected-failures:\n  - scenario: 2024-11-05/server/generated/tools-list\n    check: declared-answered\n    reason: was broken\n');
    const run = await runCli(['server', '--command', referenceCommand(), ...ARGS, ...REPORTERS, '--baseline', baseline]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(
      `mcp-conformance: ${baseline}:2: stale entry (scenario 2024-11-05/server/generated/tools-list, check declared-answered): now passes (2024-11-05/server/generated/tools-list#declared-answered at 2025-11-25); remove it, or run "mcp-conformance baseline update"\n`,
    );
    const check = run.report!.scenarios.find((s) => s.id.endsWith('generated/tools-list'))!.checks.find((c) => c.id === 'declared-answered')!;
    expect(check).toMatchObject({ status: 'passed', outcome: 'stale', baseline: { reason: 'was broken' } });
    expect(readFileSync(join(run.outDir, 'junit.xml'), 'utf8')).toMatch(/name="declared-answered">\s*<failure message="stale baseline entry: listed as failing \(was broken\), but it passes now; remove it from the baseline" type="stale-baseline">/);
    expect(readFileSync(join(run.outDir, 'summary.md'), 'utf8')).toContain('### Stale baseline entries (1)');

    // baseline update drops it, and the same run passes.
    await runCli(['baseline', 'update', '--from', join(run.outDir, 'report.json'), '--baseline', baseline], { out: false });
    expect(readFileSync(baseline, 'utf8')).toMatch(/expected-failures: \[\]\n$/);
    const fixed = await runCli(['server', '--command', referenceCommand(), ...ARGS, '--reporter', 'json', '--baseline', baseline]);
    expect(fixed.code, fixed.stderr).toBe(0);
  }, 180_000);

  it('refuses a malformed baseline as a usage error naming file and line, before launching anything', async () => {
    const baseline = tempFile('b.yml', 'expected-failures:\n  - check: ping-answered\n    why: typo\n');
    const run = await runCli(['server', '--command', 'node -e "throw new Error(\'must not start\')"', '--baseline', baseline]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`mcp-conformance: ${baseline}:3: unknown key "why"; an entry has scenario, check, revision, transport, reason\n`);
    expect(run.report).toBeUndefined();
  });
});
