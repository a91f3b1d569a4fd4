/**
 * The programmatic API as the README shows it: `import { run } from 'mcp-conformance'` (the package's own name,
 * resolved to the sources here by the `mcp-conformance-source` export condition, to dist/ for a user), inside a
 * vitest suite, asserting on the typed report. The server is the reference server, with and without a defect;
 * the scenarios are filtered to keep the example quick.
 */
import { run, type Report, type RequirementRollup } from 'mcp-conformance';
import { describe, expect, it } from 'vitest';
import { referenceCommand } from './support/cli.js';

/** Every failed check as `scenario#check: why`, so that a failing assertion says what broke. */
function failures(report: Report): string[] {
  return report.scenarios.flatMap((scenario) =>
    scenario.checks.filter((check) => check.status === 'failed').map((check) => `${scenario.id}#${check.id}: ${check.message ?? `expected ${check.expected ?? '?'}`}`),
  );
}

describe('my MCP server', () => {
  it('conforms to MCP 2025-11-25', async () => {
    const report: Report = await run({
      target: { kind: 'command', command: referenceCommand() },
      specVersion: '2025-11-25',
      scenarios: ['lifecycle', 'base'],
    });
    expect(failures(report)).toEqual([]);
    expect(report.summary.verdict).toBe('conformant');
    expect(report.revisions.map((r) => r.negotiated)).toEqual(['2025-11-25']);
  }, 120_000);

  it('a broken ping fails the ping requirement, with the evidence in the report', async () => {
    const report = await run({
      target: { kind: 'command', command: referenceCommand('ping-error') },
      specVersion: '2025-11-25',
      scenarios: ['base/ping'],
    });
    expect(report.summary).toMatchObject({ verdict: 'non-conformant', exitCode: 1 });
    expect(failures(report)).toContain('2024-11-05/server/base/ping#ping-answered: expected a result for ping');
    const ping: RequirementRollup | undefined = report.revisions[0]?.requirements?.find((r) => r.id === 'ping/receiver-responds-promptly');
    expect(ping).toMatchObject({ keyword: 'MUST', status: 'failed' });
  }, 120_000);
});
