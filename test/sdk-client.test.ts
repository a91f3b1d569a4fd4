/**
 * The third-party clients the client role is tested against, on their own against the SDK server fixture: the
 * SDK client fixture (fixtures/third-party/sdk-client.ts) over Streamable HTTP, with --spawn and with --stdio, and
 * mcp-remote-client through its wrapper (fixtures/third-party/mcp-remote-client.ts). Over HTTP a small recording
 * forwarder in front of the server pins what each one sends (fixtures/third-party/NOTES.md, "Clients").
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkServerPath, sdkStdioCommand, startSdkHttp } from '../fixtures/third-party/sdk.js';
import type { HttpTarget } from '../fixtures/process.js';
import { root } from './support/cli.js';
import { runScript as run } from './support/scripts.js';

const dist = join(root, 'dist');
const sdkClient = join(dist, 'fixtures', 'third-party', 'sdk-client.js');
const remoteClient = join(dist, 'fixtures', 'third-party', 'mcp-remote-client.js');

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON-RPC message POSTed, if any. */
  message?: { method?: string; params?: Record<string, unknown> };
}

/** `POST <json-rpc method>`, `GET <path>` or `DELETE <path>`. */
const line = (seen: Seen): string => (seen.method === 'POST' ? `POST ${seen.message?.method ?? '(response)'}` : `${seen.method} ${seen.path}`);

/** An HTTP forwarder to `target` that records every request it passes on. */
async function recorder(target: string): Promise<{ url: string; seen: Seen[]; close(): void }> {
  const upstream = new URL(target);
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, ...(body.length > 0 ? { message: JSON.parse(body.toString()) as Seen['message'] } : {}) });
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      // A stream the client drops (its GET stream when it exits) is dropped upstream too.
      res.on('close', () => forward.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    seen,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

let server: HttpTarget;
beforeAll(async () => {
  sdkServerPath(dist); // throws "run `npm run build`" when the fixtures are not built
  server = await startSdkHttp(dist);
});
afterAll(() => server?.stop());

describe.concurrent('the SDK client fixture (@modelcontextprotocol/sdk 1.x Client)', () => {
  it('over Streamable HTTP: initializes with the SDK latest version, lists, calls the first tool, DELETEs the session, exits 0', async () => {
    const rec = await recorder(server.url);
    try {
      // The revision asked for is 2025-06-18: Client.connect has no way to offer it.
      const exit = await run(sdkClient, [rec.url], { MCP_CONFORMANCE_SCENARIO: 'tools_call', MCP_CONFORMANCE_PROTOCOL_VERSION: '2025-06-18' });
      expect(exit).toEqual({ code: 0, stderr: '' });
      const [init, ...later] = rec.seen;
      expect(init?.message?.params).toEqual({
        protocolVersion: '2025-11-25',
        capabilities: { roots: { listChanged: true }, sampling: {}, elicitation: { form: { applyDefaults: true }, url: {} } },
        clientInfo: { name: 'mcp-conformance-sdk-client', version: '1.0.0' },
      });
      // The GET stream is opened without being awaited, so its place among the POSTs varies.
      const gets = rec.seen.filter((s) => s.method === 'GET');
      expect(gets.map((g) => g.headers.accept)).toEqual(['text/event-stream']);
      expect(rec.seen.filter((s) => s.method !== 'GET').map(line)).toEqual(['POST initialize', 'POST notifications/initialized', 'POST tools/list', 'POST tools/call', 'DELETE /mcp']);
      expect(rec.seen.find((s) => s.message?.method === 'tools/call')?.message?.params).toEqual({ name: 'add', arguments: { a: 2, b: 3 } });
      expect(init?.headers.accept).toBe('application/json, text/event-stream');
      const sessionId = init?.headers['mcp-session-id'];
      expect(sessionId).toBeUndefined();
      for (const s of later) {
        expect(s.headers['mcp-session-id'], line(s)).toMatch(/^[0-9a-f-]{36}$/);
        expect(s.headers['mcp-protocol-version'], line(s)).toBe('2025-11-25');
      }
      expect(new Set(later.map((s) => s.headers['mcp-session-id'])).size).toBe(1);
    } finally {
      rec.close();
    }
  });

  it('fails with exit 1 and a stderr line when initialize is refused (a path the server answers 404)', async () => {
    const exit = await run(sdkClient, [server.url.replace(/\/mcp$/, '/nowhere')]);
    expect(exit.code).toBe(1);
    // The transport reports it through client.onerror too, hence the `(transport)` line before the failure.
    expect(exit.stderr).toBe('sdk-client: (transport) Streamable HTTP error: Error POSTing to endpoint: Not Found\nsdk-client: Streamable HTTP error: Error POSTing to endpoint: Not Found\n');
  });

  it('refuses a scenario it does not know, with exit 1', async () => {
    const exit = await run(sdkClient, [server.url], { MCP_CONFORMANCE_SCENARIO: 'no-such-scenario' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/^sdk-client: unknown MCP_CONFORMANCE_SCENARIO "no-such-scenario" \(known: initialize, tools_call, elicitation-defaults, sse-retry\)\n$/);
  });

  it('with --spawn: runs its server with StdioClientTransport and exits 0', async () => {
    expect(await run(sdkClient, ['--spawn', sdkStdioCommand(dist)], { MCP_CONFORMANCE_SCENARIO: 'initialize' })).toEqual({ code: 0, stderr: '' });
  });

  it('with --stdio: its own stdin/stdout are the connection; both ends exit 0 and stdout carries only JSON-RPC lines', async () => {
    const client = spawn(process.execPath, [sdkClient, '--stdio'], { env: { ...process.env, MCP_CONFORMANCE_SCENARIO: 'tools_call' }, stdio: ['pipe', 'pipe', 'inherit'] });
    const peer = spawn(process.execPath, [sdkServerPath(dist)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let written = '';
    client.stdout.on('data', (chunk: Buffer) => (written += chunk.toString()));
    client.stdout.pipe(peer.stdin);
    peer.stdout.pipe(client.stdin);
    const exited = (child: typeof client): Promise<number | null> => new Promise((resolve) => child.on('close', resolve));
    const [clientCode, peerCode] = await Promise.all([exited(client), exited(peer)]);
    expect([clientCode, peerCode]).toEqual([0, 0]);
    const methods = written
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { method?: string }).method);
    expect(methods).toEqual(['initialize', 'notifications/initialized', 'tools/list', 'tools/call']);
  });
});

describe('mcp-remote-client 0.15.1 through its wrapper', () => {
  it('probes for OAuth, initializes with empty capabilities, lists tools and resources, exits 0 without DELETE, and leaves no files', async () => {
    const rec = await recorder(server.url);
    const scratch = mkdtempSync(join(tmpdir(), 'mcp-remote-test-'));
    const home = mkdtempSync(join(tmpdir(), 'mcp-remote-home-'));
    try {
      // TMPDIR: where the wrapper makes its temporary HOME; HOME: must stay untouched.
      const exit = await run(remoteClient, [rec.url], { TMPDIR: scratch, HOME: home });
      expect(exit.code, exit.stderr).toBe(0);
      expect(exit.stderr).toContain('Exiting OK...');
      expect(readdirSync(scratch)).toEqual([]);
      expect(readdirSync(home)).toEqual([]);
      const endpointGets = rec.seen.filter((s) => s.method === 'GET' && s.path === '/mcp' && s.headers['mcp-session-id'] !== undefined);
      expect(endpointGets).toHaveLength(1);
      expect(rec.seen.filter((s) => !endpointGets.includes(s)).map(line)).toEqual([
        // OAuth discovery before anything else: the endpoint itself, then the well-known documents (all 404 here).
        'GET /mcp',
        'GET /.well-known/oauth-protected-resource/mcp',
        'GET /.well-known/oauth-protected-resource',
        'GET /.well-known/oauth-authorization-server/mcp',
        'GET /.well-known/oauth-authorization-server',
        'GET /.well-known/openid-configuration/mcp',
        'GET /mcp/.well-known/openid-configuration',
        // Does the server challenge (401)? Then the session.
        'GET /mcp',
        'POST initialize',
        'POST notifications/initialized',
        'POST tools/list',
        'POST resources/list',
      ]);
      const init = rec.seen.find((s) => s.message?.method === 'initialize');
      expect(init?.message?.params).toEqual({ protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'mcp-remote', version: '0.15.1' } });
      // SEP-2243's Mcp-Method header, from the 2.x SDK it bundles.
      expect(init?.headers['mcp-method']).toBe('initialize');
    } finally {
      rec.close();
      for (const dir of [scratch, home]) rmSync(dir, { recursive: true, force: true });
    }
  });
});
