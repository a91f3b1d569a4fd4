/**
 * Self-tests of the bundled reference server and its defective variants: real child processes over
 * real pipes, real HTTP on 127.0.0.1, no mocks. Needs the build output (`npm test` builds first).
 *
 * Every defect is proven both ways: its probe sees nothing wrong with the reference and sees the
 * defect in the variant.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFECTS, defectByName, type DefectName } from '../fixtures/reference/defects/index.js';

const SERVER = fileURLToPath(new URL('../dist/fixtures/reference-server.js', import.meta.url));
const VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] as const;
type Version = (typeof VERSIONS)[number];
// Test-side only: frames are read by deep property access and every read is asserted right away.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const children = new Set<ChildProcessWithoutNullStreams>();

afterEach(async () => {
  await Promise.all(
    [...children].map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await gone;
      }
    }),
  );
  children.clear();
});

beforeAll(() => {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" (npm test does) first`);
});

function launch(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: 'pipe' });
  children.add(child);
  return child;
}

function exitOf(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<number | 'running'> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('running'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

/** A raw line-oriented client of a stdio server. */
class StdioClient {
  readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private wake: (() => void) | undefined;
  private nextId = 1;

  constructor(args: string[] = []) {
    this.child = launch(args);
    let buffer = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake?.();
    });
    this.child.on('exit', () => this.wake?.());
  }

  send(message: unknown): void {
    this.child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
  }

  /** The next raw stdout line; rejects when the process exits or nothing arrives in time. */
  async nextLine(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error('server exited');
      if (Date.now() > deadline) throw new Error('no frame within the timeout');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    return this.lines.shift() as string;
  }

  async next(): Promise<Json> {
    return JSON.parse(await this.nextLine()) as Json;
  }

  async request(method: string, params?: Json, id: string | number = this.nextId++): Promise<Json> {
    this.send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
    return this.next();
  }

  async initialize(version: string = '2025-11-25'): Promise<Json> {
    const response = await this.request('initialize', initializeParams(version));
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return response;
  }
}

function initializeParams(version: string): Json {
  return { protocolVersion: version, capabilities: {}, clientInfo: { name: 'self-test', version: '0.0.0' } };
}

interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Json | undefined;
}

const ACCEPT_BOTH = 'application/json, text/event-stream';

/** A reference server on --http, and a raw fetch-based client of it. */
class HttpClient {
  readonly child: ChildProcessWithoutNullStreams;
  url = '';
  sessionId: string | undefined;

  private constructor(args: string[]) {
    this.child = launch(['--http', ...args]);
  }

  static async start(args: string[] = []): Promise<HttpClient> {
    const client = new HttpClient(args);
    let stderr = '';
    client.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${stderr}`)), 10_000);
      client.child.stderr.setEncoding('utf8');
      client.child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        const match = /^listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)$/m.exec(stderr);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    return client;
  }

  /** Sends one HTTP request; `session` defaults to the current session id, null sends none. */
  async fetch(
    method: string,
    body?: unknown,
    headers: Record<string, string> = {},
    session: string | null | undefined = this.sessionId,
  ): Promise<HttpAnswer> {
    const all: Record<string, string> = { Accept: ACCEPT_BOTH, ...headers };
    if (body !== undefined) all['Content-Type'] = 'application/json';
    if (typeof session === 'string') all['Mcp-Session-Id'] = session;
    const init: RequestInit = { method, headers: all };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(this.url, init);
    const text = await response.text();
    let json: Json | undefined;
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  post(body: unknown, headers: Record<string, string> = {}, session?: string | null): Promise<HttpAnswer> {
    return this.fetch('POST', body, headers, session === undefined ? this.sessionId : session);
  }

  async initialize(version: string = '2025-11-25'): Promise<HttpAnswer> {
    this.sessionId = undefined;
    const answer = await this.post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: initializeParams(version) });
    this.sessionId = answer.headers.get('mcp-session-id') ?? undefined;
    await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return answer;
  }
}

const ping = (id: string | number = 1): Json => ({ jsonrpc: '2.0', id, method: 'ping' });

// ---- schema validation (spot checks and whole transcripts) -------------------------------------

function schemaPath(version: Version): string {
  const candidates = [`../schemas/${version}/schema.json`, `../../shared/spec/schema/${version}/schema.json`];
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`no schema.json for ${version} (looked in schemas/ and ../shared/spec/schema/)`);
}

const validators = new Map<string, ValidateFunction>();

function validator(version: Version, definition: string): ValidateFunction {
  const key = `${version}#${definition}`;
  let found = validators.get(key);
  if (!found) {
    const schema = JSON.parse(readFileSync(schemaPath(version), 'utf8')) as Json;
    const ajv = version === '2025-11-25' ? new Ajv2020({ strict: false }) : new Ajv({ strict: false });
    const plugin = ajvFormats as unknown as { default: (ajv: object) => void };
    plugin.default(ajv);
    ajv.addSchema(schema, version);
    const validate = ajv.getSchema(`${version}#/${version === '2025-11-25' ? '$defs' : 'definitions'}/${definition}`);
    if (!validate) throw new Error(`no ${definition} in the ${version} schema`);
    found = validate;
    validators.set(key, found);
  }
  return found;
}

function expectValid(version: Version, definition: string, value: unknown): void {
  const validate = validator(version, definition);
  const ok = validate(value);
  expect(ok, `${definition} (${version}): ${JSON.stringify(validate.errors)}\n${JSON.stringify(value)}`).toBe(true);
}

// ---- the reference over stdio -------------------------------------------------------------------

describe('reference server over stdio', () => {
  it('answers ping before initialize and refuses other requests, keeping the id', async () => {
    const client = new StdioClient();
    expect(await client.request('ping', undefined, 'p-1')).toEqual({ jsonrpc: '2.0', id: 'p-1', result: {} });
    const refused = await client.request('tools/list', undefined, 41);
    expect(refused.id).toBe(41);
    // Dual-era: before any initialize, a request without _meta is a stateless one that lacks its required fields.
    expect(refused.error.code).toBe(-32602);
  });

  it.each(VERSIONS)('negotiates %s and every frame of a session is valid against its schema', async (version) => {
    const client = new StdioClient();
    const frames: Json[] = [];
    const call = async (method: string, params?: Json, id?: string | number): Promise<Json> => {
      const frame = await client.request(method, params, id);
      frames.push(frame);
      return frame;
    };
    const init = await call('initialize', initializeParams(version));
    client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect(init.result.protocolVersion).toBe(version);
    expect(init.result.serverInfo).toMatchObject({ name: 'mcp-conformance-reference', version: '0.1.0' });
    expectValid(version, 'InitializeResult', init.result);

    const tools = await call('tools/list');
    expectValid(version, 'ListToolsResult', tools.result);
    expect(tools.result.tools.map((tool: Json) => tool.name)).toEqual(['echo', 'get_status']);
    expect(tools.result.tools[0].annotations).toEqual(version === '2024-11-05' ? undefined : { readOnlyHint: true });
    const rest = await call('tools/list', { cursor: tools.result.nextCursor });
    expectValid(version, 'ListToolsResult', rest.result);
    // Then (from 2025-11-25) the tools that run as tasks, then the conformance fixtures (features/fixtures.ts), two per page.
    expect(rest.result.tools.map((tool: Json) => tool.name)).toEqual(['write_note', version === '2025-11-25' ? 'describe_server' : 'test_simple_text']);
    expect(typeof rest.result.nextCursor).toBe('string');
    const status = await call('tools/call', { name: 'get_status', arguments: {} });
    expectValid(version, 'CallToolResult', status.result);
    expect(status.result.structuredContent).toEqual(version >= '2025-06-18' ? { notesWritten: expect.any(Number) } : undefined);
    const echoed = await call('tools/call', { name: 'echo', arguments: { message: 'hé\nllo' } });
    expect(echoed.result).toEqual({ content: [{ type: 'text', text: 'hé\nllo' }] });
    expectValid(version, 'CallToolResult', echoed.result);
    expect((await call('tools/call', { name: 'nope', arguments: {} })).error.code).toBe(-32602);

    expectValid(version, 'ListResourcesResult', (await call('resources/list')).result);
    const read = await call('resources/read', { uri: 'conformance://reference/readme' });
    expectValid(version, 'ReadResourceResult', read.result);
    expect((await call('resources/read', { uri: 'conformance://nowhere' })).error.code).toBe(-32002);
    const templates = await call('resources/templates/list');
    expectValid(version, 'ListResourceTemplatesResult', templates.result);
    expect(templates.result.resourceTemplates).toHaveLength(2);
    expect(typeof templates.result.nextCursor).toBe('string');
    const pixel = await call('resources/read', { uri: 'conformance://reference/pixel.png' });
    expectValid(version, 'ReadResourceResult', pixel.result);
    expect(pixel.result.contents[0]).toMatchObject({ mimeType: 'image/png', blob: expect.any(String) });
    expect((await call('resources/subscribe', { uri: 'conformance://reference/readme' })).result).toEqual({});
    expect((await call('resources/unsubscribe', { uri: 'conformance://reference/readme' })).result).toEqual({});

    expectValid(version, 'ListPromptsResult', (await call('prompts/list')).result);
    const prompt = await call('prompts/get', { name: 'greeting', arguments: { name: 'Ada' } });
    expectValid(version, 'GetPromptResult', prompt.result);
    expect(prompt.result.messages[0].content.text).toBe('Hello, Ada!');
    expectValid(version, 'GetPromptResult', (await call('prompts/get', { name: 'picture' })).result);
    expect((await call('prompts/get', { name: 'summarize' })).error.code).toBe(-32602);

    expect((await call('logging/setLevel', { level: 'warning' })).result).toEqual({});
    expect((await call('logging/setLevel', { level: 'loud' })).error.code).toBe(-32602);
    expect((await call('tools/call', 'oops' as unknown as Json)).error.code).toBe(-32602);
    const completed = await call('completion/complete', { ref: { type: 'ref/prompt', name: 'greeting' }, argument: { name: 'name', value: 'A' } }, 'c');
    expect(completed).toMatchObject({ id: 'c', result: { completion: { values: ['Ada', 'Alan'], total: 2, hasMore: false } } });
    expectValid(version, 'CompleteResult', completed.result);
    expect(init.result.capabilities.completions).toEqual(version === '2024-11-05' ? undefined : {});
    expect((await call('completion/complete', { ref: { type: 'ref/prompt', name: 'greeting' } })).error.code).toBe(-32602);
    const tasks = await call('tasks/list');
    if (version === '2025-11-25') expect(tasks.result).toEqual({ tasks: [] });
    else expect(tasks.error.code).toBe(-32601);
    client.send({ jsonrpc: '2.0', method: 'notifications/whatever' });
    expect(await call('no/such/method', undefined, 7)).toMatchObject({ id: 7, error: { code: -32601 } });
    expect(await call('ping', undefined, 8)).toEqual({ jsonrpc: '2.0', id: 8, result: {} });
    for (const frame of frames) expectValid(version, 'JSONRPCMessage', frame);
  });

  it('answers an unsupported version with the latest one', async () => {
    const client = new StdioClient();
    expect((await client.initialize('1999-01-01')).result.protocolVersion).toBe('2025-11-25');
  });

  it('answers invalid JSON and invalid messages without an id under 2025-11-25', async () => {
    const client = new StdioClient();
    client.send('{"jsonrpc": "2.0", "id": 1, "method": "ping"');
    const parseError = await client.next();
    expect(parseError).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: expect.any(String) } });
    expectValid('2025-11-25', 'JSONRPCMessage', parseError);
    client.send({ foo: 1 });
    expect(await client.next()).toMatchObject({ error: { code: -32600 } });
    client.send({ jsonrpc: '2.0', id: null, method: 'ping' });
    const nullId = await client.next();
    expect(nullId).not.toHaveProperty('id');
    expect(nullId.error.code).toBe(-32600);
  });

  it('stays silent on invalid JSON under 2025-06-18, whose errors need an id', async () => {
    const client = new StdioClient();
    await client.initialize('2025-06-18');
    client.send('not json');
    expect(await client.request('ping', undefined, 'after')).toEqual({ jsonrpc: '2.0', id: 'after', result: {} });
  });

  it('answers a 2025-03-26 batch with an array and refuses batches elsewhere', async () => {
    const client = new StdioClient();
    await client.initialize('2025-03-26');
    client.send([ping(1), { jsonrpc: '2.0', method: 'notifications/x' }, { jsonrpc: '2.0', id: 2, method: 'nope' }]);
    const batch = await client.next();
    expect(batch).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } },
    ]);
    expectValid('2025-03-26', 'JSONRPCMessage', batch);
    const other = new StdioClient();
    await other.initialize('2025-11-25');
    other.send([ping(1)]);
    expect(await other.next()).toMatchObject({ error: { code: -32600 } });
  });

  it('exits with code 0 promptly when stdin ends', async () => {
    const client = new StdioClient();
    await client.initialize();
    client.child.stdin.end();
    expect(await exitOf(client.child, 3000)).toBe(0);
  });
});

// ---- the reference over Streamable HTTP ---------------------------------------------------------

describe('reference server over Streamable HTTP', () => {
  it('creates a session on initialize and serves it as JSON', async () => {
    const client = await HttpClient.start();
    const init = await client.initialize('2025-06-18');
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toMatch(/^application\/json/);
    expect(client.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(init.json?.result.protocolVersion).toBe('2025-06-18');
    const listed = await client.post({ jsonrpc: '2.0', id: 'l', method: 'tools/list' }, { 'MCP-Protocol-Version': '2025-06-18' });
    expect(listed.status).toBe(200);
    expect(listed.json?.result.tools[0].name).toBe('echo');
    const notified = await client.post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'x' } });
    expect([notified.status, notified.text]).toEqual([202, '']);
  });

  it('refuses a missing (400) or unknown (404) session, and ends a session on DELETE', async () => {
    const client = await HttpClient.start();
    await client.initialize();
    const missing = await client.post(ping(), {}, null);
    expect(missing.status).toBe(400);
    expect(missing.json?.error).toBeDefined();
    expect(missing.json).not.toHaveProperty('id');
    expect((await client.post(ping(), {}, 'no-such-session')).status).toBe(404);
    expect((await client.post(ping())).status).toBe(200);
    const deleted = await client.fetch('DELETE');
    expect(deleted.status).toBe(200);
    expect((await client.post(ping())).status).toBe(404);
  });

  it('answers invalid JSON with 400 and an id-less parse error, and refuses foreign origins', async () => {
    const client = await HttpClient.start();
    await client.initialize();
    const bad = await client.post('{"jsonrpc":');
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: expect.any(String) } });
    expect((await client.post(ping(), { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await client.post(ping(), { Origin: 'http://localhost:3000' })).status).toBe(200);
    expect((await client.post(ping(), { Accept: 'application/json' })).status).toBe(406);
  });

  it('checks MCP-Protocol-Version from 2025-06-18 on, and ignores it before', async () => {
    const modern = await HttpClient.start();
    await modern.initialize('2025-06-18');
    expect((await modern.post(ping(), { 'MCP-Protocol-Version': '1999-01-01' })).status).toBe(400);
    expect((await modern.post(ping())).status).toBe(200);
    const legacy = await HttpClient.start();
    await legacy.initialize('2025-03-26');
    expect((await legacy.post(ping(), { 'MCP-Protocol-Version': '1999-01-01' })).status).toBe(200);
  });

  it('opens one GET stream per session, where notifications of no request go, and answers unknown paths with 404', async () => {
    const client = await HttpClient.start();
    await client.initialize();
    const headers = { Accept: 'text/event-stream', 'Mcp-Session-Id': client.sessionId! };
    const first = await fetch(client.url, { headers });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // A second GET replaces the first: the first one ends, the new one carries what follows.
    const second = await fetch(client.url, { headers });
    expect(second.status).toBe(200);
    // At 2025-11-25 each stream opens with a priming event: an id naming the stream, and empty data.
    expect(await first.text()).toBe('id: 1-0\ndata: \n\n');
    const call = await client.post({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'test_trigger_tool_change', arguments: {} } });
    expect(call.json?.result).toBeDefined();
    const reader = second.body!.getReader();
    let text = '';
    while (!text.includes('list_changed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toBe('id: 2-0\ndata: \n\nid: 2-1\nevent: message\ndata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\n\n');
    await reader.cancel();
    expect((await fetch(client.url.replace(/\/mcp$/, '/other'))).status).toBe(404);
  });

  it('answers GET with 405 under --no-get-stream, as a server without a stream of its own may', async () => {
    const client = await HttpClient.start(['--no-get-stream']);
    await client.initialize();
    const get = await client.fetch('GET', undefined, { Accept: 'text/event-stream' });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, DELETE');
  });

  it('answers with a priming event and a single SSE event under --sse', async () => {
    const client = await HttpClient.start(['--sse']);
    const init = await client.initialize();
    expect(init.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const answer = await client.post(ping(5));
    expect(answer.text).toBe('id: 2-0\ndata: \n\nid: 2-1\nevent: message\ndata: {"jsonrpc":"2.0","id":5,"result":{}}\n\n');
  });

  it('exits cleanly on SIGTERM', async () => {
    const client = await HttpClient.start();
    client.child.kill('SIGTERM');
    expect(await exitOf(client.child, 3000)).toBe(0);
  });
});

describe('schema spot checks are not vacuous', () => {
  it('rejects an id-less error before 2025-11-25 and a tool without inputSchema', () => {
    const idless = { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } };
    expect(validator('2025-06-18', 'JSONRPCMessage')(idless)).toBe(false);
    expect(validator('2025-11-25', 'JSONRPCMessage')(idless)).toBe(true);
    expect(validator('2024-11-05', 'ListToolsResult')({ tools: [{ name: 'echo' }] })).toBe(false);
  });
});

// ---- defective variants -------------------------------------------------------------------------

interface Probe {
  defect: DefectName;
  transport: 'stdio' | 'http';
  /** Launches the server with `args` and says whether the defective behaviour was observed. */
  observe: (args: string[]) => Promise<boolean>;
}

const GARBAGE = '{"jsonrpc": "2.0", "id": 1, "method": ';

/** Sends garbage then a ping; true when the ping answer comes first (nothing answered the garbage). */
async function garbageIgnored(client: StdioClient): Promise<boolean> {
  client.send(GARBAGE);
  client.send(ping('after'));
  return (await client.next()).id === 'after';
}

async function initialized(args: string[], version?: string): Promise<StdioClient> {
  const client = new StdioClient(args);
  await client.initialize(version);
  return client;
}

async function httpSession(args: string[], version?: string): Promise<HttpClient> {
  const client = await HttpClient.start(args);
  await client.initialize(version);
  return client;
}

const PROBES: Probe[] = [
  { defect: 'echo-unknown-version', transport: 'stdio', observe: async (args) =>
    (await new StdioClient(args).initialize('1999-01-01')).result.protocolVersion === '1999-01-01' },
  { defect: 'downgrade-version', transport: 'stdio', observe: async (args) =>
    (await new StdioClient(args).initialize('2025-06-18')).result.protocolVersion !== '2025-06-18' },
  { defect: 'not-latest-version', transport: 'http', observe: async (args) =>
    (await (await HttpClient.start(args)).initialize('1999-01-01')).json?.result.protocolVersion !== '2025-11-25' },
  { defect: 'ping-nonempty', transport: 'stdio', observe: async (args) =>
    JSON.stringify((await (await initialized(args)).request('ping')).result) !== '{}' },
  { defect: 'wrong-method-not-found-code', transport: 'http', observe: async (args) =>
    (await (await httpSession(args)).post({ jsonrpc: '2.0', id: 3, method: 'no/such' })).json?.error.code !== -32601 },
  { defect: 'no-parse-error', transport: 'stdio', observe: async (args) => garbageIgnored(await initialized(args)) },
  { defect: 'no-parse-error', transport: 'http', observe: async (args) =>
    (await (await httpSession(args)).post(GARBAGE)).status === 202 },
  { defect: 'crash-on-invalid-json', transport: 'stdio', observe: async (args) => {
    const client = await initialized(args);
    try {
      await garbageIgnored(client);
      return false;
    } catch {
      return (await exitOf(client.child, 3000)) === 1;
    }
  } },
  { defect: 'crash-on-invalid-json', transport: 'http', observe: async (args) =>
    (await (await httpSession(args)).post(GARBAGE)).status === 500 },
  { defect: 'retype-ids', transport: 'stdio', observe: async (args) =>
    (await (await initialized(args)).request('ping', undefined, 4242)).id === '4242' },
  { defect: 'answer-notifications', transport: 'stdio', observe: async (args) => {
    const client = await initialized(args);
    client.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } });
    return (await client.request('ping', undefined, 'after')).id !== 'after';
  } },
  { defect: 'answer-notifications', transport: 'http', observe: async (args) =>
    (await (await httpSession(args)).post({ jsonrpc: '2.0', method: 'notifications/x' })).status !== 202 },
  { defect: 'serve-before-initialize', transport: 'stdio', observe: async (args) =>
    'result' in (await new StdioClient(args).request('tools/list')) },
  { defect: 'refuse-ping-before-initialize', transport: 'stdio', observe: async (args) =>
    'error' in (await new StdioClient(args).request('ping')) },
  { defect: 'capability-lie', transport: 'stdio', observe: async (args) => {
    const client = new StdioClient(args);
    const declared = (await client.initialize()).result.capabilities.prompts !== undefined;
    return declared && 'error' in (await client.request('prompts/list'));
  } },
  { defect: 'missing-server-info', transport: 'http', observe: async (args) =>
    !('serverInfo' in ((await (await HttpClient.start(args)).initialize()).json?.result ?? {})) },
  { defect: 'invalid-tool-schema', transport: 'stdio', observe: async (args) =>
    (await (await initialized(args)).request('tools/list')).result.tools.some((tool: Json) => !tool.inputSchema) },
  { defect: 'stdout-noise', transport: 'stdio', observe: async (args) => {
    const client = new StdioClient(args);
    client.send(ping());
    const line = await client.nextLine();
    return line !== JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} });
  } },
  { defect: 'pretty-print-tools', transport: 'stdio', observe: async (args) => {
    const client = await initialized(args);
    client.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    return (await client.nextLine()).trim() === '{';
  } },
  { defect: 'ignore-stdin-close', transport: 'stdio', observe: async (args) => {
    const client = await initialized(args);
    client.child.stdin.end();
    return (await exitOf(client.child, 2000)) === 'running';
  } },
  { defect: 'no-session-required', transport: 'http', observe: async (args) =>
    (await (await httpSession(args)).post(ping(), {}, null)).status === 200 },
  { defect: 'unknown-session-accepted', transport: 'http', observe: async (args) =>
    (await (await httpSession(args)).post(ping(), {}, 'bogus')).status === 200 },
  { defect: 'notification-200', transport: 'http', observe: async (args) =>
    (await (await httpSession(args)).post({ jsonrpc: '2.0', method: 'notifications/x' })).status === 200 },
  { defect: 'text-plain-responses', transport: 'http', observe: async (args) =>
    ((await (await httpSession(args)).post(ping())).headers.get('content-type') ?? '').startsWith('text/plain') },
  { defect: 'ignore-protocol-version-header', transport: 'http', observe: async (args) =>
    (await (await httpSession(args, '2025-06-18')).post(ping(), { 'MCP-Protocol-Version': '1999-01-01' })).status !== 400 },
  { defect: 'get-404', transport: 'http', observe: async (args) => {
    const client = await httpSession(args);
    // The reference's answer is a stream that stays open: read the status only.
    const get = await fetch(client.url, { headers: { Accept: 'text/event-stream', 'Mcp-Session-Id': client.sessionId ?? '' } });
    await get.body?.cancel();
    return get.status === 404;
  } },
  { defect: 'bad-session-id', transport: 'http', observe: async (args) => {
    const client = await httpSession(args);
    // The odd id must still work, so only the id itself is at fault.
    const usable = (await client.post(ping())).status === 200;
    return usable && /[^\x21-\x7e]/.test(client.sessionId ?? '');
  } },
  { defect: 'delete-keeps-session', transport: 'http', observe: async (args) => {
    const client = await httpSession(args);
    expect((await client.fetch('DELETE')).status).toBe(200);
    return (await client.post(ping())).status === 200;
  } },
  { defect: 'invalid-json-200', transport: 'http', observe: async (args) =>
    (await (await httpSession(args)).post(GARBAGE)).status === 200 },
];

describe('defective variants', () => {
  // Every defect is proven against the harness in defects.test.ts; these direct probes check the
  // fixture itself for the defects whose effect is easiest to see on the wire.
  it('each probe targets a transport its defect applies to', () => {
    for (const probe of PROBES) expect(defectByName(probe.defect).transports).toContain(probe.transport);
  });

  it.each(PROBES.map((probe) => [`${probe.defect} (${probe.transport})`, probe] as const))(
    '%s: the reference passes the probe and the variant fails it',
    async (_label, probe) => {
      expect(await probe.observe([]), 'reference').toBe(false);
      expect(await probe.observe(['--defect', probe.defect]), probe.defect).toBe(true);
    },
  );

  it('rejects an unknown defect, or one for another transport, with exit code 2', async () => {
    const unknown = launch(['--defect', 'no-such-defect']);
    let stderr = '';
    unknown.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitOf(unknown, 5000)).toBe(2);
    expect(stderr).toContain('ping-nonempty');
    expect(await exitOf(launch(['--http', '--defect', 'stdout-noise']), 5000)).toBe(2);
  });

  it('lists every defect as JSON with its data and proofs, and no behaviour', async () => {
    const child = launch(['--list-defects']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await exitOf(child, 5000)).toBe(0);
    const listed = JSON.parse(stdout) as Json;
    expect(Object.keys(listed)).toEqual(DEFECTS.map((d) => d.name));
    for (const { name, description, transports, violates, proofs } of DEFECTS) {
      expect(proofs.length, name).toBeGreaterThan(0);
      expect(listed[name], name).toEqual(JSON.parse(JSON.stringify({ description, transports, violates, proofs })));
    }
  });
});
