/**
 * Edge cases of the junit, badge and markdown reporters that a real run does not produce on demand: hostile text
 * in messages, errored checks, baseline outcomes, several revisions, a fatal run. The real-run tests are in
 * reports-ci-formats.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { badgeFor, badgeSvg, renderBadges, textWidth } from '../reports/badge.js';
import { renderJunit } from '../reports/junit.js';
import { renderMarkdown } from '../reports/markdown.js';
import { exampleCheck, exampleReport, exampleScenario } from './support/report-examples.js';

const XSD = join(import.meta.dirname, 'support', 'xsd', 'junit-10.xsd');
const HOSTILE = 'bad ]]> end <x a="1"> & \u0001 `tick` | *star* [link](http://e)\nsecond line';

/** xmllint over a text: exit code and output. */
function xmllint(text: string, args: string[]): { code: number | null; output: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'mcpc-xml-')), 'file.xml');
  writeFileSync(path, text);
  const result = spawnSync('xmllint', [...args, path], { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}`.replaceAll(path, 'FILE') };
}

function hostileReport() {
  return exampleReport([
    exampleScenario([
      exampleCheck({ id: 'a', status: 'failed', outcome: 'unexpected', message: HOSTILE, expected: HOSTILE, actual: { text: HOSTILE } }),
      exampleCheck({ id: 'b', status: 'errored', outcome: 'unexpected', message: 'harness fault: boom' }),
      exampleCheck({ id: 'c', status: 'failed', outcome: 'expected', message: 'known', baseline: { reason: HOSTILE } }),
      exampleCheck({ id: 'd', status: 'passed', outcome: 'stale', baseline: { reason: 'fixed?' } }),
    ]),
  ]);
}

describe('junit', () => {
  it('stays valid against the schema with hostile text, errored checks and baseline outcomes', () => {
    const xml = renderJunit(hostileReport());
    expect(xmllint(xml, ['--noout', '--schema', XSD])).toEqual({ code: 0, output: 'FILE validates\n' });
    expect(xml).toContain('<error message="harness fault: boom" type="harness-error">');
    expect(xml).toContain('type="stale-baseline"');
    expect(xml).toMatch(/name="c">\s*<skipped\/>\s*<system-out><!\[CDATA\[Expected failure \(baseline\): bad \]\]/);
    // The text survives the round trip through CDATA, "]]>" included (the control character is dropped).
    const parsed = xmllint(xml, ['--xpath', 'string(//testcase[@name="a"]/failure)']).output;
    expect(parsed).toContain('Expected: bad ]]> end <x a="1"> &  `tick`');
    expect(xmllint(xml, ['--xpath', 'string(//testcase[@name="a"]/failure/@message)']).output).toBe('MUST ping/receiver-responds-promptly: bad ]]> end <x a="1"> &  `tick` | *star* [link](http://e) second line\n');
  });

  it('gives a scenario without checks one testcase, so an errored scenario is not lost', () => {
    const xml = renderJunit(exampleReport([exampleScenario([], { status: 'errored', message: 'harness fault: timeout' })]));
    expect(xml).toMatch(/<testcase classname="[^"]+" name="\(scenario\)">\s*<error message="harness fault: timeout" type="harness-error"\/>/);
    expect(xmllint(xml, ['--noout', '--schema', XSD]).code).toBe(0);
  });
});

describe('badge', () => {
  const at = (revision: string, ...checks: ReturnType<typeof exampleCheck>[]) => exampleScenario(checks, { revision });

  it('is the share of graded MUST checks that passed, rounded down, coloured by verdict', () => {
    const pass = exampleCheck({ outcome: 'expected' });
    const fail = exampleCheck({ status: 'failed', outcome: 'unexpected' });
    const known = exampleCheck({ status: 'failed', outcome: 'expected', baseline: { reason: 'r' } });
    const na = exampleCheck({ status: 'skipped', outcome: 'expected' });
    const should = exampleCheck({ keyword: 'SHOULD', status: 'failed', outcome: 'unexpected' });
    const report = exampleReport([at('2025-06-18', pass, pass, na)]);
    const badge = (...checks: (typeof pass)[]) => badgeFor(report, 'L', checks);
    expect(badge(pass, pass, na)).toEqual({ label: 'L', message: 'server 100% MUST', color: 'brightgreen' });
    expect(badge(...Array<typeof pass>(199).fill(pass), fail)).toEqual({ label: 'L', message: 'server 99% MUST', color: 'red' });
    expect(badge(pass, known)).toEqual({ label: 'L', message: 'server 50% MUST', color: 'yellow' });
    expect(badge(pass, should)).toEqual({ label: 'L', message: 'server 100% MUST', color: 'red' });
    expect(badgeFor(exampleReport([], { failOn: 'must' }), 'L', [pass, should]).color).toBe('brightgreen');
    expect(badge(na)).toEqual({ label: 'L', message: 'server no MUST checks', color: 'lightgrey' });
    expect(badge(pass, exampleCheck({ status: 'errored', outcome: 'unexpected' })).color).toBe('lightgrey');
  });

  it('writes one badge per revision and a combined one labelled with the range', () => {
    const report = exampleReport([at('2025-06-18', exampleCheck({ outcome: 'expected' })), at('2025-11-25', exampleCheck({ status: 'failed', outcome: 'unexpected' }))], {
      revisions: [
        { revision: '2025-06-18', supported: true },
        { revision: '2025-11-25', supported: true },
      ],
    });
    const outputs = renderBadges(report).flatMap((o) => (o.kind === 'file' ? [[o.path, o.path.endsWith('.json') ? JSON.parse(o.content) : undefined]] : []));
    expect(Object.fromEntries(outputs.filter(([, json]) => json))).toEqual({
      'badge.json': { schemaVersion: 1, label: 'MCP 2025-06-18 to 2025-11-25', message: 'server 50% MUST', color: 'red' },
      'badges/server-2025-06-18.json': { schemaVersion: 1, label: 'MCP 2025-06-18', message: 'server 100% MUST', color: 'brightgreen' },
      'badges/server-2025-11-25.json': { schemaVersion: 1, label: 'MCP 2025-11-25', message: 'server 0% MUST', color: 'red' },
    });
  });

  it('escapes XML and sizes the text from the width table', () => {
    const svg = badgeSvg({ label: `a<b>&"c'`, message: 'ok', color: 'brightgreen' });
    expect(xmllint(svg, ['--noout'])).toEqual({ code: 0, output: '' });
    expect(svg).toContain('>a&lt;b&gt;&amp;&quot;c&apos;</text>');
    expect(svg).toContain('aria-label="a&lt;b&gt;&amp;&quot;c&apos;: ok"');
    // Verdana at 11px: digits are about 7 px, "l" about 3 px, a space under 4 px.
    expect(textWidth('0123456789')).toBeCloseTo(69.9, 1);
    expect(textWidth('l')).toBeCloseTo(3.0, 1);
    expect(textWidth(' ')).toBeCloseTo(3.9, 1);
  });

  it('reads "not tested" when the run could not complete', () => {
    const report = exampleReport([], { fatal: { kind: 'unreachable', message: 'connection refused' } });
    expect(badgeFor(report, 'MCP', [])).toEqual({ label: 'MCP', message: 'server not tested', color: 'lightgrey' });
  });
});

describe('markdown', () => {
  it('keeps hostile text on one line without markup, and lists stale entries and harness errors', () => {
    const md = renderMarkdown(hostileReport());
    expect(md).toContain('bad \\]\\]\\> end \\<x a="1"\\> &  \\`tick\\` \\| \\*star\\* \\[link\\](http://e) second line');
    expect(md).toMatch(/^### Stale baseline entries \(1\)$/m);
    expect(md).toMatch(/^### Harness errors \(1\)$/m);
    expect(md).toContain('<summary>Expected failures from the baseline (1)</summary>');
    expect(md.split('\n')[0]).toBe('## MCP conformance: ⚠️ error (no verdict)');
  });

  it('folds failures that do not fail the run under --fail-on must', () => {
    const report = exampleReport([exampleScenario([exampleCheck({ keyword: 'SHOULD', status: 'failed', outcome: 'unexpected', message: 'meh' })])], { failOn: 'must' });
    const md = renderMarkdown(report);
    expect(md.split('\n')[0]).toBe('## MCP conformance: ✅ conformant');
    expect(md).toContain('<summary>Failures that do not fail the run under --fail-on must (1)</summary>');
    expect(md).not.toContain('### Failed checks');
  });
});
