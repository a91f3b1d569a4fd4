/**
 * The matrix page (reports/matrix.ts) rendered from two real reports, and `mcp-conformance report matrix` with its
 * usage errors. The page in a real browser: test/matrix-report.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../reports/html-assets.js';
import { esc } from '../reports/html-text.js';
import { MATRIX_SCRIPT, MATRIX_STYLE, matrixLabel, matrixRows, renderMatrix, type MatrixInput } from '../reports/matrix.js';
import type { Report } from '../reports/types.js';
import { runCli } from './support/cli.js';
import { HOSTILE, hostileReport, PAYLOADS } from './support/hostile.js';
import { MATRIX_DEFECT, matrixRuns, type MatrixRun } from './support/matrix.js';

let reference: MatrixRun;
let defect: MatrixRun;
let inputs: MatrixInput[];
let html: string;
const temp = mkdtempSync(join(tmpdir(), 'mcpc-matrix-'));

/** The first `<tr class="check">` of a check id, whole (evidence in a cell may span lines; `</tr>` in it is escaped). */
const rowOf = (page: string, check: string): string => new RegExp(`<tr class="check"[^\n]*?<code>${check}</code>[^]*?</tr>`).exec(page)![0];
const cellsOf = (row: string): string[] => [...row.matchAll(/<td class="(cell [^"]+)"/g)].map((m) => m[1]!);

beforeAll(async () => {
  [reference, defect] = await matrixRuns();
  inputs = [
    { report: reference.report, source: 'reference/report.json' },
    { report: defect.report, source: 'defect/report.json' },
  ];
  html = renderMatrix(inputs);
}, 180_000);

afterAll(() => {
  for (const run of [reference, defect]) if (run) rmSync(run.outDir, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
});

describe('renderMatrix', () => {
  it('has a row per check of either report and a cell per report in each, coloured by status', () => {
    const rows = matrixRows([reference.report, defect.report]);
    const checks = (r: Report) => r.scenarios.reduce((n, s) => n + s.checks.length, 0);
    expect(rows.length).toBe(checks(reference.report));
    expect(html.match(/<tr class="check"/g)).toHaveLength(rows.length);
    expect(html.match(/<td class="cell /g)).toHaveLength(2 * rows.length);
    expect(cellsOf(rowOf(html, 'ping-answered'))).toEqual(['cell passed', 'cell failed']);
    expect(cellsOf(rowOf(html, 'initialize-answered'))).toEqual(['cell passed', 'cell passed']);
  });

  it('groups rows by revision and scenario, with requirement id, keyword and spec link', () => {
    expect(html).toContain('<tbody class="revision" data-revision="2025-11-25">');
    expect(html).toMatch(/<tr class="scenario-head"><th colspan="5"><code>base\/ping<\/code> /);
    const row = rowOf(html, 'ping-answered');
    const check = defect.report.scenarios.flatMap((s) => s.checks).find((c) => c.id === 'ping-answered')!;
    expect(row).toContain(`data-problem="true" data-differ="true"`);
    expect(row).toContain(`<td class="keyword">${check.keyword}</td>`);
    expect(row).toContain(`<a href="${esc(check.specUrl)}" rel="noopener noreferrer" title="${esc(check.summary)}">${check.requirement}</a>`);
    expect(rowOf(html, 'initialize-answered')).toContain('data-problem="false" data-differ="false"');
  });

  it("puts a failure's message as the tooltip and its expected and actual in an expandable cell", () => {
    const check = defect.report.scenarios.flatMap((s) => s.checks).find((c) => c.id === 'ping-answered')!;
    const failed = /<td class="cell failed"[^]*?<\/td>/.exec(rowOf(html, 'ping-answered'))![0];
    expect(failed).toContain(` title="${esc(check.message ?? `expected ${check.expected!}`).split('\n')[0]!.slice(0, 60)}`);
    expect(failed).toContain('<details><summary>failed</summary><dl><dt>');
    expect(failed).toContain(`<dt>Expected</dt><dd><pre>${esc(check.expected!)}</pre></dd>`);
    expect(failed).toContain('<dt>Actual</dt>');
  });

  it('labels columns by target, transport and revisions, telling equal labels apart by file, or as given', () => {
    const made = matrixLabel(reference.report);
    expect(made).toBe('mcp-conformance-reference · stdio · 2025-11-25');
    expect(html).toContain(`<th class="col" scope="col">${esc(made)} (reference/report.json)<br>`);
    expect(html).toContain(`<th class="col" scope="col">${esc(made)} (defect/report.json)<br>`);
    const labelled = renderMatrix([{ ...inputs[0]!, label: 'reference' }, { ...inputs[1]!, label: MATRIX_DEFECT }]);
    expect(labelled).toContain('<th class="col" scope="col">reference<br><span class="muted">conformant, 100% MUST</span></th>');
    expect(labelled).toMatch(/<th class="col" scope="col">ping-error<br><span class="muted">non-conformant, \d\d% MUST<\/span><\/th>/);
  });

  it('marks a check one report does not have as absent', () => {
    const fewer = structuredClone(defect.report);
    fewer.scenarios = fewer.scenarios.filter((s) => !s.id.endsWith('/base/ping'));
    const page = renderMatrix([inputs[0]!, { report: fewer, source: 'fewer.json' }]);
    expect(cellsOf(rowOf(page, 'ping-answered'))).toEqual(['cell passed', 'cell absent']);
    expect(rowOf(page, 'ping-answered')).toContain('data-problem="false" data-differ="true"');
  });

  it('is pure and self-contained: the policy allows its one style and script by hash and nothing from anywhere', () => {
    expect(renderMatrix(inputs)).toBe(html);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(MATRIX_STYLE, MATRIX_SCRIPT))}">`);
    expect(contentSecurityPolicy(MATRIX_STYLE, MATRIX_SCRIPT)).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'; img-src 'none'/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/\ssrc=|<link|@import|url\(/);
  });

  it("escapes a hostile target's strings everywhere", () => {
    const page = renderMatrix([inputs[0]!, { report: hostileReport(defect.report), source: HOSTILE, label: HOSTILE }]);
    expect(page.match(/<script/g)).toHaveLength(1);
    for (const payload of PAYLOADS) expect(page).not.toContain(payload);
    expect(page).not.toContain('href="javascript:');
  });
});

describe('mcp-conformance report matrix', () => {
  const paths = (): string[] => [join(reference.outDir, 'report.json'), join(defect.outDir, 'report.json')];
  const matrix = (args: string[]) => runCli(['report', 'matrix', ...args], { out: false });

  it('writes matrix.html, the same page as renderMatrix, and exits 0 whatever the verdicts', async () => {
    const out = join(temp, 'm');
    const run = await matrix([...paths(), '--label', 'reference', '--label', MATRIX_DEFECT, '--out', out]);
    expect(run.stderr).toMatch(/^mcp-conformance: wrote .*matrix\.html: 2 reports, \d+ checks\n$/);
    expect(run.code).toBe(0);
    const [a, b] = paths();
    const expected = renderMatrix([
      { report: reference.report, source: a!, label: 'reference' },
      { report: defect.report, source: b!, label: MATRIX_DEFECT },
    ]);
    expect(readFileSync(join(out, 'matrix.html'), 'utf8')).toBe(expected);
  });

  it('rejects bad inputs with a precise message and exit code 2, writing nothing', async () => {
    const notReport = join(temp, 'not-a-report.json');
    writeFileSync(notReport, '{"reportVersion": 1}');
    const [a, b] = paths();
    const out = join(temp, 'never');
    const cases: [string[], RegExp][] = [
      [[], /report matrix needs the report\.json files to compare, one per column/],
      [[a!, b!, '--label', 'only one'], /report matrix: 1 --label for 2 reports; give one per report, in the same order, or none/],
      [[a!, b!, '--label', 'x', '--label', 'x'], /report matrix: --label "x" is given twice; columns need different labels/],
      [[a!, b!, '--label', 'x', '--label', ' '], /report matrix: a --label is empty/],
      [[a!, a!], /report matrix: .*report\.json is given more than once/],
      [[a!, join(temp, 'missing.json')], /cannot read report .*missing\.json/],
      [[a!, notReport], /report .*not-a-report\.json does not match report\.schema\.json/],
      [[a!, '--from', b!], /report matrix takes the reports as arguments, not --from/],
    ];
    for (const [args, message] of cases) {
      const run = await matrix([...args, '--out', out]);
      expect(run.code, args.join(' ')).toBe(2);
      // One line, but for a file that is not a report: its schema problems follow, one per line.
      if (!args.includes(notReport)) expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    expect(() => readFileSync(join(out, 'matrix.html'))).toThrow(/ENOENT/);
  });

  it('leaves `report --from` as it was, and still names --from when it is missing', async () => {
    const run = await runCli(['report'], { out: false });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Missing required argument: from');
    const again = await runCli(['report', '--from', paths()[1]!, '--reporter', 'json', '--out', join(temp, 'again')], { out: false });
    expect(again.code).toBe(1);
  });
});
