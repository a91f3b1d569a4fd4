/**
 * A target that answers no initialize with a result at any revision is most likely not an MCP
 * endpoint: one line saying so, with the evidence, exit 2. Real servers on loopback, no mocks.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEverythingHttp } from '../fixtures/third-party/everything.js';
import { runCli } from './support/cli.js';

/** A plain web server, as `python3 -m http.server` behaves: POST gets 501 with an HTML page. */
let web: Server;
let webUrl: string;
beforeAll(async () => {
  web = createServer((req, res) => {
    req.resume();
    res.writeHead(req.method === 'GET' ? 200 : 501, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><html><body><h1>Error response</h1><p>Error code: 501</p></body></html>');
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}/mcp`;
});
afterAll(() => new Promise<void>((resolve) => web.close(() => resolve())));

describe('a URL that is not an MCP endpoint', () => {
  it('is named as such, with the status and type it answered, and exit 2', async () => {
    const run = await runCli([webUrl]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`POST ${webUrl} answered initialize with HTTP 501 (text/html) at every revision, and server/discover with HTTP 501 (text/html); is this the MCP endpoint?`);
    // One line, not an HTML page.
    expect(run.stderr).not.toContain('<h1>');
    expect(run.report?.fatal?.kind).toBe('unreachable');
    expect(run.report?.scenarios).toEqual([]);
  });

  it('is still tested when the user forces a revision, and fails without a single pass', async () => {
    const run = await runCli([webUrl, '--spec-version', '2025-06-18']);
    expect(run.code).toBe(1);
    expect(run.report!.summary.checks.passed).toBe(0);
  });
});

describe('a legacy HTTP+SSE endpoint (2024-11-05) tested as Streamable HTTP', () => {
  it('is recognised, and the message says how to test it over its own transport, exit 2', async () => {
    const server = await startEverythingHttp({ mode: 'sse' });
    try {
      const run = await runCli([server.url, '--transport', 'streamable-http']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /speaks the legacy HTTP\+SSE transport of 2024-11-05 \(GET opened an SSE stream announcing the endpoint \/message\?sessionId=[^)]+\), not the Streamable HTTP that --transport names; leave --transport out, or use --transport sse/,
      );
    } finally {
      await server.stop();
    }
  });
});

describe('a command that answers neither initialize nor server/discover with a result', () => {
  it('is not taken for an MCP server unless a revision is forced', async () => {
    // A server of the stateless era alone (initialize refused) whose server/discover is missing.
    const run = await runCli(['server', '--command', 'node dist/fixtures/reference-server.js --stateless-only --defect discover-unimplemented']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'the target answered initialize with no result at any revision (-32022 this server serves only protocol version 2026-07-28, without initialize), nor server/discover (-32601 Method not found); is it an MCP server?',
    );
  });
});
