import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conformantRun, erroredRun, failingRun, fullReport } from './support/report-examples.js';
import { readReport, renderJson } from '../reports/json.js';
import type { Report } from '../reports/types.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-conformance-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('renderJson', () => {
  it('writes 2-space indented JSON with a trailing newline', () => {
    const text = renderJson(conformantRun());
    expect(text.startsWith('{\n  "reportVersion": 1,\n  "tool": {\n    "name": "mcp-conformance",')).toBe(true);
    expect(text.endsWith('\n}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(conformantRun());
  });

  it('writes a BigInt in evidence as a string instead of failing the whole report', () => {
    const report = failingRun();
    const check = report.scenarios[0]?.checks[0];
    if (!check) throw new Error('example has no check');
    check.actual = { id: 12345678901234567890n };
    const parsed = JSON.parse(renderJson(report)) as Report;
    expect(parsed.scenarios[0]?.checks[0]?.actual).toEqual({ id: '12345678901234567890' });
  });
});

describe('readReport', () => {
  it.each([
    ['conformant', conformantRun],
    ['failing', () => failingRun()],
    ['errored', erroredRun],
    ['full', fullReport],
  ] as const)('round-trips the %s run through renderJson', (name, make) => {
    const path = write(`${name}.json`, renderJson(make()));
    const back = readReport(path);
    expect(back).toEqual(make());
    expect(renderJson(back)).toBe(renderJson(make()));
  });

  it('lists every schema issue in a clear error', () => {
    const broken = JSON.parse(renderJson(failingRun())) as Record<string, unknown>;
    delete broken['summary'];
    const second = (broken['scenarios'] as { status: string }[])[1];
    if (!second) throw new Error('example has no second scenario');
    second.status = 'fine';
    const path = write('broken.json', JSON.stringify(broken));
    expect(() => readReport(path)).toThrow(
      `report ${path} does not match report.schema.json (2 issues):\n` +
        "  - (root) must have required property 'summary'\n" +
        '  - /scenarios/1/status must be equal to one of the allowed values: "passed", "failed", "skipped", "errored"',
    );
  });

  it('lists at most 8 schema issues for a file that is not a report at all, with the full count', () => {
    const path = write('package.json', JSON.stringify({ name: 'x', version: '1.0.0', type: 'module' }));
    const lines = (() => {
      try {
        readReport(path);
        return [];
      } catch (error) {
        return (error as Error).message.split('\n');
      }
    })();
    expect(lines[0]).toBe(`report ${path} does not match report.schema.json (14 issues):`);
    expect(lines.slice(1)).toHaveLength(8);
    expect(lines.at(-1)).toBe('  - ... and 7 more');
  });

  it('says when the file is not JSON or cannot be read', () => {
    const path = write('truncated.json', renderJson(conformantRun()).slice(0, 50));
    expect(() => readReport(path)).toThrow(new RegExp(`^report ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON: `));
    expect(() => readReport(join(dir, 'missing.json'))).toThrow(/^cannot read report .*missing\.json: ENOENT/);
  });
});
