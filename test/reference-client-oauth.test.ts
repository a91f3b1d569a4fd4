/**
 * The reference client as an OAuth client (fixtures/reference-client/oauth.ts) against a protected
 * server it was not written with: the SDK's example server with --oauth-strict (bearer middleware,
 * Protected Resource Metadata, its demo authorization server on a second port, which approves at
 * once with a redirect; tokens accepted only for this server). The client must go through the
 * whole flow and list and call tools. Plus its WWW-Authenticate parser on the forms a header takes,
 * and the secrets of a `client --auth` run kept out of every artifact.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWwwAuthenticate, resourceCovers } from '../fixtures/reference-client/oauth.js';
import { PORT_PLACEHOLDER, startHttpProcess, type HttpTarget } from '../fixtures/process.js';
import { acceptsConnections, freePort } from '../runner/util/ports.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { root, runInProcess } from './support/cli.js';

const client = join(root, 'dist', 'fixtures', 'reference-client.js');
const example = join(createRequire(import.meta.url).resolve('@modelcontextprotocol/sdk/server/index.js'), '..', '..', 'examples', 'server', 'simpleStreamableHttp.js');

describe('the reference client authorizes with the SDK example server (--oauth-strict)', () => {
  let server: HttpTarget;
  let mcpUrl: string;

  beforeAll(async () => {
    const authPort = await freePort();
    server = await startHttpProcess({ name: 'sdk-oauth-example', argv: [process.execPath, example, '--oauth', '--oauth-strict'], env: { MCP_PORT: PORT_PLACEHOLDER, MCP_AUTH_PORT: String(authPort) }, path: '/mcp' });
    // The example names its URLs with "localhost": the PRM's resource is http://localhost:<port>/mcp.
    mcpUrl = server.url.replace('127.0.0.1', 'localhost');
    // Its authorization server listens in the same process, a moment after or before the MCP port.
    for (let tries = 0; !(await acceptsConnections('127.0.0.1', authPort)); tries++) {
      if (tries > 100) throw new Error('the example authorization server never listened');
      await sleep(20);
    }
  });
  afterAll(async () => server?.stop());

  it.each(['2025-11-25', '2026-07-28'])('at %s: 401, discovery, registration, PKCE, token, then tools', async (revision) => {
    const child = spawn(process.execPath, [client, mcpUrl], { env: { ...process.env, MCP_CONFORMANCE_SCENARIO: 'tools_call', MCP_CONFORMANCE_PROTOCOL_VERSION: revision }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toContain('HTTP 401 from the MCP endpoint: authorizing');
    expect(stderr).toMatch(/client id by dcr at http:\/\/localhost:\d+\//);
    expect(stderr).toContain('with scope "mcp:tools"');
    expect(stderr).toMatch(/tools\/call \w+:/);
    expect(code, stderr).toBe(0);
  });
});

describe('parseWwwAuthenticate', () => {
  it('reads quoted and bare params, commas inside quotes, several challenges', () => {
    expect(parseWwwAuthenticate('Bearer error="insufficient_scope", scope="a b", resource_metadata="https://x/y?a=1,2"')).toEqual([
      { scheme: 'Bearer', params: { error: 'insufficient_scope', scope: 'a b', resource_metadata: 'https://x/y?a=1,2' } },
    ]);
    expect(parseWwwAuthenticate('Basic realm="r", Bearer realm=api, error=invalid_token')).toEqual([
      { scheme: 'Basic', params: { realm: 'r' } },
      { scheme: 'Bearer', params: { realm: 'api', error: 'invalid_token' } },
    ]);
    expect(parseWwwAuthenticate('Negotiate abc123==, bearer Scope = "x\\"y"')).toEqual([
      { scheme: 'Negotiate', params: {} },
      { scheme: 'bearer', params: { scope: 'x"y' } },
    ]);
    expect(parseWwwAuthenticate('Bearer')).toEqual([{ scheme: 'Bearer', params: {} }]);
  });
});

describe('resourceCovers', () => {
  it('takes the MCP URL, its origin and a segment prefix, nothing else', () => {
    const mcp = new URL('http://127.0.0.1:5/a/mcp');
    expect(resourceCovers('http://127.0.0.1:5/a/mcp', mcp)).toBe(true);
    expect(resourceCovers('http://127.0.0.1:5/a/mcp/', mcp)).toBe(true);
    expect(resourceCovers('http://127.0.0.1:5', mcp)).toBe(true);
    expect(resourceCovers('http://127.0.0.1:5/a', mcp)).toBe(true);
    expect(resourceCovers('http://127.0.0.1:5/a/m', mcp)).toBe(false);
    expect(resourceCovers('https://evil.example.com/a/mcp', mcp)).toBe(false);
    expect(resourceCovers('http://127.0.0.1:6/a/mcp', mcp)).toBe(false);
  });
});

/** Every file under a folder, as text. */
function allText(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? allText(path) : readFileSync(path, 'utf8')))
    .join('\n');
}

describe('client --auth keeps its secrets out of every artifact', () => {
  it('no access token (even one sent in the query), no pre-registered client secret', async () => {
    // The defect sends its token in the query string: the request target is recorded, with the token redacted.
    const command = `node ${client} --defect auth-token-in-query`;
    const run = await runInProcess(['client', '--command', command, '--auth', '--spec-version', '2025-11-25', '--timeout', '3', '--jobs', '2', '--reporter', 'json', '--scenario', 'auth/pre-registration', '--scenario', 'auth/metadata-default']);
    const text = allText(run.outDir);
    expect(text).toContain('/mcp?access_token=[redacted]');
    // Every token of the harness's authorization servers starts with this header (HS256, at+jwt).
    expect(text).not.toContain(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'at+jwt' })).toString('base64url'));
    expect(text).not.toContain('pre-registered-secret');
  }, 60_000);
});
