import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearTranscripts, probeTranscriptRef, scenarioTranscriptRef } from '../runner/engine/transcripts.js';
import { Transcript } from '../runner/util/transcript.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'mcpc-transcript-'));

describe('Transcript.writeTo', () => {
  it('replaces what the file held instead of appending to it', async () => {
    const path = join(scratch(), 'deep', 'er', 't.jsonl');
    for (const text of ['first run', 'second run']) {
      const transcript = new Transcript('stdio');
      transcript.writeTo(path);
      transcript.note(text);
      await transcript.close();
    }
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { seq: number; frame: string }))).toMatchObject([{ seq: 1, frame: 'second run' }]);
  });
});

describe('clearTranscripts', () => {
  it('removes the transcripts a run writes, and the folders left empty, and nothing else', () => {
    const out = scratch();
    const owned = [scenarioTranscriptRef('2025-11-25', '2024-11-05/server/base/ping'), probeTranscriptRef('2024-11-05'), 'transcripts/draft/x.jsonl', 'transcripts/2099-01-01/y.jsonl'];
    const foreign = ['transcripts/2025-11-25/notes.txt', 'transcripts/mine/a.jsonl', 'transcripts/top.jsonl', 'report.json', 'elsewhere/2025-11-25/z.jsonl'];
    for (const file of [...owned, ...foreign]) {
      mkdirSync(join(out, file, '..'), { recursive: true });
      writeFileSync(join(out, file), 'x');
    }
    // A link named like a revision folder is not followed: what it points at is not the tool's.
    const linked = join(scratch(), 'linked');
    mkdirSync(linked);
    writeFileSync(join(linked, 'keep.jsonl'), 'x');
    symlinkSync(linked, join(out, 'transcripts', '2025-06-18'));

    clearTranscripts(out);
    for (const file of owned) expect(existsSync(join(out, file)), file).toBe(false);
    for (const file of foreign) expect(existsSync(join(out, file)), file).toBe(true);
    expect(existsSync(join(out, 'transcripts', 'probe'))).toBe(false);
    expect(readdirSync(linked)).toEqual(['keep.jsonl']);
  });

  it('removes transcripts/ itself once empty, and copes with a folder that has none', () => {
    const out = scratch();
    clearTranscripts(out);
    mkdirSync(join(out, 'transcripts', 'probe'), { recursive: true });
    writeFileSync(join(out, probeTranscriptRef('2025-11-25')), 'x');
    clearTranscripts(out);
    expect(readdirSync(out)).toEqual([]);
  });
});
