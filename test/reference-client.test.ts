/**
 * The reference client (fixtures/reference-client.ts) against a server it was not written with:
 * the SDK fixture server (fixtures/third-party/sdk-server.ts), over Streamable HTTP and over stdio
 * (the two processes piped together, each one's stdout the other's stdin), at 2025-06-18 and
 * 2025-11-25 with the `tools_call` behaviour; resuming a stream against the reference server that
 * polls (--sse --poll); and its defect table. The harness's client suites
 * judge the client itself; this only shows that it completes its behaviour with a real server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sdkServerPath, startSdkHttp } from '../fixtures/third-party/sdk.js';
import { CLIENT_DEFECT_NAMES } from '../fixtures/reference-client/defects.js';
import { root, startReferenceHttp } from './support/cli.js';

const dist = join(root, 'dist');
const client = join(dist, 'fixtures', 'reference-client.js');
const REVISIONS = ['2025-06-18', '2025-11-25'] as const;

interface Exit {
  code: number | null;
  stderr: string;
}

function env(revision: string): NodeJS.ProcessEnv {
  return { ...process.env, MCP_CONFORMANCE_SCENARIO: 'tools_call', MCP_CONFORMANCE_PROTOCOL_VERSION: revision };
}

/** Collects a child's stderr and resolves with its exit code once it has exited. */
async function exited(child: ChildProcess): Promise<Exit> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe.concurrent('the reference client', () => {
  for (const revision of REVISIONS) {
    it(`completes tools_call over Streamable HTTP at ${revision} against the SDK server`, async () => {
      const server = await startSdkHttp(dist);
      try {
        const run = await exited(spawn(process.execPath, [client, server.url], { env: env(revision), stdio: ['ignore', 'pipe', 'pipe'] }));
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toContain('tools/call add: done');
      } finally {
        await server.stop();
      }
    });

    it(`completes tools_call over stdio at ${revision} against the SDK server`, async () => {
      const server = spawn(process.execPath, [sdkServerPath(dist)], { stdio: ['pipe', 'pipe', 'ignore'] });
      const child = spawn(process.execPath, [client, '--stdio'], { env: env(revision), stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdout!.pipe(server.stdin!);
      server.stdout!.pipe(child.stdin!);
      const serverExit = once(server, 'exit');
      try {
        const run = await exited(child);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toContain('tools/call add: done');
        // The client closed its stdout, which is the server's stdin: the server ends on its own.
        await serverExit;
      } finally {
        server.kill();
      }
    });
  }

  it('resumes with GET and Last-Event-ID when a POST stream ends before its response (the reference server polling, 2025-11-25)', async () => {
    const server = await startReferenceHttp(undefined, ['--sse', '--poll']);
    try {
      const run = await exited(spawn(process.execPath, [client, server.url], { env: env('2025-11-25'), stdio: ['ignore', 'pipe', 'pipe'] }));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/resuming after event \S+ in 20 ms/);
      expect(run.stderr).toContain('tools/call echo:');
    } finally {
      await server.stop();
    }
  });

  it('--list-defects prints every defect as JSON, with empty proofs for now', async () => {
    const child = spawn(process.execPath, [client, '--list-defects'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const run = await exited(child);
    expect(run.code, run.stderr).toBe(0);
    const table = JSON.parse(stdout) as Record<string, { transports: string[]; violates: string[]; proofs: unknown[] }>;
    expect(Object.keys(table)).toEqual([...CLIENT_DEFECT_NAMES]);
    expect(Object.keys(table)).toHaveLength(22);
    for (const entry of Object.values(table)) {
      expect(entry.violates.length).toBeGreaterThan(0);
      expect(entry.transports.length).toBeGreaterThan(0);
    }
  });
});
