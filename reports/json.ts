/**
 * The JSON reporter: report.json, the single source of truth every other format can be re-rendered from.
 */
import { readFileSync } from 'node:fs';
import type { Report } from './types.js';
import { validateReport } from './schema.js';

/**
 * Serialises a report as report.json: 2-space indentation and a trailing newline. BigInt values that slipped into
 * evidence are written as strings rather than failing the whole report.
 */
export function renderJson(report: Report): string {
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2) + '\n';
}

/** Schema issues listed in {@link readReport}'s error; the count in its first line is always the full one. */
const MAX_ISSUES_SHOWN = 8;

/**
 * Reads a report.json, e.g. to re-render it in another format or to write a baseline from it.
 * @throws Error naming the file when it cannot be read, is not JSON, or does not match report.schema.json
 *   (the schema issues listed one per line after the first, at most 8 lines of them).
 */
export function readReport(path: string): Report {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read report ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`report ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const issues = validateReport(value);
  if (issues.length > 0) {
    // A file that is not a report at all (say, package.json) breaks dozens of rules; the first few tell the story.
    const shown =
      issues.length > MAX_ISSUES_SHOWN
        ? [...issues.slice(0, MAX_ISSUES_SHOWN - 1), `... and ${issues.length - MAX_ISSUES_SHOWN + 1} more`]
        : issues;
    throw new Error(
      `report ${path} does not match report.schema.json (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n` +
        shown.map((issue) => `  - ${issue}`).join('\n'),
    );
  }
  return value as Report;
}
