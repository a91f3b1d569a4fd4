/**
 * The harness's own tools/call over Streamable HTTP at 2026-07-28 carries the Mcp-Param-* headers
 * of the arguments its tool marks x-mcp-header, once a tools/list result has shown that tool
 * (runner/transports/mcp-param-headers.ts MirroredTools, kept per target by ServerTarget). Against
 * the reference server over HTTP, whose test_x_mcp_header refuses a call missing those headers
 * (-32020): the control, a call of a tool the target has not listed yet, is refused.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MIRRORED_TOOL } from '../fixtures/reference/features/mirrored.js';
import { paginate } from '../runner/api/features.js';
import { ServerConnection } from '../runner/engine/connection.js';
import { ServerTarget } from '../runner/targets/server-target.js';
import type { HttpExchange } from '../runner/transports/http-request.js';
import { StreamableHttpChannel } from '../runner/transports/streamable-http.js';
import type { JsonObject } from '../runner/util/json.js';
import { getValidator } from '../runner/validation/validator.js';
import type { Reply } from '../runner/wire/session.js';
import { startReferenceHttp } from './support/cli.js';
import type { HttpTarget } from '../fixtures/process.js';

const REVISION = '2026-07-28';
/** Every mirrored argument, one of them outside plain header text (sent in base64 form). */
const ARGS = { region: 'Zürich', priority: 3, dryRun: true, query: 'count rows' };

/** The reference answering with JSON bodies, and with SSE streams (`--sse`): the tools/list result is learnt from either. */
const servers: Partial<Record<'json' | 'sse', HttpTarget>> = {};
const connections: ServerConnection[] = [];

beforeAll(async () => {
  [servers.json, servers.sse] = await Promise.all([startReferenceHttp(), startReferenceHttp(undefined, ['--sse'])]);
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.stop()));
});
afterEach(async () => {
  for (const connection of connections.splice(0)) await connection.close();
});

async function connect(target: ServerTarget): Promise<{ connection: ServerConnection; channel: StreamableHttpChannel }> {
  const channel = await target.open();
  if (!(channel instanceof StreamableHttpChannel)) throw new Error(`expected Streamable HTTP, got ${channel.transport}`);
  const connection = new ServerConnection(channel, REVISION, getValidator(REVISION), 5000);
  connections.push(connection);
  return { connection, channel };
}

/** Calls the mirrored tool the ordinary way; returns the reply and the headers its POST carried. */
async function call(connection: ServerConnection, channel: StreamableHttpChannel, args: JsonObject): Promise<{ reply: Reply; headers: Record<string, string> }> {
  const reply = await connection.request('tools/call', { name: MIRRORED_TOOL, arguments: args });
  const post = channel.exchanges.filter((e: HttpExchange) => e.method === 'POST' && e.requestHeaders['mcp-method'] === 'tools/call').at(-1);
  return { reply, headers: Object.fromEntries(Object.entries(post?.requestHeaders ?? {}).filter(([name]) => name.startsWith('mcp-param-'))) };
}

const newTarget = (body: 'json' | 'sse' = 'json') => new ServerTarget({ kind: 'url', url: servers[body]!.url, transport: 'streamable-http' }, 5000);

describe('the harness mirrors x-mcp-header arguments into its own tools/call (2026-07-28, HTTP)', () => {
  it('control: before any tools/list of the target, the call goes without Mcp-Param-* headers and the reference refuses it', async () => {
    const { connection, channel } = await connect(newTarget());
    const { reply, headers } = await call(connection, channel, ARGS);
    expect(headers).toEqual({});
    expect(reply.kind === 'error' ? reply.error.code : reply.kind).toBe(-32020);
  });

  it.each(['json', 'sse'] as const)('once listed (answers as %s), every call to that target carries the headers of the arguments present, and is accepted', async (body) => {
    const target = newTarget(body);
    const first = await connect(target);
    const pages = await paginate(first.connection, 'tools/list', 'tools');
    expect(pages.stopped).toBeUndefined();
    expect(pages.items.some((tool) => (tool as JsonObject).name === MIRRORED_TOOL)).toBe(true);
    expect(first.channel.exchanges.every((e) => e.contentType.startsWith(body === 'sse' ? 'text/event-stream' : 'application/json'))).toBe(true);

    const all = await call(first.connection, first.channel, ARGS);
    expect(all.headers).toEqual({ 'mcp-param-region': `=?base64?${Buffer.from('Zürich').toString('base64')}?=`, 'mcp-param-priority': '3', 'mcp-param-dry-run': 'true' });
    expect(all.reply.kind === 'result' ? all.reply.result.isError : all.reply).toBeUndefined();

    // An argument left out has no header; a second connection to the same target knows the tool too.
    const second = await connect(target);
    const some = await call(second.connection, second.channel, { region: 'eu-west', query: 'count rows' });
    expect(some.headers).toEqual({ 'mcp-param-region': 'eu-west' });
    expect(some.reply.kind === 'result' ? some.reply.result.isError : some.reply).toBeUndefined();
  });

  it('a probe keeps its own headers: one removed, or set wrong, is sent as the probe says', async () => {
    const target = newTarget();
    const { connection, channel } = await connect(target);
    await paginate(connection, 'tools/list', 'tools');
    const body = connection.requestBody('probe-1', 'tools/call', { name: MIRRORED_TOOL, arguments: ARGS });
    const removed = await channel.probe('POST', { body, headers: { 'mcp-param-region': null } });
    expect(removed.requestHeaders['mcp-param-region']).toBeUndefined();
    expect(removed.requestHeaders['mcp-param-priority']).toBe('3');
    expect(removed.status).toBe(400);
    const wrong = await channel.probe('POST', { body, headers: { 'mcp-param-priority': '4' } });
    expect(wrong.requestHeaders['mcp-param-priority']).toBe('4');
    expect(wrong.status).toBe(400);
  });
});
