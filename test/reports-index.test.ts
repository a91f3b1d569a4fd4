import { describe, expect, it } from 'vitest';
import { failingRun } from './support/report-examples.js';
import { REPORTERS, isReporterName, parseReporters } from '../reports/index.js';
import { renderJson } from '../reports/json.js';
import { renderConsole } from '../reports/console.js';

describe('REPORTERS', () => {
  it('prints console output and writes report.json', () => {
    expect(REPORTERS.console.fileName).toBeNull();
    expect(REPORTERS.json.fileName).toBe('report.json');
    for (const [name, reporter] of Object.entries(REPORTERS)) expect(reporter.name).toBe(name);
  });

  it('renders through the registered functions', () => {
    const report = failingRun();
    const options = { color: false, verbose: false };
    expect(REPORTERS.json.render(report, options)).toBe(renderJson(report));
    expect(REPORTERS.console.render(report, options)).toBe(renderConsole(report, options));
    expect(REPORTERS.console.render(report, { color: false, verbose: true })).toContain('capabilities-object');
  });
});

describe('parseReporters', () => {
  it('reads a comma-separated --reporter value, in order, without duplicates', () => {
    expect(parseReporters('console,json')).toEqual(['console', 'json']);
    expect(parseReporters(' json , console ,json')).toEqual(['json', 'console']);
    expect(parseReporters(['json', 'console,json'])).toEqual(['json', 'console']);
  });

  it('rejects unknown and empty values, listing the known formats', () => {
    expect(() => parseReporters('console,xml,tap')).toThrow('unknown reporter "xml", "tap"; known: console, json');
    expect(() => parseReporters(' , ')).toThrow('no reporter given; known: console, json');
    expect(isReporterName('json')).toBe(true);
    expect(isReporterName('toString')).toBe(false);
  });
});
