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

/** Every line within 100 columns, except the summary line (a grep-able contract) and a spec URL too long to break. */
function overWide(text: string): string[] {
  return lines(text).filter((l) => Array.from(l).length > 100 && !l.startsWith('mcp-conformance:') && !/^ +spec +https:\/\/\S+$/.test(l));
}

const SPEC = 'https://modelcontextprotocol.io/specification';
const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

/** What the reference server with the `stdout-noise` defect gets: one engine check failing in every scenario at every revision. */
function noisyRun(areas = 10): Report {
  const scenarios = REVISIONS.flatMap((revision) =>
    Array.from({ length: areas }, (_, i) =>
      exampleScenario(
        [
          exampleCheck({ specUrl: `${SPEC}/${revision}/basic/utilities/ping#behavior-requirements` }),
          exampleCheck({
            id: 'stdout-only-mcp-messages',
            requirement: 'stdio/server-stdout-only-messages',
            keyword: 'MUST NOT',
            specUrl: `${SPEC}/${revision}/basic/transports#stdio`,
            summary: 'Over stdio the server writes nothing to stdout but MCP messages (diagnostics go to stderr).',
            status: 'failed',
            automatic: true,
            message: '1 line(s) on stdout are not MCP messages',
            expected: 'stdout carries only JSON-RPC messages, one per line',
            actual: ['reference server starting...'],
            frames: [4],
          }),
        ],
        { id: `2024-11-05/server/area${i}/scenario${i}`, title: `Scenario number ${i}`, revision, transcript: `transcripts/${revision}/s${i}.jsonl` },
      ),
    ),
  );
  return exampleReport(scenarios, { revisions: REVISIONS.map((revision) => ({ revision, supported: true, negotiated: revision })) });
}

describe('renderConsole: failures grouped by requirement', () => {
  const out = renderConsole(noisyRun(), plain);

  it('shows one problem for one requirement failing in 40 scenario runs, with its rationale and spec link once', () => {
    expect(lineWith(out, 'distinct problem')).toBe('1 distinct problem, by requirement (40 failed checks)');
    expect(lineWith(out, '1)')).toBe('1)  ✗ MUST NOT  stdio/server-stdout-only-messages');
    expect(lineWith(out, 'Over stdio the server writes')).toBe('    Over stdio the server writes nothing to stdout but MCP messages (diagnostics go to stderr).');
    // The latest revision's link, and the evidence of one failure at that revision.
    expect(lineWith(out, ' spec ')).toBe(`    spec      ${SPEC}/2025-11-25/basic/transports#stdio`);
    expect(lineWith(out, 'failed    ')).toBe('    failed    40 times: check stdout-only-mcp-messages');
    const block = out.slice(out.indexOf('1)  ✗'));
    expect(block).toContain(
      '    in        10 scenarios at 2024-11-05 (10), 2025-03-26 (10), 2025-06-18 (10), 2025-11-25 (10):\n' +
        '              area0/scenario0, area1/scenario1, area2/scenario2, area3/scenario3, … and 6 more\n',
    );
    expect(block).toContain(
      '    example   area0/scenario0 at 2025-11-25, check stdout-only-mcp-messages:\n' +
        '              1 line(s) on stdout are not MCP messages\n' +
        '    expected  stdout carries only JSON-RPC messages, one per line\n' +
        '    actual    ["reference server starting..."]\n' +
        '    frames    4 in transcripts/2025-11-25/s0.jsonl\n',
    );
    expect(out.split('1 line(s) on stdout are not MCP messages')).toHaveLength(2);
  });

  it('lists a few failed scenarios per revision, pointing at their problem, and counts the rest', () => {
    const at = lines(out).indexOf('revision 2025-11-25  10 scenarios: 10 failed');
    expect(at).toBeGreaterThan(0);
    expect(lines(out)[at + 1]).toBe('  ✗ area0/scenario0  Scenario number 0  since 2024-11-05  problem 1');
    expect(lines(out)[at + 9]).toBe('  … and 2 more that did not pass (--verbose lists every scenario)');
    expect(lines(out).length).toBeLessThan(70);
  });

  it('names scenarios without their introducing revision under a revision heading, saying "since" when it differs', () => {
    for (const line of lines(out).filter((l) => l.startsWith('  ✗'))) expect(line).not.toMatch(/^ {2}✗ \d{4}-\d{2}-\d{2}\//);
    const first = lines(out).indexOf('revision 2024-11-05  10 scenarios: 10 failed');
    expect(lines(out)[first + 1]).toBe('  ✗ area0/scenario0  Scenario number 0  problem 1');
    // A short name shared by two scenario ids keeps the full ids, so the two stay apart.
    const report = noisyRun(1);
    report.scenarios[0]!.id = '2025-03-26/server/area0/scenario0';
    expect(renderConsole(report, plain)).toContain('  ✗ 2025-03-26/server/area0/scenario0  Scenario number 0');
  });

  it('with --verbose lists every scenario and check, and still tells each requirement rationale only once', () => {
    const verbose = renderConsole(noisyRun(), { color: false, verbose: true });
    expect(lines(verbose).filter((l) => l.includes('✗ FAIL   stdout-only-mcp-messages'))).toHaveLength(40);
    expect(lines(verbose).filter((l) => l.includes('✓ PASS   responds-to-ping'))).toHaveLength(40);
    expect(verbose.split('Over stdio the server writes nothing').length).toBe(2);
    expect(verbose.split('The receiver of a ping answers').length).toBe(1);
    expect(lines(verbose).filter((l) => l === '  ✗ area3/scenario3  Scenario number 3  12 ms, since 2024-11-05')).toHaveLength(3);
    expect(lines(verbose).filter((l) => l === '  ✗ area3/scenario3  Scenario number 3  12 ms')).toHaveLength(1);
  });

  it('keeps every line within 100 columns', () => {
    for (const report of [noisyRun(), failingRun(), erroredRun(), conformantRun()]) {
      expect(overWide(renderConsole(report, plain))).toEqual([]);
      expect(overWide(renderConsole(report, { color: false, verbose: true }))).toEqual([]);
    }
  });
});

describe('renderConsole: what is not a plain failure stays apart', () => {
  const untestable = (id: string, reason: string) =>
    exampleCheck({ id, requirement: 'ping/result-empty', summary: 'The result of a ping is an empty object.', status: 'failed', untestable: true, message: `Not testable: ${reason}` });
  const failed = exampleCheck({ id: 'ping-answered', status: 'failed', message: 'no response', expected: 'a response' });

  it('folds an untestable check under the failure listed before it in the same scenario (knock-on)', () => {
    const report = exampleReport([exampleScenario([failed, untestable('ping-result-empty', 'no result to read')])]);
    const out = renderConsole(report, plain);
    expect(lineWith(out, 'distinct problem')).toBe('1 distinct problem, by requirement (1 failed check)');
    expect(out).toContain('    knock-on  1 later check of the same scenarios could not be tested after it: ping-result-empty\n');
    expect(out).not.toContain('could not test');
    expect(lineWith(out, '✗ ping/ping')).toBe('  ✗ ping/ping  Ping  since 2024-11-05  problem 1; 1 not testable');
  });

  it('lists untestable checks without an earlier failure apart, grouped by reason, never as a problem', () => {
    const report = exampleReport([
      exampleScenario([untestable('a', 'initialize did not succeed'), failed], { id: '2025-06-18/server/x/one' }),
      exampleScenario([untestable('b', 'initialize did not succeed')], { id: '2025-06-18/server/x/two' }),
    ]);
    const out = renderConsole(report, plain);
    expect(lineWith(out, 'distinct problem')).toBe('1 distinct problem, by requirement (1 failed check)');
    expect(out).toContain(
      'could not test 2 checks (a prerequisite was missing; each counts as failed):\n' +
        '  - initialize did not succeed\n' +
        '    in        2 scenarios at 2025-06-18: x/one, x/two\n' +
        '    checks    2: a, b\n',
    );
    expect(out).not.toContain('knock-on');
  });

  it('keeps harness errors apart, never blaming the target, and never folds them', () => {
    const out = renderConsole(erroredRun(), plain);
    expect(out).not.toContain('distinct problem');
    expect(out).toContain(
      "harness errors, not the target's fault (2):\n" +
        '  - the mock client could not bind a port\n' +
        '    in        resources/read at 2025-06-18\n' +
        '    checks    1: (outside any check)\n' +
        '  - TypeError: transcript is closed\n' +
        '    in        ping/ping at 2025-06-18\n' +
        '    checks    1: ping-result-is-empty\n',
    );
    expect(lineWith(out, '! resources/read')).toBe('  ! resources/read  Resource reading  since 2024-11-05  harness error');
    expect(summaryLines(out)).toEqual(['mcp-conformance: error: 0 failed, 1 errored, 1 passed, 0 skipped; 2 scenarios (2 errored); exit 3']);
  });

  it('tells failures that do not count apart, and the baseline entries in their own sections', () => {
    const out = renderConsole(failingRun(), plain);
    expect(lineWith(out, 'distinct problem')).toBe('4 distinct problems, by requirement (4 failed checks; 1 not counted towards the verdict)');
    expect(lineWith(out, '4)  ')).toBe('4)  ✗ MAY  logging/server-names-logger  (informational: MAY)');
    expect(lineWith(renderConsole(failingRun('must'), plain), 'logging/server-respects-level')).toBe('3)  ✗ SHOULD  logging/server-respects-level  (not counted: --fail-on must)');
    expect(out).toContain('known failures listed in the baseline (1, not counted): 1 requirement\n  - logging/server-rejects-unknown-level (1): logging/set-level at 2025-06-18\n');
    expect(lineWith(out, '✗ logging/set-level')).toBe('  ✗ logging/set-level  Logging level  since 2025-03-26  problems 3, 4; 1 known (baseline)');
    expect(lineWith(out, 'actual    null')).toBe('    actual    null');
    expect(lineWith(out, '- 1 not applicable')).toBe('  - 1 not applicable (the server does not advertise the tools capability): tools/list');
    expect(summaryLines(out)).toEqual([
      'mcp-conformance: non-conformant: 5 failed (3 MUST, 1 SHOULD, 1 MAY; 1 expected), 0 errored, 1 passed, 1 skipped; 3 scenarios (1 skipped); exit 1',
    ]);
    expect(out.endsWith(`${summaryLines(out)[0]}\n`)).toBe(true);
  });

  it('shows a stale baseline entry, which fails the run', () => {
    const report = exampleReport([exampleScenario([exampleCheck(), exampleCheck({ id: 'was-broken', outcome: 'stale' })])]);
    const out = renderConsole(report, plain);
    expect(out).toContain('stale baseline entries (1): listed as known failures but now passing; remove them\n  ping/ping#was-broken at 2025-06-18\n');
    expect(lineWith(out, '✓ ping/ping')).toBe('  ✓ ping/ping  Ping  since 2024-11-05  1 stale');
    expect(renderConsole(report, { color: false, verbose: true })).toMatch(/^ {4}✗ STALE {2}was-broken +MUST +ping\/receiver-responds-promptly$/m);
  });

  it('summarises a conformant run in a few lines', () => {
    const out = renderConsole(conformantRun(), plain);
    expect(out).toBe(
      'mcp-conformance 0.1.0  server over stdio; reports itself as example-server 1.2.3\n  node example-server.js\nspec 2025-06-18; fail on SHOULD; 2 jobs; 2.5 s\n\n' +
        'revision 2025-06-18  2 scenarios: 2 passed\n  ✓ 2 scenarios passed\n\n' +
        'mcp-conformance: conformant: 0 failed, 0 errored, 3 passed, 0 skipped; 2 scenarios; exit 0\n',
    );
  });

  it('groups scenarios under their revision, in the order the revisions ran', () => {
    const report = exampleReport(
      [
        exampleScenario([exampleCheck()], { id: 'a/late', revision: '2025-06-18' }),
        exampleScenario([exampleCheck()], { id: 'b/early', revision: '2024-11-05' }),
      ],
      {
        revisions: [
          { revision: '2024-11-05', supported: true, negotiated: '2024-11-05' },
          { revision: '2025-06-18', supported: true },
          { revision: '2025-11-25', supported: false, note: 'answered 2025-06-18' },
        ],
      },
    );
    const out = lines(renderConsole(report, { color: false, verbose: true }));
    const at = (needle: string): number => out.findIndex((l) => l.includes(needle));
    expect(at('revision 2024-11-05')).toBeLessThan(at('b/early'));
    expect(at('b/early')).toBeLessThan(at('revision 2025-06-18'));
    expect(at('revision 2025-06-18')).toBeLessThan(at('a/late'));
    expect(at('a/late')).toBeLessThan(at('revision 2025-11-25'));
    expect(out.slice(at('revision 2025-11-25'), at('revision 2025-11-25') + 2)).toEqual([
      'revision 2025-11-25  not supported by the target: its scenarios are skipped; answered 2025-06-18;',
      '                     0 scenarios',
    ]);
  });

  it('says the era of a revision the harness chose, and why when auto chose it', () => {
    const scenario = (revision: string) => exampleScenario([exampleCheck()], { id: `x/${revision}`, revision });
    const report = exampleReport([scenario('2025-11-25'), scenario('2026-07-28'), scenario('draft')], {
      revisions: [
        { revision: '2025-11-25', supported: true, era: 'stateful', selection: { by: 'all', reason: 'all: a revision the target supports' } },
        { revision: '2026-07-28', supported: true, era: 'stateless', selection: { by: 'auto', reason: 'auto: the newest dated revision the target supports' } },
        { revision: 'draft', supported: true, era: 'stateless', selection: { by: 'named', reason: 'named with --spec-version' } },
      ],
    });
    const out = lines(renderConsole(report, plain));
    expect(out).toContain('revision 2025-11-25  stateful era; 1 scenario: 1 passed');
    expect(out).toContain('revision 2026-07-28  stateless era, auto: the newest dated revision the target supports;');
    expect(out).toContain('revision draft  1 scenario: 1 passed');
  });

  it('truncates a long actual value to a sane width, unless verbose', () => {
    const big = { items: Array.from({ length: 500 }, (_, i) => `item-${i}`) };
    const report = exampleReport([exampleScenario([exampleCheck({ status: 'failed', message: 'too many', actual: big })])]);
    const text = renderConsole(report, plain);
    const actual = text.slice(text.indexOf('    actual'), text.indexOf('\n\n', text.indexOf('    actual')));
    expect(actual).toContain('{"items":["item-0","item-1"');
    expect(actual.length).toBeLessThan(300);
    expect(actual.endsWith('…')).toBe(true);
    expect(renderConsole(report, { color: false, verbose: true }).length).toBeGreaterThan(text.length + 3000);
  });

  it('tells once that the target exited on its own, with its last stderr lines escaped and indented', () => {
    const report = exampleReport([exampleScenario([exampleCheck()], { id: '2024-11-05/server/base/ping' })]);
    report.targetExit = { scenario: '2024-11-05/server/base/ping', revision: '2025-06-18', exit: 'code 3', stderr: ['boom', `mcp-conformance: conformant ${ESC}[2J`], scenarios: 2 };
    const out = lines(renderConsole(report, plain));
    const at = out.indexOf('the target exited on its own (code 3) in base/ping at 2025-06-18 (and 1 more scenario); its stderr');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1, at + 5)).toEqual(['ended with:', '    boom', '    mcp-conformance: conformant \\u001b[2J', '']);
    expect(summaryLines(out.join('\n'))).toHaveLength(1);

    report.targetExit = { ...report.targetExit, stderr: [], scenarios: 1 };
    expect(renderConsole(report, plain)).toContain('the target exited on its own (code 3) in base/ping at 2025-06-18; it wrote nothing to stderr\n');
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
