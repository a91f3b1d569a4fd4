/**
 * Hostile clients under test (test/support/hostile-client.mjs): each gets a clear verdict in bounded
 * time, a report is written, and no process of theirs is left behind, the ones that ignore SIGTERM included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './support/cli.js';

const hostile = join(root, 'test', 'support', 'hostile-client.mjs');

/** The pids a hostile client announced on its stderr (recorded in the transcripts), every one it started. */
function announcedPids(outDir: string): number[] {
  const pids: number[] = [];
  const dir = join(outDir, 'transcripts');
  for (const file of readdirSync(dir, { recursive: true }) as string[]) {
    if (!file.endsWith('.jsonl')) continue;
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
      const { frame } = JSON.parse(line) as { frame: string };
      const announced = /^hostile-client [a-z-]+: (\{.*\})$/.exec(frame)?.[1];
      if (announced) pids.push(...(Object.values(JSON.parse(announced) as Record<string, number>)));
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.concurrent('a hostile client gets a clear verdict in bounded time, and leaves nothing running', () => {
  it.each([
    ['hang', 'streamable-http', /the client sent no initialize to http:\/\/127\.0\.0\.1:\d+\/mcp within 2000 ms/],
    ['hang', 'stdio', /the client sent no initialize on its stdout within 2000 ms/],
    ['exit-now', 'streamable-http', /the client exited \(code 3\) without sending initialize .*\n.*exiting with code 3 without connecting/],
    ['flood', 'streamable-http', /the client sent no initialize to .* within 2000 ms/],
    ['flood', 'stdio', /the client sent no initialize on its stdout within 2000 ms/],
    ['ignore-sigterm', 'streamable-http', /the client sent no initialize to .* within 2000 ms/],
  ] as const)('%s over %s: exit 2, saying why', async (mode, transport, why) => {
    const run = await runCli(['client', '--command', `node ${hostile} ${mode}`, '--transport', transport, '--timeout', '2', '--reporter', 'json'], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(2);
    expect(run.report?.fatal?.message).toMatch(why);
    // Control bytes a client writes are escaped before they reach the terminal.
    expect(run.stderr).not.toContain('\u0000');
    const pids = announcedPids(run.outDir);
    if (mode !== 'exit-now') expect(pids.length, 'the hostile client announced itself').toBeGreaterThan(0);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('connect-then-hang: it initializes and says nothing more; its checks fail, and it is ended', async () => {
    const run = await runCli(['client', '--command', `node ${hostile} connect-then-hang`, '--timeout', '2', '--reporter', 'json', '--scenario', 'lifecycle/initialize', '--spec-version', '2025-06-18'], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(1);
    const checks = run.report!.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => c.id));
    expect(checks).toContain('sends-initialized');
    expect(announcedPids(run.outDir).filter(alive)).toEqual([]);
  });
});
