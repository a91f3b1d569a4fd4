/**
 * What the CLI itself says on stderr around the reporters' output: progress for logs that are not a terminal
 * (a CI job), and where the files of a run went. Pure apart from the clock, which is injected.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { ScenarioResult } from '../../reports/types.js';
import { formatDuration, wrap } from '../../reports/text.js';

/** How often, at most, a log that is not a terminal gets a progress line. */
export const PROGRESS_INTERVAL_MS = 5000;

/**
 * Progress for a log that is not a terminal (where the redrawn bar of a TTY would pile up): a count line
 * when a scenario finishes and at least {@link PROGRESS_INTERVAL_MS} passed since the run started or since
 * the last line, so a 30-second run shows about six lines and a run of a second none. Nothing for the last
 * scenario: the summary follows at once. A GitHub Actions log stamps every line with its time, so the
 * lines also show where a run slowed down.
 */
export class CiProgress {
  private last: number;
  private readonly started: number;
  private failed = 0;
  private errored = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {
    this.started = this.last = now();
  }

  /** Counts a finished scenario; returns the line to print (with its newline), or undefined for none. */
  finished(done: number, total: number, result: Pick<ScenarioResult, 'status'>): string | undefined {
    if (result.status === 'failed') this.failed += 1;
    if (result.status === 'errored') this.errored += 1;
    const now = this.now();
    if (done >= total || now - this.last < this.intervalMs) return undefined;
    this.last = now;
    const problems = [this.failed ? `${this.failed} failed` : '', this.errored ? `${this.errored} errored` : ''].filter(Boolean).join(', ');
    return `mcp-conformance: ${done}/${total} scenarios done${problems ? ` (${problems})` : ''} after ${formatDuration(now - this.started)}\n`;
  }
}

/** A path as the user would type it: relative to the working folder when inside it, else absolute. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * Where the outputs went, e.g. `mcp-conformance: wrote report.json, junit.xml in out/; transcripts in
 * out/transcripts/`, wrapped to 100 columns. Empty when nothing was written. Files are named relative to
 * the output folder, in the order they were written, the first few by name and the rest counted.
 * @param written absolute paths of the files written, all under `outDir`.
 * @param transcripts whether the run wrote transcripts (under `outDir`/transcripts).
 */
export function outputsLine(outDir: string, written: readonly string[], transcripts: boolean, cwd: string): string {
  const folder = `${shownPath(outDir, cwd)}${sep}`;
  const names = written.map((p) => relative(outDir, p));
  const shown = names.length > 6 ? [...names.slice(0, 6), `${names.length - 6} more`] : names;
  const parts = [shown.length ? `wrote ${shown.join(', ')} in ${folder}` : '', transcripts ? `transcripts in ${folder}transcripts${sep}` : ''].filter(Boolean);
  if (parts.length === 0) return '';
  return `${wrap(`mcp-conformance: ${parts.join('; ')}`, 98).join('\n  ')}\n`;
}
