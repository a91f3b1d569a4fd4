import { describe, expect, it } from 'vitest';
import { failingRun } from './support/report-examples.js';
import { REPORTER_NAMES, REPORTERS, isReporterName, parseReporters } from '../reports/index.js';
import { renderJson } from '../reports/json.js';
import { renderConsole } from '../reports/console.js';

describe('REPORTERS', () => {
  it('are keyed by their own names', () => {
    for (const [name, reporter] of Object.entries(REPORTERS)) expect(reporter.name).toBe(name);
  });

  it('are the names the command line knows without loading them, in the same order (--help lists them so)', () => {
    expect(Object.keys(REPORTERS)).toEqual([...REPORTER_NAMES]);
  });

  it('console prints to stdout and json writes report.json, through the pure render functions', () => {
    const report = failingRun();
    const options = { color: false, verbose: false };
    expect(REPORTERS.console.render(report, options)).toEqual([{ kind: 'stdout', text: renderConsole(report, options) }]);
    expect(REPORTERS.json.render(report, options)).toEqual([{ kind: 'file', path: 'report.json', content: renderJson(report) }]);
    const verbose = REPORTERS.console.render(report, { color: false, verbose: true });
    expect(verbose[0]?.kind === 'stdout' && verbose[0].text).toContain('capabilities-object');
  });

  it('are pure: rendering twice gives the same outputs and leaves the report as it was', () => {
    const report = failingRun();
    for (const reporter of Object.values(REPORTERS)) {
      const options = { color: true, verbose: true };
      expect(reporter.render(report, options)).toEqual(reporter.render(report, options));
    }
    expect(report).toEqual(failingRun());
  });
});

describe('parseReporters', () => {
  it('reads a comma-separated --reporter value, in order, without duplicates', () => {
    expect(parseReporters('console,json')).toEqual(['console', 'json']);
    expect(parseReporters(' json , console ,json')).toEqual(['json', 'console']);
    expect(parseReporters(['json', 'console,json'])).toEqual(['json', 'console']);
  });

  it('rejects unknown and empty values, listing the known formats', () => {
    const known = Object.keys(REPORTERS).join(', ');
    expect(known.startsWith('console, json')).toBe(true);
    expect(() => parseReporters('console,xml,tap')).toThrow(`unknown reporter "xml", "tap"; known: ${known}`);
    expect(() => parseReporters(' , ')).toThrow(`no reporter given; known: ${known}`);
    expect(isReporterName('json')).toBe(true);
    expect(isReporterName('toString')).toBe(false);
  });
});
