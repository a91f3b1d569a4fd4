/**
 * The reference server's stateless revision (2026-07-28), next to the stateful ones in the same
 * process: the built server as a real child process over stdio, and over HTTP on 127.0.0.1, spoken
 * to in raw JSON-RPC. Every frame it sends is held to the 2026-07-28 schema.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpTarget } from '../fixtures/process.js';
import { getValidator } from '../runner/validation/validator.js';
import { referenceServer, startReferenceHttp } from './support/cli.js';

// Test-side only: frames are read by deep property access and every read is asserted right away.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const VERSION = '2026-07-28';
const schema = getValidator('2026-07-28');

function meta(capabilities: Json = {}, extra: Json = {}): Json {
  return {
    'io.modelcontextprotocol/protocolVersion': VERSION,
    'io.modelcontextprotocol/clientCapabilities': capabilities,
    'io.modelcontextprotocol/clientInfo': { name: 'modern-self-test', version: '0.0.0' },
    ...extra,
  };
}

const ALL_CAPABILITIES = { elicitation: {}, sampling: {}, roots: {} };

/** Holds a frame to the 2026-07-28 schema: the envelope, and a result to its method's result. */
function conforms(frame: Json, method?: string): Json {
  expect(schema.message(frame), JSON.stringify(frame)).toEqual([]);
  if (method !== undefined && 'result' in frame) expect(schema.result(method, frame.result), JSON.stringify(frame)).toEqual([]);
  if ('method' in frame) expect(schema.methodMessage(frame), JSON.stringify(frame)).toEqual([]);
  return frame;
}

/** The reference over stdio: frames by id as they come, notifications in order. */
class Stdio {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly frames: Json[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 1;

  constructor() {
    this.child = spawn(process.execPath, [referenceServer], { stdio: 'pipe' });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.frames.push(JSON.parse(line) as Json);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(frame: Json): void {
    this.child.stdin.write(`${JSON.stringify(frame)}\n`);
  }

  /** The first frame (taken out) that `match` accepts, waiting for it. */
  async take(match: (frame: Json) => boolean): Promise<Json> {
    for (;;) {
      const at = this.frames.findIndex(match);
      if (at >= 0) return this.frames.splice(at, 1)[0]!;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Sends a request and waits for its response (checked against the schema when `modern`). */
  async request(method: string, params?: Json, modern = true): Promise<Json> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
    const response = await this.take((f) => f.id === id && !('method' in f));
    return modern ? conforms(response, method) : response;
  }

  /** Takes every notification received so far. */
  drain(): Json[] {
    const taken = this.frames.filter((f) => 'method' in f);
    this.frames.splice(0, this.frames.length, ...this.frames.filter((f) => !('method' in f)));
    return taken;
  }

  /** Whether a frame with this id has come and not been taken. */
  has(id: string | number): boolean {
    return this.frames.some((f) => f.id === id);
  }

  /** Ends stdin: the server's cue to shut down. */
  endInput(): void {
    this.child.stdin.end();
  }

  stop(): void {
    this.child.kill();
  }
}

describe('the reference over stdio, stateless revision', () => {
  let server: Stdio;
  beforeAll(() => {
    server = new Stdio();
  });
  afterAll(() => server.stop());

  it('answers server/discover, and refuses requests without the per-request fields', async () => {
    const discover = await server.request('server/discover', { _meta: meta() });
    expect(discover.result).toMatchObject({ resultType: 'complete', supportedVersions: [VERSION], cacheScope: 'public' });
    expect(discover.result.ttlMs).toBeGreaterThanOrEqual(0);
    expect(discover.result._meta['io.modelcontextprotocol/serverInfo'].name).toBe('mcp-conformance-reference');
    expect(discover.result.capabilities.tasks).toBeUndefined();
    // Never initialized: no _meta is a malformed stateless request (ping alone stays the stateful way).
    expect((await server.request('tools/list', {})).error.code).toBe(-32602);
    expect((await server.request('tools/list', { _meta: { 'io.modelcontextprotocol/protocolVersion': VERSION } })).error.code).toBe(-32602);
    expect((await server.request('ping', undefined, false)).result).toEqual({});
    const unsupported = await server.request('tools/list', { _meta: { ...meta(), 'io.modelcontextprotocol/protocolVersion': '1900-01-01' } });
    expect(unsupported.error).toMatchObject({ code: -32022, data: { supported: [VERSION], requested: '1900-01-01' } });
    for (const removed of ['ping', 'logging/setLevel', 'resources/subscribe', 'tasks/list', 'no/such/method']) {
      expect((await server.request(removed, { _meta: meta(), level: 'info', uri: 'test://static-text' })).error.code, removed).toBe(-32601);
    }
  });

  it('serves lists with their type, identity and caching hints, the same every time', async () => {
    const first = await server.request('tools/list', { _meta: meta() });
    const again = await server.request('tools/list', { _meta: meta() });
    expect(first.result).toMatchObject({ resultType: 'complete', cacheScope: 'public' });
    expect(first.result.tools).toEqual(again.result.tools);
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await server.request('tools/list', { _meta: meta(), ...(cursor ? { cursor } : {}) });
      names.push(...page.result.tools.map((t: Json) => t.name));
      cursor = page.result.nextCursor;
    } while (cursor);
    expect(names).toContain('test_input_required_result_elicitation');
    expect(names).not.toContain('slow_check');
    for (const method of ['prompts/list', 'resources/list', 'resources/templates/list']) {
      expect((await server.request(method, { _meta: meta() })).result, method).toMatchObject({ resultType: 'complete', cacheScope: 'public' });
    }
    const completion = await server.request('completion/complete', { _meta: meta(), ref: { type: 'ref/prompt', name: 'greeting' }, argument: { name: 'name', value: 'A' } });
    expect(completion.result).toMatchObject({ resultType: 'complete', completion: { values: ['Ada', 'Alan'] } });
    expect(completion.result.ttlMs).toBeUndefined();
    const read = await server.request('resources/read', { _meta: meta(), uri: 'test://static-text' });
    expect(read.result).toMatchObject({ resultType: 'complete', cacheScope: 'public' });
    expect((await server.request('resources/read', { _meta: meta(), uri: 'test://nowhere' })).error.code).toBe(-32602);
  });

  it('judges every request by its own _meta, also after an initialize on the same process', async () => {
    const ask = { _meta: meta(ALL_CAPABILITIES), name: 'test_input_required_result_sampling', arguments: {} };
    expect((await server.request('tools/call', ask)).result.resultType).toBe('input_required');
    const bare = await server.request('tools/call', { ...ask, _meta: meta() });
    expect(bare.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });

    const init = await server.request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } }, false);
    expect(init.result.protocolVersion).toBe('2025-11-25');
    server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const legacy = await server.request('resources/read', { uri: 'test://nowhere' }, false);
    expect(legacy.error.code).toBe(-32002);
    expect((await server.request('tools/list', {}, false)).result.resultType).toBeUndefined();
    expect((await server.request('tools/list', { _meta: meta() })).result.resultType).toBe('complete');
  });

  it('sends log messages only for a request that asks, at its level', async () => {
    const call = (extra: Json): Promise<Json> => server.request('tools/call', { _meta: meta({}, extra), name: 'test_tool_with_logging', arguments: {} });
    // A request's notifications come before its response: once it is answered, they are all here.
    const levels = async (extra: Json): Promise<string[]> => {
      server.drain();
      await call(extra);
      return server.drain().map((n) => conforms(n).params.level);
    };
    expect(await levels({})).toEqual([]);
    expect(await levels({ 'io.modelcontextprotocol/logLevel': 'warning' })).toEqual([]);
    expect(await levels({ 'io.modelcontextprotocol/logLevel': 'debug' })).toEqual(['info', 'info', 'info', 'debug']);
    server.drain();
    await server.request('tools/call', { _meta: meta(), name: 'test_logging_tool', arguments: {} });
    expect(server.drain()).toEqual([]);
    expect((await server.request('tools/list', { _meta: meta({}, { 'io.modelcontextprotocol/logLevel': 'loud' }) })).error.code).toBe(-32602);
  });

  it('completes an MRTR flow across retries and refuses a state that is altered or foreign', async () => {
    const call = (name: string, extra: Json = {}): Promise<Json> => server.request('tools/call', { _meta: meta(ALL_CAPABILITIES), name, arguments: {}, ...extra });
    const first = (await call('test_input_required_result_elicitation')).result;
    expect(first.inputRequests.user_name.method).toBe('elicitation/create');
    const accept = (content: Json): Json => ({ action: 'accept', content });
    const done = await call('test_input_required_result_elicitation', { inputResponses: { user_name: accept({ name: 'Ada' }) }, requestState: first.requestState });
    expect(done.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'Hello, Ada!' }] });
    // A wrong key is asked for again; an altered or foreign state is refused.
    expect((await call('test_input_required_result_elicitation', { inputResponses: { wrong_key: accept({}) } })).result.inputRequests.user_name).toBeDefined();
    const altered = `${first.requestState.slice(0, -2)}xx`;
    expect((await call('test_input_required_result_elicitation', { inputResponses: { user_name: accept({ name: 'x' }) }, requestState: altered })).error.code).toBe(-32602);
    expect((await call('test_input_required_result_request_state', { requestState: first.requestState })).error.code).toBe(-32602);
    const sealed = (await call('test_input_required_result_tampered_state')).result;
    const confirm = { confirm: accept({ ok: true }) };
    expect((await call('test_input_required_result_tampered_state', { inputResponses: confirm })).result.resultType).toBe('input_required');
    expect((await call('test_input_required_result_tampered_state', { inputResponses: confirm, requestState: `x${sealed.requestState}` })).error.code).toBe(-32602);
    expect((await call('test_input_required_result_tampered_state', { inputResponses: confirm, requestState: sealed.requestState })).result.content[0].text).toMatch(/^integrity-ok/);

    const onlySampling = await server.request('tools/call', { _meta: meta({ sampling: {} }), name: 'test_input_required_result_capabilities', arguments: {} });
    expect(Object.keys(onlySampling.result.inputRequests)).toEqual(['sample_input']);
    expect((await server.request('tools/call', { _meta: meta(), name: 'test_input_required_result_capabilities', arguments: {} })).result.resultType).toBe('complete');
    expect((await server.request('tools/call', { _meta: meta(), name: 'test_missing_capability', arguments: {} })).error.data).toEqual({ requiredCapabilities: { sampling: {} } });
    expect((await server.request('tools/call', { _meta: meta({ sampling: {} }), name: 'test_missing_capability', arguments: {} })).result.content[0].text).toBe('Success');

    const r1 = (await call('test_input_required_result_multi_round')).result;
    const r2 = (await call('test_input_required_result_multi_round', { inputResponses: { step1: accept({ name: 'Ada' }) }, requestState: r1.requestState })).result;
    expect(Object.keys(r2.inputRequests)).toEqual(['step2']);
    expect(r2.requestState).not.toBe(r1.requestState);
    const r3 = (await call('test_input_required_result_multi_round', { inputResponses: { step2: accept({ color: 'blue' }) }, requestState: r2.requestState })).result;
    expect(r3.content[0].text).toBe('Ada likes blue.');

    // The fixtures that ask mid-call in the stateful revisions ask through MRTR here (each frame schema-checked).
    const asking: [string, Json][] = [
      ['test_sampling', { prompt: 'Hi' }],
      ['test_elicitation', { message: 'Hi' }],
      ['test_elicitation_sep1034_defaults', {}],
      ['test_elicitation_sep1330_enums', {}],
      ['test_input_required_result_list_roots', {}],
      ['test_input_required_result_multiple_inputs', {}],
    ];
    for (const [name, args] of asking) expect((await call(name, { arguments: args })).result.resultType, name).toBe('input_required');

    const prompt = await server.request('prompts/get', { _meta: meta(ALL_CAPABILITIES), name: 'test_input_required_result_prompt' });
    const rendered = await server.request('prompts/get', {
      _meta: meta(ALL_CAPABILITIES),
      name: 'test_input_required_result_prompt',
      inputResponses: { user_context: accept({ context: 'tests' }) },
      requestState: prompt.result.requestState,
    });
    expect(rendered.result.messages[0].content.text).toContain('tests');
  });

  it('delivers opted-in changes on a listen stream, tagged, until it is cancelled', async () => {
    server.drain();
    server.send({ jsonrpc: '2.0', id: 'listen-1', method: 'subscriptions/listen', params: { _meta: meta(), notifications: { toolsListChanged: true, resourceSubscriptions: ['test://watched-resource'] } } });
    const ack = conforms(await server.take((f) => f.method === 'notifications/subscriptions/acknowledged'));
    expect(ack.params).toEqual({ _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' }, notifications: { toolsListChanged: true, resourceSubscriptions: ['test://watched-resource'] } });
    const trigger = (name: string): Promise<Json> => server.request('tools/call', { _meta: meta(), name, arguments: {} });
    await trigger('test_trigger_prompt_change');
    await trigger('test_trigger_tool_change');
    await trigger('test_trigger_resource_update');
    const changed = conforms(await server.take((f) => f.method === 'notifications/tools/list_changed'));
    expect(changed.params._meta['io.modelcontextprotocol/subscriptionId']).toBe('listen-1');
    expect(conforms(await server.take((f) => f.method === 'notifications/resources/updated')).params.uri).toBe('test://watched-resource');
    expect(server.drain().filter((n) => n.method === 'notifications/prompts/list_changed')).toEqual([]);
    server.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'listen-1' } });
    await trigger('test_trigger_tool_change');
    // Cancelled: neither the change nor a response to the listen request follows.
    await server.request('server/discover', { _meta: meta() });
    expect(server.drain()).toEqual([]);
    expect(server.has('listen-1')).toBe(false);
  });

  it('answers an open listen request when it shuts down (stdin ended)', async () => {
    server.send({ jsonrpc: '2.0', id: 'listen-2', method: 'subscriptions/listen', params: { _meta: meta(), notifications: {} } });
    expect((await server.take((f) => f.method === 'notifications/subscriptions/acknowledged')).params.notifications).toEqual({});
    server.endInput();
    const ended = conforms(await server.take((f) => f.id === 'listen-2'), 'subscriptions/listen');
    expect(ended.result).toMatchObject({ resultType: 'complete', _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-2' } });
  });
});

describe('the reference over Streamable HTTP, stateless revision', () => {
  let target: HttpTarget;
  beforeAll(async () => {
    target = await startReferenceHttp();
  });
  afterAll(async () => {
    await target.stop();
  });

  let nextId = 1;
  /** POSTs a request with the headers that mirror it (`headers` overrides them; null drops one). */
  async function post(method: string, params: Json, headers: Record<string, string | null> = {}): Promise<{ status: number; headers: Headers; text: string }> {
    const name = params.name ?? params.uri;
    const all: Record<string, string | null> = {
      Accept: 'application/json, text/event-stream',
      'Content-Type': 'application/json',
      'MCP-Protocol-Version': VERSION,
      'Mcp-Method': method,
      ...(typeof name === 'string' ? { 'Mcp-Name': name } : {}),
      ...headers,
    };
    const sent = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null));
    const response = await fetch(target.url, { method: 'POST', headers: sent, body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
  const json = (answer: { text: string }, method?: string): Json => conforms(JSON.parse(answer.text) as Json, method);

  it('serves a request without a session, and refuses as the revision says', async () => {
    const discover = await post('server/discover', { _meta: meta() }, { 'Mcp-Session-Id': 'ignored-by-stateless-requests' });
    expect(discover.status).toBe(200);
    expect(discover.headers.get('mcp-session-id')).toBeNull();
    expect(json(discover, 'server/discover').result.supportedVersions).toEqual([VERSION]);

    const cases: [string, Promise<{ status: number; text: string }>, number, number][] = [
      ['no _meta', post('tools/list', {}), 400, -32602],
      ['unsupported version', post('tools/list', { _meta: { ...meta(), 'io.modelcontextprotocol/protocolVersion': '1900-01-01' } }, { 'MCP-Protocol-Version': '1900-01-01' }), 400, -32022],
      ['header version differs', post('tools/list', { _meta: meta() }, { 'MCP-Protocol-Version': '2025-11-25' }), 400, -32020],
      ['no MCP-Protocol-Version', post('tools/list', { _meta: meta() }, { 'MCP-Protocol-Version': null }), 400, -32020],
      ['Mcp-Method differs', post('tools/list', { _meta: meta() }, { 'Mcp-Method': 'prompts/list' }), 400, -32020],
      ['no Mcp-Name', post('tools/call', { _meta: meta(), name: 'echo', arguments: { message: 'x' } }, { 'Mcp-Name': null }), 400, -32020],
      ['Mcp-Name differs', post('resources/read', { _meta: meta(), uri: 'test://static-text' }, { 'Mcp-Name': 'test://static-binary' }), 400, -32020],
      ['removed method', post('ping', { _meta: meta() }), 404, -32601],
      ['missing capability', post('tools/call', { _meta: meta(), name: 'test_input_required_result_list_roots', arguments: {} }), 400, -32021],
    ];
    for (const [what, answer, status, code] of cases) {
      const done = await answer;
      expect([what, done.status, json(done).error.code]).toEqual([what, status, code]);
    }
    const batch = await fetch(target.url, {
      method: 'POST',
      headers: { Accept: 'application/json, text/event-stream', 'Content-Type': 'application/json', 'MCP-Protocol-Version': VERSION, 'Mcp-Method': 'tools/list' },
      body: JSON.stringify([{ jsonrpc: '2.0', id: 'b1', method: 'tools/list', params: { _meta: meta() } }]),
    });
    expect([batch.status, conforms((await batch.json()) as Json).error.code]).toEqual([400, -32600]);
    const encoded = await post('tools/call', { _meta: meta(), name: 'echo', arguments: { message: 'café' } }, { 'Mcp-Name': `=?base64?${Buffer.from('echo').toString('base64')}?=` });
    expect(json(encoded, 'tools/call').result.content[0].text).toBe('café');
  });

  it('holds the Mcp-Param-* headers of mirrored tool arguments to the body', async () => {
    const call = (args: Json, headers: Record<string, string | null>): Promise<{ status: number; text: string }> =>
      post('tools/call', { _meta: meta(), name: 'test_x_mcp_header', arguments: { query: 'q', ...args } }, headers);
    const region = { 'Mcp-Param-Region': 'eu west' };
    const accepted: [Json, Record<string, string | null>][] = [
      [{ region: 'eu west' }, { 'Mcp-Name': '  test_x_mcp_header  ', ...region }],
      [{ region: 'Zürich' }, { 'Mcp-Param-Region': `=?base64?${Buffer.from('Zürich').toString('base64')}?=` }],
      [{ region: 'eu west', priority: 3, dryRun: true }, { ...region, 'Mcp-Param-Priority': '3.0', 'Mcp-Param-Dry-Run': 'true' }],
    ];
    for (const [args, headers] of accepted) {
      const answer = await call(args, headers);
      expect([answer.status, json(answer, 'tools/call').result.isError]).toEqual([200, undefined]);
    }
    const refused: [Json, Record<string, string | null>][] = [
      [{ region: 'eu west' }, {}],
      [{ region: 'eu west' }, { 'Mcp-Param-Region': 'us east' }],
      [{ region: 'Hello' }, { 'Mcp-Param-Region': '=?base64?SGVsbG8?=' }],
      [{ region: 'eu west' }, { ...region, 'Mcp-Param-Priority': '3' }],
      [{ region: 'eu west', priority: 3 }, { ...region, 'Mcp-Param-Priority': 'three' }],
    ];
    for (const [args, headers] of refused) {
      const answer = await call(args, headers);
      expect([JSON.stringify(headers), answer.status, json(answer).error.code]).toEqual([JSON.stringify(headers), 400, -32020]);
    }
  });

  it('accepts notifications, refuses GET and DELETE without a session, and keeps initialize for the stateful revisions', async () => {
    const notified = await fetch(target.url, { method: 'POST', headers: { Accept: 'application/json, text/event-stream', 'Content-Type': 'application/json', 'MCP-Protocol-Version': VERSION }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 99 } }) });
    expect(notified.status).toBe(202);
    for (const method of ['GET', 'DELETE']) expect((await fetch(target.url, { method, headers: { Accept: 'text/event-stream' } })).status).toBe(405);
    const init = await fetch(target.url, {
      method: 'POST',
      headers: { Accept: 'application/json, text/event-stream', 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } } }),
    });
    expect(init.headers.get('mcp-session-id')).toBeTruthy();
  });

  it('keeps the legacy HTTP+SSE transport stateful only: a request before initialize is refused as before', async () => {
    const controller = new AbortController();
    const stream = await fetch(target.url.replace(/\/mcp$/, '/sse'), { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
    const reader = stream.body!.getReader();
    let text = '';
    const dataOf = async (event: string): Promise<string> => {
      for (;;) {
        const match = new RegExp(`event: ${event}\ndata: (.*)\n\n`).exec(text);
        if (match) return match[1]!;
        text += new TextDecoder().decode((await reader.read()).value);
      }
    };
    const endpoint = new URL(await dataOf('endpoint'), target.url).href;
    await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }) });
    expect(JSON.parse(await dataOf('message')).error.code).toBe(-32600);
    controller.abort();
  });

  it("answers a request that notifies on an SSE stream of its own, without event ids", async () => {
    const answer = await post('tools/call', { _meta: meta({}, { 'io.modelcontextprotocol/logLevel': 'info', progressToken: 'p1' }), name: 'test_tool_with_logging', arguments: {} });
    expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(answer.text).not.toMatch(/^id:/m);
    const frames = [...answer.text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as Json);
    expect(frames.map((f) => f.method ?? 'response')).toEqual(['notifications/message', 'notifications/message', 'notifications/message', 'response']);
    conforms(frames.at(-1)!, 'tools/call');
  });

  it('streams the log message of a tool that logs at once, and none without a log level', async () => {
    const quiet = await post('tools/call', { _meta: meta(), name: 'test_logging_tool', arguments: {} });
    expect(quiet.headers.get('content-type')).toMatch(/^application\/json/);
    const loud = await post('tools/call', { _meta: meta({}, { 'io.modelcontextprotocol/logLevel': 'info' }), name: 'test_logging_tool', arguments: {} });
    const frames = [...loud.text.matchAll(/^data: (.*)$/gm)].map((m) => conforms(JSON.parse(m[1]!) as Json));
    expect(frames.map((f) => f.method ?? f.result.content[0].text)).toEqual(['notifications/message', 'Logging evaluated']);
  });

  it('keeps a listen stream open with the changes it opted in to, and ends it when the client closes it', async () => {
    const controller = new AbortController();
    const response = await fetch(target.url, {
      method: 'POST',
      signal: controller.signal,
      headers: { Accept: 'application/json, text/event-stream', 'Content-Type': 'application/json', 'MCP-Protocol-Version': VERSION, 'Mcp-Method': 'subscriptions/listen' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'listen-http', method: 'subscriptions/listen', params: { _meta: meta(), notifications: { promptsListChanged: true } } }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let buffered = '';
    const nextFrame = async (): Promise<Json> => {
      for (;;) {
        const match = /^data: (.*)\n\n/m.exec(buffered);
        if (match) {
          buffered = buffered.slice(match.index + match[0].length);
          return conforms(JSON.parse(match[1]!) as Json);
        }
        const { value } = await reader.read();
        buffered += new TextDecoder().decode(value);
      }
    };
    expect((await nextFrame()).method).toBe('notifications/subscriptions/acknowledged');
    await post('tools/call', { _meta: meta(), name: 'test_trigger_tool_change', arguments: {} });
    await post('tools/call', { _meta: meta(), name: 'test_trigger_prompt_change', arguments: {} });
    const changed = await nextFrame();
    expect(changed).toEqual({ jsonrpc: '2.0', method: 'notifications/prompts/list_changed', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-http' } } });
    controller.abort();
  });
});
