/**
 * The server the harness hosts for a client under test at the stateless revision (2026-07-28), over
 * Streamable HTTP, spoken to with plain fetch: results carry resultType and the harness's serverInfo,
 * no session id is minted, GET and DELETE get 405, a version it does not serve gets -32022 with the
 * served ones as a JSON body with status 400, and every request is recorded with its headers. Also
 * the server of 2025-11-25 it plays for a client of both eras: a POST refused at the HTTP level, then a session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { goodServer } from '../runner/engine/server-answers.js';
import { HostedHttpEndpoint } from '../runner/targets/hosted-http.js';
import { Transcript } from '../runner/util/transcript.js';
import { getValidator } from '../runner/validation/validator.js';
import { RpcSession, type PeerRequestHandler } from '../runner/wire/session.js';

const META = (version: string) => ({ 'io.modelcontextprotocol/protocolVersion': version, 'io.modelcontextprotocol/clientCapabilities': {} });

let endpoint: HostedHttpEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function hosted(): Promise<{ endpoint: HostedHttpEndpoint; session: RpcSession }> {
  endpoint = new HostedHttpEndpoint({ transcript: new Transcript('streamable-http'), stateless: true });
  await endpoint.start();
  let handler: PeerRequestHandler = async () => ({ error: { code: -32603, message: 'not ready' } });
  const session = new RpcSession(endpoint, { validator: getValidator('2026-07-28'), requestTimeoutMs: 5000, onPeerRequest: (request) => handler(request) });
  handler = goodServer('2026-07-28', {}, session, () => false);
  return { endpoint, session };
}

const post = (url: string, id: number, method: string, params: object, version = '2026-07-28') =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': version, 'mcp-method': method },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: META(version) } }),
  });

describe('the hosted Streamable HTTP server at 2026-07-28', () => {
  it('answers server/discover, tools/list and tools/call with resultType and serverInfo, and mints no session', async () => {
    const { endpoint, session } = await hosted();
    const discover = await post(endpoint.url, 1, 'server/discover', {});
    expect(discover.status).toBe(200);
    expect(discover.headers.get('mcp-session-id')).toBeNull();
    const body = (await discover.json()) as { result: Record<string, unknown> };
    expect(body.result).toMatchObject({ resultType: 'complete', supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'mcp-conformance' } } });
    const list = (await (await post(endpoint.url, 2, 'tools/list', {})).json()) as { result: { tools: { inputSchema: { properties: Record<string, object> } }[] } };
    expect(list.result.tools[0]!.inputSchema.properties.a).toMatchObject({ 'x-mcp-header': 'A' });
    const call = await post(endpoint.url, 3, 'tools/call', { name: 'add_numbers', arguments: { a: 2, b: 3 } });
    expect(call.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(await call.text()).toContain('"resultType":"complete"');
    expect(session.harnessFaults).toEqual([]);
    expect(endpoint.requests.map((r) => [r.method, r.headers['mcp-method'], r.status])).toEqual([
      ['POST', 'server/discover', 200],
      ['POST', 'tools/list', 200],
      ['POST', 'tools/call', 200],
    ]);
  });

  it('refuses a version it does not serve with -32022 and status 400, and GET and DELETE with 405', async () => {
    const { endpoint } = await hosted();
    const refused = await post(endpoint.url, 1, 'tools/call', { name: 'add_numbers', arguments: { a: 1, b: 1 } }, '1999-01-01');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ id: 1, error: { code: -32022, data: { supported: ['2026-07-28'], requested: '1999-01-01' } } });
    expect((await fetch(endpoint.url, { headers: { accept: 'text/event-stream' } })).status).toBe(405);
    expect((await fetch(endpoint.url, { method: 'DELETE' })).status).toBe(405);
    expect(endpoint.sessionIds).toEqual([]);
  });

  it('playing a 2025-11-25 server for a client of both eras: refuses at the HTTP level before initialize, then serves a session', async () => {
    endpoint = new HostedHttpEndpoint({ transcript: new Transcript('streamable-http'), refuse: ({ method, sessionId }) => (method !== 'initialize' && sessionId === undefined ? { status: 400, body: '' } : undefined) });
    await endpoint.start();
    let handler: PeerRequestHandler = async () => ({ error: { code: -32603, message: 'not ready' } });
    const session = new RpcSession(endpoint, { validator: getValidator('2026-07-28'), requestTimeoutMs: 5000, onPeerRequest: (request) => handler(request) });
    handler = goodServer('2026-07-28', { legacy: '2025-11-25' }, session, () => false);
    const refused = await post(endpoint.url, 1, 'server/discover', {});
    expect([refused.status, await refused.text()]).toEqual([400, '']);
    const init = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    });
    expect(((await init.json()) as { result: { protocolVersion: string } }).result.protocolVersion).toBe('2025-11-25');
    expect(init.headers.get('mcp-session-id')).toBe(endpoint.sessionIds[0]);
    // The session answered the refused request too; that answer went nowhere.
    expect(session.received.map((r) => r.classified?.kind)).toEqual(['request', 'request']);
    expect(endpoint.requests.map((r) => r.status)).toEqual([400, 200]);
  });
});
