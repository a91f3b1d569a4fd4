/**
 * The reporter registry. The CLI resolves `--reporter console,json` here; every format is a pure function of a
 * `Report`, so it can be rendered during a run or later from a saved report.json. A new format (junit, html,
 * badge, markdown) adds its name to {@link ReporterName} and one entry to {@link REPORTERS}; a format that
 * writes several files (the badge's SVG and shields JSON) registers one entry per file.
 */
import type { Report } from './types.js';
import { renderConsole } from './console.js';
import { renderJson } from './json.js';

export type ReporterName = 'console' | 'json';

/** What a reporter may be told besides the report; reporters ignore what they do not use. */
export interface RenderOptions {
  /** ANSI colour allowed (a TTY and no NO_COLOR). */
  color: boolean;
  /** More detail: every passed check, unshortened evidence. */
  verbose: boolean;
}

/** One output format. */
export interface Reporter {
  readonly name: ReporterName;
  readonly description: string;
  /** File written under the output directory (`--out`, default `out/`), or null when printed to stdout. */
  readonly fileName: string | null;
  render(report: Report, options: RenderOptions): string;
}

export const REPORTERS: Readonly<Record<ReporterName, Reporter>> = {
  console: {
    name: 'console',
    description: 'aligned text on stdout, failures with evidence, one grep-able summary line',
    fileName: null,
    render: (report, options) => renderConsole(report, options),
  },
  json: {
    name: 'json',
    description: 'report.json, the source of truth (validated by reports/report.schema.json)',
    fileName: 'report.json',
    render: (report) => renderJson(report),
  },
};

/** Whether a string names a registered reporter. */
export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

/**
 * Parses a `--reporter` value such as `console,json` (repeatable values may be joined first) into reporter
 * names, in order, without duplicates.
 * @throws Error listing the known formats when a name is unknown or none is given (the CLI maps it to exit 2).
 */
export function parseReporters(value: string | readonly string[]): ReporterName[] {
  const names = (typeof value === 'string' ? [value] : value)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const known = Object.keys(REPORTERS).join(', ');
  const unknown = names.filter((n) => !isReporterName(n));
  if (unknown.length > 0) throw new Error(`unknown reporter ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known}`);
  if (names.length === 0) throw new Error(`no reporter given; known: ${known}`);
  return [...new Set(names as ReporterName[])];
}

export { renderConsole, progressLine, summaryLine, type ConsoleOptions } from './console.js';
export { renderJson, readReport } from './json.js';
export { validateReport, reportSchemaPath } from './schema.js';
export { rollupRequirements, type CatalogueRequirement } from './rollup.js';
export { countStatuses, summarize, scenarioStatus, worstStatus, failsRun, keywordFailsRun, KEYWORDS } from './summary.js';
