/**
 * The harness never calls a tool that is not annotated read-only unless the user consents: the
 * reference lists write_note (destructiveHint, a side effect it reports on stderr), and the
 * transcripts of a whole default run show no tools/call for it and no side effect; with
 * --call-tools (or --tool-args naming it) the call is made, and its side effect shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATED_REVISIONS, referenceCommand, runCli, runInProcess } from './support/cli.js';

interface Entry {
  dir: string;
  lane: string;
  frame: string;
}

/** Every transcript entry of a run's scenarios (the engine's probes left out). */
function entries(outDir: string): Entry[] {
  const files = (readdirSync(join(outDir, 'transcripts'), { recursive: true }) as string[]).filter((f) => f.endsWith('.jsonl') && !f.startsWith('probe'));
  return files.flatMap((file) =>
    readFileSync(join(outDir, 'transcripts', file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Entry),
  );
}

/** Names of the tools called in the frames the harness sent. */
function calledTools(all: Entry[]): string[] {
  return all.flatMap((e) => {
    if (e.dir !== 'send') return [];
    let message: { method?: string; params?: { name?: string } };
    try {
      message = JSON.parse(e.frame) as typeof message;
    } catch {
      return []; // the probes that send invalid JSON on purpose
    }
    return message?.method === 'tools/call' && typeof message.params?.name === 'string' ? [message.params.name] : [];
  });
}

const sideEffects = (all: Entry[]): Entry[] => all.filter((e) => e.lane === 'stderr' && e.frame.includes('write_note called'));

describe('tool calls need consent', () => {
  it('a default run of every scenario at every revision never calls write_note, and does call the read-only get_status', async () => {
    // Every dated revision: draft is byte-identical to 2026-07-28 today.
    const run = await runInProcess(['server', '--command', referenceCommand(), '--spec-version', DATED_REVISIONS, '--timeout', '3'], { timeoutMs: 150_000 });
    expect(run.report?.summary.exitCode, run.stderr).toBe(0);
    const all = entries(run.outDir);
    const called = new Set(calledTools(all));
    expect(called.has('get_status')).toBe(true);
    expect(called.has('write_note')).toBe(false);
    expect(sideEffects(all)).toEqual([]);
  }, 160_000);

  it('--call-tools and --tool-args are consent: write_note is called and its side effect shows', async () => {
    const [everything, named] = await Promise.all([
      runCli(['server', '--command', referenceCommand(), '--spec-version', '2025-11-25', '--scenario', 'tools', '--call-tools']),
      runCli(['server', '--command', referenceCommand(), '--spec-version', '2025-11-25', '--scenario', 'tools/calls', '--tool-args', 'write_note={"text":"hello"}']),
    ]);
    for (const run of [everything, named]) {
      expect(run.report?.summary.exitCode, run.stderr).toBe(0);
      expect(calledTools(entries(run.outDir))).toContain('write_note');
      expect(sideEffects(entries(run.outDir)).length).toBeGreaterThan(0);
    }
  }, 120_000);
});
