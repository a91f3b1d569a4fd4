/**
 * `report merge A/report.json B/report.json ... --out DIR`: reads the shard reports (each validated against
 * report.schema.json), merges them (reports/merge.ts), copies every scenario's transcript into DIR under the
 * same relative path, and writes the requested formats there.
 *
 * Transcripts are copied rather than pointed at with `../shard-1/...` paths, so that the merged folder stands
 * on its own: it can be uploaded, moved or opened (index.html) without the shard folders next to it. Unit
 * transcript paths (`transcripts/<revision>/<scenario>.jsonl`) never collide across shards, since each unit
 * runs in exactly one shard. The probe transcripts (`transcripts/probe/`, which every shard writes and no
 * report points at) are copied from the lowest-numbered shard that has them.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MergeError, mergeShardReports, type ShardInput } from '../../reports/merge.js';
import { readReport, REPORTERS, type ReporterName } from '../../reports/index.js';
import type { Report } from '../../reports/types.js';
import { clearTranscripts } from '../engine/transcripts.js';
import type { ReportMergeCommand } from './args.js';
import { OutDirError, prepareOutDir } from './outputs.js';

/** What `report merge` prepared: the merged report, and lines to print on stderr before the reports. */
export interface PreparedMerge {
  report: Report;
  warnings: string[];
}

/**
 * Reads, checks and merges the shard reports and puts the transcripts in place.
 * @throws MergeError, or Error from readReport naming the file: the CLI prints it and exits with code 2.
 * @throws OutDirError when `--out` cannot be used (also exit code 2).
 */
export function prepareMerge(cmd: ReportMergeCommand, reporters: readonly ReporterName[]): PreparedMerge {
  const outDir = resolve(cmd.out);
  const inputs: ShardInput[] = cmd.reports.map((source) => ({ source, report: readReport(source) }));
  const clash = cmd.reports.find((source) => resolve(dirname(source)) === outDir);
  if (clash) throw new MergeError(`--out ${cmd.out} is the folder of ${clash}; merge into a folder of its own, so that no shard's report or transcripts are overwritten`);
  const merged = mergeShardReports(inputs);
  prepareOutDir(outDir, reporters, REPORTERS);
  try {
    clearTranscripts(outDir);
  } catch (error) {
    throw new OutDirError(`cannot clear the previous transcripts in ${outDir} (--out): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const missing = new Map<string, number>();
  const scenarios = merged.report.scenarios.map((scenario, i) => {
    const source = merged.origins[i]!;
    if (scenario.transcript === undefined) return scenario;
    if (copyTranscript(resolve(dirname(source)), scenario.transcript, outDir)) return scenario;
    missing.set(source, (missing.get(source) ?? 0) + 1);
    const { transcript: _transcript, ...rest } = scenario;
    return rest;
  });
  copyProbeTranscripts(
    [...inputs].sort((a, b) => (a.report.shard?.index ?? 0) - (b.report.shard?.index ?? 0)).map((input) => resolve(dirname(input.source))),
    outDir,
  );
  const warnings = [...missing].map(
    ([source, count]) => `warning: ${count} transcript${count === 1 ? '' : 's'} that ${source} points to ${count === 1 ? 'is' : 'are'} not next to it; the merged report leaves ${count === 1 ? 'that pointer' : 'those pointers'} out`,
  );
  return { report: { ...merged.report, scenarios }, warnings };
}

/**
 * Copies one transcript from a shard's folder to the same relative path under `outDir`. False when the file
 * is not there, or the path is not a plain relative path under transcripts/ (a report edited to point
 * elsewhere is never followed out of its folder).
 */
function copyTranscript(shardDir: string, path: string, outDir: string): boolean {
  const segments = path.split('/');
  if (segments[0] !== 'transcripts' || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'))) return false;
  const from = join(shardDir, ...segments);
  if (relative(shardDir, from).startsWith('..') || !existsSync(from)) return false;
  const to = join(outDir, ...segments);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  return true;
}

function copyProbeTranscripts(shardDirs: readonly string[], outDir: string): void {
  const dir = shardDirs.map((d) => join(d, 'transcripts', 'probe')).find((d) => existsSync(d));
  if (!dir) return;
  const files = readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.jsonl'));
  if (files.length === 0) return;
  mkdirSync(join(outDir, 'transcripts', 'probe'), { recursive: true });
  for (const file of files) copyFileSync(join(dir, file.name), join(outDir, 'transcripts', 'probe', file.name));
}
