/**
 * The CI formats (junit, badge, markdown) rendered from real runs of the reference server with a defect, checked with
 * real tools: junit.xml against the Jenkins xUnit plugin's JUnit schema with xmllint, the badge SVG for
 * well-formedness; then every format re-rendered from the saved report.json must come out byte for byte the same.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BADGE_REVISIONS } from '../reports/badge.js';
import { REVISIONS } from '../runner/revisions.js';
import { referenceCommand, runCli, type CliRun } from './support/cli.js';

const XSD = join(import.meta.dirname, 'support', 'xsd', 'junit-10.xsd');
const ALL = 'console,json,junit,badge,markdown';
/**
 * A small, cheap run whose report holds every kind of check: a MUST failure (tools-list), an untestable one
 * (prompts-get cannot fetch a prompt to get), not-applicable checks (undeclared-refused, completion without
 * arguments), automatic ones (frames-schema-valid) and prose ones (logging's level filter).
 */
const DEFECT = 'declared-lists-not-found';
const SCENARIOS = ['generated/prompts-get', 'generated/tools-list', 'base/ping', 'completion/complete', 'fixtures/logging'].flatMap((s) => ['--scenario', s]);

/** xmllint's verdict: its exit code and what it said. */
function xmllint(args: string[]): { code: number | null; output: string } {
  const result = spawnSync('xmllint', args, { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every file under a folder, relative, sorted. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

let run: CliRun;
let stepSummary: string;

beforeAll(async () => {
  stepSummary = join(mkdtempSync(join(tmpdir(), 'mcpc-summary-')), 'step-summary.md');
  run = await runCli(['server', '--command', referenceCommand(DEFECT), '--spec-version', '2025-11-25', ...SCENARIOS, '--reporter', ALL], { env: { GITHUB_STEP_SUMMARY: stepSummary } });
}, 120_000);

describe('a run with every CI format', () => {
  it('fails for the defect, and its report holds failed, untestable, not applicable, automatic and prose checks', () => {
    expect(run.code, run.stderr).toBe(1);
    const checks = run.report!.scenarios.flatMap((s) => s.checks);
    expect(checks.some((c) => c.status === 'failed' && !c.untestable)).toBe(true);
    expect(checks.some((c) => c.untestable)).toBe(true);
    expect(checks.some((c) => c.status === 'skipped')).toBe(true);
    expect(checks.some((c) => c.automatic)).toBe(true);
    expect(checks.some((c) => c.prose)).toBe(true);
  });

  it('writes junit.xml that validates against the published JUnit schema, one testcase per check', () => {
    const path = join(run.outDir, 'junit.xml');
    expect(xmllint(['--noout', '--schema', XSD, path])).toEqual({ code: 0, output: `${path} validates\n` });
    const xml = readFileSync(path, 'utf8');
    const checks = run.report!.scenarios.flatMap((s) => s.checks);
    expect(xml.match(/<testcase /g)).toHaveLength(checks.length);
    expect(xml.match(/<testsuite /g)).toHaveLength(run.report!.scenarios.length);
    expect(xml).toContain('<testsuite name="2025-11-25 server/generated/tools-list"');
    // A failure carries its keyword, requirement, spec link, expected and actual.
    const toolsList = /<testcase classname="2025-11-25\.server\.generated\.tools-list" name="declared-answered">\s*<failure message="MUST ([^"]+)" type="MUST"><!\[CDATA\[([^]*?)\]\]><\/failure>/.exec(xml);
    expect(toolsList?.[2]).toMatch(/^Requirement: \S+ \(MUST\)\n/);
    expect(toolsList?.[2]).toMatch(/\nSpec: https:\/\/modelcontextprotocol\.io\/specification\/2025-11-25\//);
    expect(toolsList?.[2]).toMatch(/\nExpected: .+\nActual: /);
    // Untestable is a failure of its own type, with its reason; not applicable is skipped with the reason.
    expect(xml).toMatch(/name="declared-answered">\s*<failure message="untestable [^"]*Not testable: [^"]*" type="untestable">/);
    expect(xml).toMatch(/name="undeclared-refused">\s*<skipped\/>\s*<system-out><!\[CDATA\[Not applicable: the server declares tools\]\]><\/system-out>/);
  });

  it('writes a badge per revision and a combined one, well-formed SVG and shields endpoint JSON', () => {
    expect(files(run.outDir).filter((f) => f.includes('badge'))).toEqual(['badge.json', 'badge.svg', 'badges/server-2025-11-25.json', 'badges/server-2025-11-25.svg']);
    for (const base of ['badge', 'badges/server-2025-11-25']) {
      const json = JSON.parse(readFileSync(join(run.outDir, `${base}.json`), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(json).sort()).toEqual(['color', 'label', 'message', 'schemaVersion']);
      expect(json).toMatchObject({ schemaVersion: 1, label: 'MCP 2025-11-25', color: 'red' });
      expect(json.message).toMatch(/^server \d{1,2}% MUST$/);
      const svg = join(run.outDir, `${base}.svg`);
      expect(xmllint(['--noout', svg])).toEqual({ code: 0, output: '' });
      const text = readFileSync(svg, 'utf8');
      expect(text).toContain('>MCP 2025-11-25</text>');
      expect(text).toContain(`>${String(json.message)}</text>`);
    }
  });

  it('writes summary.md and appends the same text to $GITHUB_STEP_SUMMARY', () => {
    const summary = readFileSync(join(run.outDir, 'summary.md'), 'utf8');
    expect(summary.split('\n')[0]).toBe('## MCP conformance: ❌ non-conformant');
    expect(summary).toMatch(/^\| MUST \| \d+ \| 1 \| 1 \| 0 \| \d+ \| 0 \|$/m);
    expect(summary).toMatch(/^### Failed checks \(2\)$/m);
    expect(summary).toMatch(/^- \*\*untestable\*\* \[lifecycle\/server-honours-declared-capabilities\]\(.*\) · `2025-11-25 server\/generated\/prompts-get` `declared-answered`: Not testable: /m);
    expect(summary).toMatch(/^- \*\*MUST\*\* \[[a-z-]+\/[a-z-]+\]\(https:\/\/modelcontextprotocol\.io\/specification\/2025-11-25\/[^)]+\) · `2025-11-25 server\/generated\/tools-list` `declared-answered`/m);
    expect(readFileSync(stepSummary, 'utf8')).toBe(summary);
  });

  it('re-renders every format from report.json byte for byte', async () => {
    const again = await runCli(['report', '--from', join(run.outDir, 'report.json'), '--reporter', ALL]);
    expect(again.code, again.stderr).toBe(1);
    const written = files(again.outDir);
    expect(written).toEqual(files(run.outDir).filter((f) => !f.startsWith('transcripts/')));
    for (const file of written) expect(readFileSync(join(again.outDir, file), 'utf8'), file).toBe(readFileSync(join(run.outDir, file), 'utf8'));
    expect(again.stdout).toBe(run.stdout);
  });
});

describe('badge files', () => {
  it('cover every revision the tool knows, since the reporter declares them up front', () => {
    expect([...BADGE_REVISIONS]).toEqual([...REVISIONS]);
  });
});
