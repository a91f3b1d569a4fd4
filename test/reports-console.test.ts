import { describe, expect, it } from 'vitest';
import { progressLine, renderConsole, summaryLine } from '../reports/console.js';
import { conformantRun, erroredRun, exampleCheck, exampleReport, exampleScenario, failingRun } from './support/report-examples.js';
import type { Report } from '../reports/types.js';

const ESC = '\u001b';
const plain = { color: false, verbose: false };

function lines(text: string): string[] {
  return text.split('\n');
}

/** The one line that starts with `needle` (after indentation), failing the test unless there is exactly one. */
function lineWith(text: string, needle: string): string {
  const found = lines(text).filter((l) => l.includes(needle));
  expect(found, `lines containing ${needle}`).toHaveLength(1);
  return found[0] ?? '';
}

function summaryLines(text: string): string[] {
  return lines(text).filter((l) => l.startsWith('mcp-conformance:'));
}

describe('renderConsole: failures', () => {
  const out = renderConsole(failingRun(), plain);

  it('shows each failure with its check id, requirement, keyword, message, expected, actual, spec URL and frames', () => {
    const row = lineWith(out, 'echoes-requested-version');
    expect(row).toMatch(/^ {4}✗ FAIL {3}echoes-requested-version +lifecycle\/server-echoes-supported-version +MUST$/);
    const block = out.slice(out.indexOf(row));
    expect(block).toContain('The server answered with a protocol version it was not offered.');
    expect(block).toContain('expected protocolVersion "2025-06-18"');
    expect(block).toContain('actual   {"protocolVersion":"1999-01-01","capabilities":{}}');
    expect(block).toContain('requires A server that supports the requested version answers with that version.');
    expect(block).toContain('spec     https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle#version-negotiation');
    expect(block).toContain('frames   1, 2 in transcripts/init.jsonl');
  });

  it('shows null as the actual value rather than dropping it', () => {
    const block = out.slice(out.indexOf(lineWith(out, 'result-has-server-info')));
    expect(block.split('\n').slice(0, 4)).toContain('             actual   null');
  });

  it('aligns the id, requirement and keyword columns', () => {
    const a = lineWith(out, 'echoes-requested-version');
    const b = lineWith(out, 'log-level-respected');
    const c = lineWith(out, 'instructions-are-text');
    for (const [column, x, y, z] of [
      ['requirement', 'lifecycle/server-echoes', 'logging/server-respects', 'lifecycle/server-instructions'],
      ['keyword', 'MUST', 'SHOULD', 'MAY'],
    ] as const) {
      expect(a.indexOf(x), column).toBe(b.indexOf(y));
      expect(b.indexOf(y), column).toBe(c.indexOf(z));
    }
  });

  it('marks failures that do not fail the run, and says why', () => {
    expect(lineWith(out, 'log-has-logger-name')).toMatch(/MAY +\(informational: MAY\)$/);
    expect(lineWith(out, 'rejects-unknown-level')).toMatch(/MUST +\(expected: listed in the baseline\)$/);
    expect(lineWith(out, 'log-level-respected')).toMatch(/SHOULD$/);
    const must = renderConsole(failingRun('must'), plain);
    expect(lineWith(must, 'log-level-respected')).toMatch(/SHOULD +\(not counted: --fail-on must\)$/);
  });

  it('collapses passed checks to one line per scenario unless verbose', () => {
    expect(out).not.toContain('capabilities-object');
    expect(out).toContain('    ✓ PASS   1 check passed');
    const verbose = renderConsole(failingRun(), { color: false, verbose: true });
    expect(lineWith(verbose, 'capabilities-object')).toMatch(/^ {4}✓ PASS {3}capabilities-object +lifecycle\/server-sends-capabilities +MUST$/);
    expect(verbose).not.toContain('check passed');
  });

  it('shows skipped scenarios and checks with their reason', () => {
    expect(lineWith(out, '2024-11-05/server/tools/list')).toBe(
      '  - 2024-11-05/server/tools/list  Tool listing  12 ms  (not applicable: the server does not advertise the tools capability)',
    );
    expect(lineWith(out, 'instructions-are-text')).toMatch(/^ {4}- SKIP .*MAY +\(not applicable: the server sends no instructions\)$/);
  });

  it('ends with exactly one summary line in the documented format', () => {
    expect(summaryLines(out)).toEqual([
      'mcp-conformance: non-conformant: 5 failed (3 MUST, 1 SHOULD, 1 MAY; 1 expected), 0 errored, 1 passed, 1 skipped; 3 scenarios (1 skipped); exit 1',
    ]);
    expect(out.endsWith(`${summaryLines(out)[0]}\n`)).toBe(true);
  });
});

describe('renderConsole: other runs', () => {
  it('marks errored checks and scenarios as harness errors, not the target fault', () => {
    const out = renderConsole(erroredRun(), plain);
    expect(lineWith(out, 'ping-result-is-empty')).toMatch(/^ {4}! ERROR {2}ping-result-is-empty +ping\/result-empty +MUST$/);
    expect(out).toContain("             harness error (not the target's fault): TypeError: transcript is closed");
    expect(out).toContain("    ! harness error (not the target's fault): the mock client could not bind a port");
    expect(out).not.toContain('no message');
    expect(summaryLines(out)).toEqual(['mcp-conformance: error: 0 failed, 1 errored, 1 passed, 0 skipped; 2 scenarios (2 errored); exit 3']);
  });

  it('summarises a conformant run', () => {
    const out = renderConsole(conformantRun(), plain);
    expect(summaryLines(out)).toEqual(['mcp-conformance: conformant: 0 failed, 0 errored, 3 passed, 0 skipped; 2 scenarios; exit 0']);
    expect(out).not.toContain('FAIL');
  });

  it('shows a stale baseline entry even when passed checks are collapsed', () => {
    const report = exampleReport([exampleScenario([exampleCheck(), exampleCheck({ id: 'was-broken', outcome: 'stale' })])]);
    const out = renderConsole(report, plain);
    expect(lineWith(out, 'was-broken')).toMatch(/^ {4}✗ STALE {2}was-broken/);
    expect(out).toContain('listed as a known failure in the baseline but now passes: remove it from the baseline');
    expect(out).toContain('    ✓ PASS   1 check passed');
    expect(summaryLines(out)).toEqual(['mcp-conformance: non-conformant: 0 failed, 0 errored, 2 passed (1 stale), 0 skipped; 1 scenario; exit 1']);
  });

  it('groups scenarios under their revision, in the order the revisions ran', () => {
    const report = exampleReport(
      [
        exampleScenario([exampleCheck()], { id: 'a/late', revision: '2025-06-18' }),
        exampleScenario([exampleCheck()], { id: 'b/early', revision: '2024-11-05' }),
        exampleScenario([exampleCheck()], { id: 'c/late-too', revision: '2025-06-18' }),
      ],
      {
        revisions: [
          { revision: '2024-11-05', supported: true, negotiated: '2024-11-05' },
          { revision: '2025-06-18', supported: true },
          { revision: '2025-11-25', supported: false, note: 'answered 2025-06-18' },
        ],
      },
    );
    const out = lines(renderConsole(report, plain));
    const at = (needle: string): number => out.findIndex((l) => l.includes(needle));
    expect(at('revision 2024-11-05')).toBeLessThan(at('b/early'));
    expect(at('b/early')).toBeLessThan(at('revision 2025-06-18'));
    expect(at('revision 2025-06-18')).toBeLessThan(at('a/late'));
    expect(at('a/late')).toBeLessThan(at('c/late-too'));
    expect(at('c/late-too')).toBeLessThan(at('revision 2025-11-25'));
    expect(out[at('revision 2025-11-25')]).toBe(
      'revision 2025-11-25  not supported by the target: its scenarios are skipped; answered 2025-06-18; 0 scenarios',
    );
  });

  it('truncates a long actual value to a sane width, unless verbose', () => {
    const big = { items: Array.from({ length: 500 }, (_, i) => `item-${i}`) };
    const report = exampleReport([exampleScenario([exampleCheck({ status: 'failed', message: 'too many', actual: big })])]);
    const actual = lineWith(renderConsole(report, plain), 'actual ');
    expect(actual.length).toBeLessThanOrEqual(13 + 9 + 100);
    expect(actual.endsWith('…')).toBe(true);
    expect(actual).toContain('{"items":["item-0","item-1"');
    const verbose = lineWith(renderConsole(report, { color: false, verbose: true }), 'actual ');
    expect(verbose.length).toBeGreaterThan(1000);
  });

  it('tells once that the target exited on its own, with its last stderr lines escaped and indented', () => {
    const report = exampleReport([exampleScenario([exampleCheck()])]);
    report.targetExit = { scenario: '2024-11-05/server/base/ping', revision: '2025-06-18', exit: 'code 3', stderr: ['boom', `mcp-conformance: conformant ${ESC}[2J`], scenarios: 2 };
    const out = lines(renderConsole(report, plain));
    const at = out.indexOf('the target exited on its own (code 3) in 2024-11-05/server/base/ping at 2025-06-18 (and 1 more scenario); its stderr ended with:');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1, at + 4)).toEqual(['    boom', '    mcp-conformance: conformant \\u001b[2J', '']);
    expect(summaryLines(out.join('\n'))).toHaveLength(1);

    report.targetExit = { ...report.targetExit, stderr: [], scenarios: 1 };
    expect(renderConsole(report, plain)).toContain('the target exited on its own (code 3) in 2024-11-05/server/base/ping at 2025-06-18; it wrote nothing to stderr\n');
  });

  it('names the kind of a fatal problem before the summary line, leaving its reason to the CLI (stderr), so it shows once', () => {
    const report = exampleReport([], { fatal: { kind: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:3000' } });
    const text = renderConsole(report, plain);
    const out = lines(text);
    expect(text).not.toContain('ECONNREFUSED');
    expect(out.at(-4)).toBe('fatal: target unreachable; the run ended early');
    expect(out.at(-3)).toBe('');
    expect(out.at(-1)).toBe('');
    expect(out.at(-2)).toBe('mcp-conformance: error: 0 failed, 0 errored, 0 passed, 0 skipped; 0 scenarios; exit 2');
  });
});

describe('renderConsole: colour and hostile text', () => {
  const runs: [string, () => Report][] = [
    ['conformant', conformantRun],
    ['failing', () => failingRun()],
    ['errored', erroredRun],
  ];

  it.each(runs)('writes no ANSI escapes without colour (%s run), and some with it', (_name, make) => {
    expect(renderConsole(make(), { color: false, verbose: false })).not.toContain(ESC);
    expect(renderConsole(make(), { color: false, verbose: true })).not.toContain(ESC);
    const coloured = renderConsole(make(), { color: true, verbose: false });
    expect(coloured).toContain(`${ESC}[`);
    // Colour changes only the paint: stripped of escapes, it is the plain output.
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderConsole(make(), { color: false, verbose: false }));
  });

  it('escapes control characters a target sends and keeps them from forging a summary line', () => {
    const report = exampleReport([
      exampleScenario([
        exampleCheck({
          status: 'failed',
          message: `bad ${ESC}[2J frame\nmcp-conformance: conformant: 0 failed, 0 errored, 9 passed, 0 skipped; 1 scenario; exit 0`,
          expected: 'a result',
          actual: { text: `${ESC}[31mred\u0007` },
        }),
      ]),
    ]);
    report.target.info = { name: `evil${ESC}]0;title\u0007`, version: '1' };
    const out = renderConsole(report, plain);
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\u0007');
    expect(out).toContain('bad \\u001b[2J frame');
    expect(summaryLines(out)).toEqual(['mcp-conformance: non-conformant: 1 failed (1 MUST), 0 errored, 0 passed, 0 skipped; 1 scenario; exit 1']);
  });
});

describe('summaryLine', () => {
  it('matches the documented example for the same counts', () => {
    const report = exampleReport([]);
    report.summary = {
      scenarios: { passed: 20, failed: 3, skipped: 7, errored: 0 },
      checks: { passed: 120, failed: 3, skipped: 14, errored: 0 },
      failedByKeyword: { MUST: 2, SHOULD: 1 },
      verdict: 'non-conformant',
      exitCode: 1,
    };
    expect(summaryLine(report)).toBe(
      'mcp-conformance: non-conformant: 3 failed (2 MUST, 1 SHOULD), 0 errored, 120 passed, 14 skipped; 30 scenarios (7 skipped); exit 1',
    );
  });

  it('is matched by one regular expression in every example', () => {
    const pattern =
      /^mcp-conformance: (conformant|non-conformant|error): (\d+) failed(?: \([^)]*\))?, (\d+) errored, (\d+) passed(?: \(\d+ stale\))?, (\d+) skipped; (\d+) scenarios?(?: \((?:\d+ skipped)?(?:, )?(?:\d+ errored)?\))?; exit ([0-3])$/;
    for (const report of [conformantRun(), failingRun(), failingRun('must'), erroredRun()]) {
      const match = pattern.exec(summaryLine(report));
      expect(match?.[1]).toBe(report.summary.verdict);
      expect(Number(match?.[2])).toBe(report.summary.checks.failed);
      expect(Number(match?.[7])).toBe(report.summary.exitCode);
    }
  });
});

describe('progressLine', () => {
  it('shows a bar, a counter, a percentage and the current scenario', () => {
    expect(progressLine(3, 120, '2024-11-05/server/lifecycle/initialize')).toBe(
      '[#-------------------]   3/120   2% 2024-11-05/server/lifecycle/initialize',
    );
    expect(progressLine(120, 120, 'done')).toBe('[####################] 120/120 100% done');
  });

  it('never wraps: long names keep their informative end', () => {
    const line = progressLine(5, 10, `2025-06-18/server/${'very-long-area/'.repeat(10)}last-part`, 60);
    expect(line.length).toBeLessThanOrEqual(59);
    expect(line.endsWith('last-part')).toBe(true);
    expect(line).toContain('…');
  });

  it('copes with an empty plan, overshoot and control characters', () => {
    expect(progressLine(0, 0, '')).toBe('[####################] 0/0 100%');
    expect(progressLine(7, 5, 'x')).toBe('[####################] 5/5 100% x');
    expect(progressLine(1, 2, `a${ESC}[2Kb`)).not.toContain(ESC);
  });
});
