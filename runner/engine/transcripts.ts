/**
 * Where a run's transcripts go under the output folder, and clearing the previous run's. The engine owns
 * exactly these files, and touches nothing else there (the output folder may be any folder, even `.`):
 * `transcripts/<revision>/<scenario>.jsonl` and `transcripts/probe/<revision>.jsonl`.
 */
import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Revision } from '../revisions.js';

const TRANSCRIPTS_DIR = 'transcripts';
/** Folders under transcripts/ that a run writes: a revision (any, so an older tool clears a newer one's), or the probe. */
const OWNED_FOLDER = /^(\d{4}-\d{2}-\d{2}|draft|probe)$/;

/** A scenario's transcript, relative to the output folder (the report points at it by this path). */
export function scenarioTranscriptRef(revision: Revision, scenarioId: string): string {
  return `${TRANSCRIPTS_DIR}/${revision}/${scenarioId.replace(/\//g, '__')}.jsonl`;
}

/** The transcript of offering the target one revision before the run, relative to the output folder. */
export function probeTranscriptRef(revision: Revision | 'legacy-sse' | 'authorization' | 'authorization-self'): string {
  return `${TRANSCRIPTS_DIR}/probe/${revision}.jsonl`;
}

/**
 * Removes the transcripts a previous run left in `outDir`, so that a scenario not run this time leaves no
 * stale file behind, and folders that end up empty. Only `*.jsonl` files in the folders a run writes are
 * removed; anything else (a user's own file, a symbolic link) stays, and so do the folders holding it.
 * @throws the file system's error when an owned file cannot be removed.
 */
export function clearTranscripts(outDir: string): void {
  const root = join(outDir, TRANSCRIPTS_DIR);
  for (const folder of entries(root)) {
    if (!folder.isDirectory() || !OWNED_FOLDER.test(folder.name)) continue;
    const path = join(root, folder.name);
    for (const file of entries(path)) {
      if (file.isFile() && file.name.endsWith('.jsonl')) rmSync(join(path, file.name));
    }
    removeIfEmpty(path);
  }
  removeIfEmpty(root);
}

function entries(path: string) {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function removeIfEmpty(path: string): void {
  try {
    rmdirSync(path);
  } catch (err) {
    // Not empty (someone else's file is in it) or not there: either way it is not ours to remove.
    if (!['ENOTEMPTY', 'EEXIST', 'ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
}
