/**
 * How a URL target's transport is chosen: a path ending in /sse is legacy HTTP+SSE, and a URL whose
 * POST initialize is refused with 4xx is tried as legacy SSE (the backwards-compatibility probe of
 * 2025-03-26). Legacy SSE runs 2024-11-05 only. The reference server on loopback, one scenario.
 */
import { describe, expect, it } from 'vitest';
import { runCli, startReferenceHttp } from './support/cli.js';

describe('the transport of a URL target', () => {
  it('is legacy SSE when POST initialize gets 4xx and GET announces an endpoint, said in the console and report.json', async () => {
    const server = await startReferenceHttp(undefined, ['--legacy-only']);
    try {
      const run = await runCli([server.url, '--scenario', 'base/ping']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.report!.target).toMatchObject({ transport: 'legacy-sse', transportReason: expect.stringMatching(/^backwards-compatibility probe: POST initialize answered HTTP 405, and GET opened an SSE stream announcing the endpoint \/messages\?sessionId=/) });
      expect(run.report!.revisions.map((r) => r.revision)).toEqual(['2024-11-05']);
      expect(run.stdout).toContain('over legacy-sse: backwards-compatibility probe: POST initialize answered HTTP 405');
      expect(run.report!.scenarios.map((s) => [s.id, s.transport, s.status])).toEqual([['2024-11-05/server/base/ping', 'legacy-sse', 'passed']]);

      // Named: no probe needed, the GET goes to the URL as given.
      const named = await runCli([server.url, '--transport', 'sse', '--scenario', 'base/ping']);
      expect(named.code, named.stderr).toBe(0);
      expect(named.report!.target).toMatchObject({ transport: 'legacy-sse', transportReason: 'named with --transport' });

      // A later revision cannot run over it: a usage error that says why and what to do.
      const later = await runCli([server.url, '--scenario', 'base/ping', '--spec-version', '2025-03-26']);
      expect(later.code).toBe(2);
      expect(later.stderr).toContain('which exists only at 2024-11-05 (2025-03-26 replaced it with Streamable HTTP), so --spec-version 2025-03-26 cannot run over it');
    } finally {
      await server.stop();
    }
  });

  it('is legacy SSE for --transport sse and for a path ending in /sse, where a later --spec-version is refused before anything runs', async () => {
    for (const args of [['http://127.0.0.1:9/mcp', '--transport', 'sse'], ['http://127.0.0.1:9/sse']]) {
      const run = await runCli([...args, '--spec-version', '2025-06-18'], { out: false });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/means the legacy HTTP\+SSE transport, which exists only at 2024-11-05 .*: use --spec-version 2024-11-05 or auto, or --transport streamable-http/);
    }
    const command = await runCli(['node server.js', '--transport', 'sse'], { out: false });
    expect(command.stderr).toContain('--transport applies only to URL targets');
  });
});
