import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_HEAD_BYTES } from '../runner/transports/frame-cap.js';
import { HttpStatusError, MAX_BODY_BYTES, redirectIn, StreamableHttpChannel } from '../runner/transports/streamable-http.js';
import type { InboundFrame } from '../runner/transports/types.js';
import { getValidator } from '../runner/validation/validator.js';
import { RpcSession } from '../runner/wire/session.js';
import { Transcript } from '../runner/util/transcript.js';

// StreamableHttpChannel against real node:http servers on 127.0.0.1, port 0.

interface Seen {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Handler = (res: ServerResponse, req: IncomingMessage, index: number) => void;

const servers: Server[] = [];
const channels: StreamableHttpChannel[] = [];

async function serve(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    res.on('error', () => undefined); // the harness may hang up mid-body on purpose
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handler(res, req, seen.push({ method: req.method!, headers: req.headers, body }) - 1));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, seen };
}

function connect(url: string, opts: { headers?: Record<string, string>; timeoutMs?: number } = {}) {
  const transcript = new Transcript('streamable-http');
  const channel = new StreamableHttpChannel({ url, transcript, timeoutMs: opts.timeoutMs ?? 3000, ...(opts.headers ? { headers: opts.headers } : {}) });
  channels.push(channel);
  const frames: InboundFrame[] = [];
  channel.onFrame((frame) => frames.push(frame));
  return { channel, transcript, frames };
}

afterEach(async () => {
  for (const channel of channels.splice(0)) await channel.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};
const PING = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
const OK = { jsonrpc: '2.0', id: 1, result: {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !condition(); await sleep(5)) if (Date.now() > deadline) throw new Error('condition not met within 5 s');
}

describe('StreamableHttpChannel responses', () => {
  it('delivers a JSON response as a frame, after POSTing with the headers a client must send', async () => {
    const { url, seen } = await serve(json(200, OK));
    const { channel, transcript, frames } = connect(url);
    await channel.send(PING);
    expect(frames.map((f) => [f.lane, f.value])).toEqual([['POST-json', OK]]);
    expect(seen).toEqual([{ method: 'POST', headers: expect.objectContaining({ accept: 'application/json, text/event-stream', 'content-type': 'application/json' }), body: PING }]);
    // The body is recorded once, as the frame it carries, and the frame's seq points at that entry.
    expect(transcript.entries.map((e) => [e.dir, e.lane, e.http?.status])).toEqual([
      ['send', 'POST', undefined],
      ['recv', 'POST', 200],
      ['recv', 'POST-json', undefined],
    ]);
    expect(frames[0]!.seq).toBe(transcript.entries[2]!.seq);
    expect(transcript.entries[2]!.frame).toBe(JSON.stringify(OK));
  });

  it('records every response body exactly once, whatever it carries', async () => {
    const error = { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'bad' } };
    const bodies: Record<string, [number, string, string]> = {
      '/json': [200, 'application/json', JSON.stringify(OK)],
      '/error': [400, 'application/json', JSON.stringify(error)],
      '/mislabelled': [200, 'text/plain', JSON.stringify(OK)],
      '/text': [500, 'text/plain', 'internal trouble'],
    };
    const { url } = await serve((res, req) => {
      const [status, type, body] = bodies[new URL(req.url!, 'http://x').pathname]!;
      res.writeHead(status, { 'content-type': type }).end(body);
    });
    const lanes: string[][] = [];
    for (const [path, [, , body]] of Object.entries(bodies)) {
      const { channel, transcript } = connect(new URL(path, url).href);
      const exchange = await channel.probe('POST', { body: PING });
      const received = transcript.entries.filter((e) => e.dir === 'recv' && e.frame !== '');
      expect(received.map((e) => e.frame), path).toEqual([body]);
      for (const frame of exchange.frames) expect(frame.seq).toBe(received[0]!.seq);
      lanes.push(received.map((e) => e.lane));
    }
    expect(lanes).toEqual([['POST-json'], ['POST-json'], ['POST-mislabelled'], ['POST-body']]);
  });

  it('delivers SSE data events as frames, across chunk boundaries, skipping comments and other event types', async () => {
    const first = Buffer.from('data: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"café"}}\n\n');
    const cut = first.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
    const { url } = await serve(async (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const part of [first.subarray(0, cut), first.subarray(cut), ': keep-alive\n\n', 'event: other\ndata: {"skipped":true}\n\n', 'id: 9\ndata: {"jsonrpc":"2.0",\ndata: "id":1,"result":{}}\n\n']) {
        res.write(part);
        await sleep(15);
      }
      res.end();
    });
    const { channel, frames } = connect(url);
    await channel.send(PING);
    await until(() => frames.length >= 2);
    // The skipped event comes before the last data on the same stream, so had it been delivered it would be
    // the second frame: no need to wait for more.
    expect(frames.map((f) => f.lane)).toEqual(['POST-sse', 'POST-sse']);
    expect(frames[0]!.value).toMatchObject({ params: { data: 'café' } });
    expect(frames[1]!.value).toEqual(OK);
  });

  it('keeps each SSE event\'s id, type, retry and data, and ends the stream as cut by the harness or closed by the server', async () => {
    const { url } = await serve((res, req) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (req.method === 'GET') return void res.write('id: g1\ndata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\n\n');
      res.end('id: p0\ndata:\n\n: comment\n\nretry: 250\n\nevent: other\ndata: x\n\nid: p1\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n');
    });
    const { channel, transcript } = connect(url);
    const post = await channel.probe('POST', { body: PING });
    expect(await post.sse!.ended(3000)).toBe(true);
    expect(post.sse!.endedBy).toBe('server');
    expect(post.sse!.events.map(({ seq: _, ...e }) => e)).toEqual([{ id: 'p0', data: '' }, { retry: 250 }, { event: 'other', data: 'x' }, { id: 'p1', data: JSON.stringify(OK) }]);
    expect([post.sse!.lastEventId, post.sse!.retry]).toEqual(['p1', 250]);
    expect(transcript.entries.find((e) => e.seq === post.sse!.events[0]!.seq)).toMatchObject({ frame: '', sse: { id: 'p0' } });
    expect(post.frames.map((f) => f.value)).toEqual([OK]);
    const get = await channel.probe('GET', { lastEventId: 'p0' });
    expect(get.requestHeaders['last-event-id']).toBe('p0');
    expect((await get.sse!.waitFor((e) => e.id === 'g1', 3000))?.data).toContain('list_changed');
    get.sse!.cut();
    expect(await get.sse!.ended(3000)).toBe(true);
    expect(get.sse!.endedBy).toBe('harness');
  });

  it('makes a message split across two events two frames that are not JSON, each a violation of the session', async () => {
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"jsonrpc":"2.0","id":1,\n\ndata: "result":{}}\n\n');
    });
    const { channel, frames } = connect(url);
    await channel.send(PING);
    await until(() => frames.length >= 2);
    // What the automatic schema check reports: the rule that a message is one event's data needs no check of its own.
    expect(frames.map((f) => f.parseError !== undefined)).toEqual([true, true]);
  });

  it('resumes a POST stream the server closed after an event id and before the response, with Last-Event-ID, after its retry', async () => {
    const { url, seen } = await serve((res, req) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (req.method === 'POST') return void res.end('id: s-0\nretry: 5\ndata:\n\n');
      if (req.headers['last-event-id'] === 's-0') return void res.end('id: s-1\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}\n\n');
      res.end(`id: s-2\ndata: ${JSON.stringify(OK)}\n\n`);
    });
    const { channel, frames } = connect(url);
    await channel.send(PING);
    await until(() => frames.length >= 2);
    expect(await channel.postResponsesEnded(3000)).toBe(true);
    expect(frames.map((f) => f.lane)).toEqual(['GET-sse', 'GET-sse']);
    expect(frames[1]!.value).toEqual(OK);
    expect(seen.map((s) => `${s.method} ${s.headers['last-event-id'] ?? ''}`)).toEqual(['POST ', 'GET s-0', 'GET s-1']);
  });

  it('delivers nothing for a 202', async () => {
    const { url } = await serve((res) => res.writeHead(202).end());
    const { channel, frames } = connect(url);
    await channel.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    expect(channel.exchanges.map((e) => [e.status, e.body, e.frames.length])).toEqual([[202, '', 0]]);
    expect(frames).toEqual([]);
  });

  it('throws HttpStatusError for a 4xx and keeps its JSON-RPC error body as evidence, not as a frame', async () => {
    const error = { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'bad session' } };
    const { url } = await serve(json(400, error));
    const { channel, frames } = connect(url);
    const thrown = await channel.send(PING).catch((err: unknown) => err);
    expect(thrown).toBeInstanceOf(HttpStatusError);
    expect((thrown as HttpStatusError).status).toBe(400);
    expect((thrown as HttpStatusError).message).toBe(`HTTP 400 (application/json): ${JSON.stringify(error)}`);
    expect(frames).toEqual([]);
    expect(channel.exchanges[0]!.frames.map((f) => f.value)).toEqual([error]);

    const session = new RpcSession(channel, { validator: getValidator('2025-11-25'), requestTimeoutMs: 2000 });
    const reply = await session.request('ping');
    expect(reply).toMatchObject({ kind: 'transport-error', status: 400 });
    expect(session.received).toEqual([]);
  });

  it.each([301, 302, 307, 308])('reports a %s as it is, saying where it pointed, and never follows it with the user\'s headers', async (status) => {
    const elsewhere = await serve(json(200, OK));
    const { url } = await serve((res) => res.writeHead(status, { location: elsewhere.url, 'content-type': 'text/html' }).end('<p>moved</p>'));
    const { channel, frames } = connect(url, { headers: { authorization: 'Bearer s3cret-token' } });
    await expect(channel.send(PING)).rejects.toMatchObject({ status, message: `HTTP ${status} (a redirect to ${elsewhere.url}, not followed): <p>moved</p>` });
    expect(redirectIn(`initialize failed: HTTP ${status} (a redirect to ${elsewhere.url}, not followed): <p>moved</p>`)).toEqual({ status, location: elsewhere.url });
    expect((await channel.probe('GET')).status).toBe(status);
    expect(elsewhere.seen).toEqual([]);
    expect(frames).toEqual([]);
  });

  it('gives a clear error for a refused connection, and a timeout for a server that never answers', async () => {
    const { url: closedUrl } = await serve(() => undefined);
    const closing = servers.pop()!;
    await new Promise((resolve) => closing.close(resolve));
    const refused = connect(closedUrl).channel;
    await expect(refused.send(PING)).rejects.toMatchObject({ status: undefined, message: `connection refused by ${closedUrl}` });
    expect(refused.exchanges[0]!.error).toBe(`connection refused by ${closedUrl}`);
    expect(refused.transcript.entries.at(-1)!.frame).toBe(`POST failed: connection refused by ${closedUrl}`);

    const { url } = await serve(() => undefined);
    const silent = connect(url, { timeoutMs: 150 }).channel;
    await expect(silent.send(PING)).rejects.toThrow(`no response from ${url} in time`);
    // Silence is told apart from a refusal, so the session and the engine can count it as silence.
    await expect(silent.send(PING)).rejects.toMatchObject({ status: undefined, timeoutMs: 150 });
    expect(silent.exchanges.map((e) => e.timedOutAfterMs)).toEqual([150, 150]);
    expect(refused.exchanges[0]!.timedOutAfterMs).toBeUndefined();
    expect((await silent.probe('POST', { body: PING, timeoutMs: 100 })).timedOutAfterMs).toBe(100);
  });

  it('sends again, once, a request whose kept-alive connection the server reset; a reset on a new connection is the target\'s', async () => {
    // The server resets the second request that arrives on an already used connection, as a server does
    // whose idle keep-alive timeout closed the socket just as the harness reused it.
    const sockets = new Set<unknown>();
    let resets = 0;
    const { url, seen } = await serve((res, req) => {
      if (sockets.has(req.socket) && resets === 0) {
        resets++;
        req.socket.destroy();
        return;
      }
      sockets.add(req.socket);
      json(200, OK)(res, req, 0);
    });
    const { channel, transcript } = connect(url);
    await channel.send(PING);
    await channel.send(PING);
    expect(resets).toBe(1);
    expect(seen).toHaveLength(3);
    expect(transcript.entries.filter((e) => e.lane === 'harness').map((e) => e.frame)).toContain(
      'POST: the kept-alive connection was closed by the server while idle; sent again on a new connection',
    );

    const { url: resetting } = await serve((_res, req) => req.socket.destroy());
    const fresh = connect(resetting).channel;
    await expect(fresh.send(PING)).rejects.toThrow(`connection reset by ${resetting}`);
    expect(fresh.exchanges).toHaveLength(1);
  });

  it('makes an unanswered POST of a notification a timeout reply of the session, and a refused one a transport error', async () => {
    const { url } = await serve(() => undefined);
    const session = new RpcSession(connect(url, { timeoutMs: 150 }).channel, { validator: getValidator('2025-11-25'), requestTimeoutMs: 2000 });
    expect(await session.notify('notifications/initialized')).toEqual({ kind: 'timeout', afterMs: 150 });
    const { url: refusing } = await serve(json(400, { jsonrpc: '2.0', error: { code: -32600, message: 'no' } }));
    const other = new RpcSession(connect(refusing).channel, { validator: getValidator('2025-11-25'), requestTimeoutMs: 2000 });
    expect(await other.notify('notifications/initialized')).toMatchObject({ kind: 'transport-error', status: 400 });
  });
});

describe('StreamableHttpChannel headers', () => {
  it('adopts the first Mcp-Session-Id and sends it, and MCP-Protocol-Version once set, on later requests', async () => {
    const { url, seen } = await serve((res, _req, i) => json(200, OK, { 'mcp-session-id': i === 0 ? 'sess-1' : 'sess-2' })(res, _req, i));
    const { channel } = connect(url);
    await channel.send(PING);
    await channel.send(PING);
    channel.protocolVersion = '2025-06-18';
    await channel.send(PING);
    expect(channel.sessionId).toBe('sess-1');
    expect(seen.map((s) => [s.headers['mcp-session-id'], s.headers['mcp-protocol-version']])).toEqual([
      [undefined, undefined],
      ['sess-1', undefined],
      ['sess-1', '2025-06-18'],
    ]);
  });

  it('sends user headers and redacts Authorization everywhere in the transcript', async () => {
    const { url, seen } = await serve(json(200, OK));
    const { channel, transcript } = connect(url, { headers: { authorization: 'Bearer s3cret-token', 'x-tenant': 'acme' } });
    await channel.send(PING);
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer s3cret-token', 'x-tenant': 'acme' });
    const sent = transcript.entries.find((e) => e.dir === 'send')!;
    expect(sent.http?.headers).toMatchObject({ authorization: '[redacted]', 'x-tenant': 'acme' });
    expect(JSON.stringify(transcript.entries)).not.toContain('s3cret');
  });

  it('lets probe() override and remove headers, without delivering its frames to the session', async () => {
    const { url, seen } = await serve(json(200, OK, { 'mcp-session-id': 'sess-1' }));
    const { channel, frames } = connect(url, { headers: { 'x-tenant': 'acme' } });
    await channel.send(PING);
    const probed = await channel.probe('POST', { body: PING, headers: { 'Mcp-Session-Id': null, 'X-Tenant': 'other', 'x-extra': '1', accept: null } });
    const get = await channel.probe('GET', { timeoutMs: 1000 });
    expect(probed.status).toBe(200);
    expect(probed.frames.map((f) => f.value)).toEqual([OK]);
    expect(frames).toHaveLength(1); // the send's, not the probe's
    const [, post, getSeen] = seen;
    expect(post!.headers['mcp-session-id']).toBeUndefined();
    expect(post!.headers.accept).toBeUndefined();
    expect(post!.headers).toMatchObject({ 'x-tenant': 'other', 'x-extra': '1', 'content-type': 'application/json' });
    expect(getSeen!.method).toBe('GET');
    expect(getSeen!.headers).toMatchObject({ accept: 'text/event-stream', 'mcp-session-id': 'sess-1', 'x-tenant': 'acme' });
    expect(getSeen!.headers['content-type']).toBeUndefined();
    expect(get.status).toBe(200);
  });
  it('removes a user header given in any case when probe() sets it to null', async () => {
    const { url, seen } = await serve(json(200, OK));
    const { channel } = connect(url, { headers: { Authorization: 'Bearer s3cret-token' } });
    await channel.probe('POST', { body: PING, headers: { authorization: null } });
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });
});

describe('StreamableHttpChannel limits and shutdown', () => {
  it('keeps only the head of a body over MAX_BODY_BYTES, and says how long it was', async () => {
    const { url } = await serve((res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('a'.repeat(MAX_BODY_BYTES + 65536)));
    const { channel } = connect(url);
    const exchange = await channel.probe('POST', { body: PING });
    const marker = `… [a frame of ${MAX_BODY_BYTES + 65536} bytes, over the harness's cap of ${MAX_BODY_BYTES} bytes: not parsed, only its first ${FRAME_HEAD_BYTES} bytes are kept]`;
    expect(exchange.body).toBe('a'.repeat(FRAME_HEAD_BYTES) + marker);
  });

  it.each([
    ['JSON, id first', 'application/json', (id: number, text: string) => `{"jsonrpc":"2.0","id":${id},"result":{"text":"${text}"}}`],
    ['JSON, result first (id at the end)', 'application/json', (id: number, text: string) => `{"result":{"text":"${text}"},"jsonrpc":"2.0","id":${id}}`],
    ['JSON, no id at all', 'application/json', (_id: number, text: string) => `{"jsonrpc":"2.0","result":{"text":"${text}"}}`],
    ['SSE, result first', 'text/event-stream', (id: number, text: string) => `event: message\ndata: {"result":{"text":"${text}"},"jsonrpc":"2.0","id":${id}}\n\n`],
  ])('answers a request whose answer is one frame over the cap (%s) with a transport error naming size and cap', async (_kind, type, body) => {
    const text = 'y'.repeat(MAX_BODY_BYTES + 1000);
    const { url } = await serve((res, _req, i) =>
      i === 0 ? res.writeHead(200, { 'content-type': type }).end(body(1, text)) : json(200, { jsonrpc: '2.0', id: 2, result: {} })(res, _req, i),
    );
    const { channel, transcript } = connect(url);
    const session = new RpcSession(channel, { validator: getValidator('2025-11-25'), requestTimeoutMs: 3000 });
    const reply = await session.request('resources/read', { uri: 'x://big' });
    expect(reply).toMatchObject({ kind: 'transport-error', oversize: { cap: MAX_BODY_BYTES } });
    if (reply.kind !== 'transport-error') return;
    expect(reply.oversize!.bytes).toBeGreaterThan(MAX_BODY_BYTES + 1000);
    expect(reply.message).toMatch(/^the answer is one frame of \d+ bytes \(8\.0 MiB\), over the harness's cap of 8\.0 MiB per frame: not parsed/);
    // No violation: the frame is not the target's fault. The transcript holds its head, not its megabytes.
    expect(session.violationCount).toBe(0);
    expect(Math.max(...transcript.entries.map((e) => e.frame.length))).toBeLessThanOrEqual(FRAME_HEAD_BYTES);
    // The session goes on.
    expect((await session.request('ping')).kind).toBe('result');
  });

  it('hangs up on an endless SSE stream past MAX_BODY_BYTES', async () => {
    let closed = false;
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = `data: ${'z'.repeat(64 * 1024)}\n\n`;
      const pump = () => {
        while (!closed && res.write(chunk));
        if (!closed) res.once('drain', pump);
      };
      res.once('close', () => (closed = true));
      pump();
    });
    const { channel, transcript } = connect(url);
    await channel.send(PING);
    await until(() => closed);
    expect(transcript.entries.some((e) => e.frame === `SSE stream exceeded ${MAX_BODY_BYTES} bytes; closed by the harness`)).toBe(true);
  });

  it('treats a JSON body that never ends as silence: a timeout for its request, no frame, the head in the transcript', async () => {
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"jsonrpc":"2.0",'); // and never more
    });
    const { channel, transcript, frames } = connect(url, { timeoutMs: 150 });
    await expect(channel.send(PING)).rejects.toMatchObject({ status: undefined, timeoutMs: 150, message: 'the response body did not end within 150 ms of its headers' });
    expect(frames).toEqual([]);
    expect(channel.exchanges[0]).toMatchObject({ status: 200, timedOutAfterMs: 150 });
    expect(transcript.entries.filter((e) => e.lane === 'POST-body').map((e) => e.frame)).toEqual(['{"jsonrpc":"2.0",']);
    const session = new RpcSession(channel, { validator: getValidator('2025-11-25'), requestTimeoutMs: 2000 });
    expect(await session.request('ping')).toEqual({ kind: 'timeout', afterMs: 150 });
    expect(session.violationCount).toBe(0);
  });

  it.each([
    ['a trickle', (res: ServerResponse) => res.write('data: {"jsonrpc"')],
    ['events for ever, never the response', (res: ServerResponse) => {
      const timer = setInterval(() => res.write('data: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"busy"}}\n\n'), 10);
      res.once('close', () => clearInterval(timer));
    }],
  ])('cuts a POST response stream that is still open at its deadline (%s), and no longer claims every response ended', async (_kind, write) => {
    let closed = false;
    const { url } = await serve((res) => {
      res.once('close', () => (closed = true));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      write(res);
    });
    const { channel, transcript } = connect(url, { timeoutMs: 150 });
    await channel.send(PING);
    await until(() => closed);
    await until(() => transcript.entries.some((e) => e.frame === 'POST-sse: the stream was still open 150 ms after its headers; closed by the harness'));
    expect(await channel.postResponsesEnded(1000)).toBe(false);
  });

  it("keeps the session's own GET stream open past the deadline, and says every POST response ended when they did", async () => {
    let getClosed = false;
    const { url } = await serve((res, req, i) => {
      if (req.method === 'GET') {
        res.once('close', () => (getClosed = true));
        res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': open\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // The first POST's stream ends after its response; the second one's trickles.
      if (i === 1) res.end(`data: ${JSON.stringify(OK)}\n\n`);
      else res.write('data: {');
    });
    const { channel, frames, transcript } = connect(url, { timeoutMs: 100 });
    await channel.listen();
    await channel.send(PING);
    await until(() => frames.length === 1);
    expect(await channel.postResponsesEnded(1000)).toBe(true);
    // The GET stream was opened before the trickling POST: once that one is cut at its deadline, a
    // deadline of the GET stream would have passed too.
    await channel.send(PING);
    await until(() => transcript.entries.some((e) => e.frame.startsWith('POST-sse: the stream was still open')));
    expect(getClosed).toBe(false);
    expect(channel.listening).toBe(true);
  });

  it('keeps the response stream of a subscriptions/listen POST open past the deadline, as a stream that may carry notifications at any time', async () => {
    let listenClosed = false;
    const { url } = await serve((res, req, i) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (i === 0) {
        res.once('close', () => (listenClosed = true));
        res.write(`data: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/subscriptions/acknowledged', params: { notifications: {} } })}\n\n`);
        return;
      }
      // A later POST whose stream trickles: cut at its deadline, which the listen stream's would have passed too.
      res.write('data: {');
    });
    const { channel, frames, transcript } = connect(url, { timeoutMs: 100 });
    await channel.send(JSON.stringify({ jsonrpc: '2.0', id: 'listen-1', method: 'subscriptions/listen', params: { notifications: { toolsListChanged: true } } }));
    await until(() => frames.length === 1);
    expect(channel.listening).toBe(true);
    await channel.send(PING);
    await until(() => transcript.entries.some((e) => e.frame.startsWith('POST-sse: the stream was still open')));
    expect(listenClosed).toBe(false);
    expect(channel.listening).toBe(true);
    // Cut by the harness (a client cancelling over HTTP), it is no longer counted open.
    channel.exchanges[0]!.sse!.cut();
    await until(() => !channel.listening);
  });

  it('DELETEs the session on close, and sends nothing more afterwards', async () => {
    const { url, seen } = await serve(json(200, OK, { 'mcp-session-id': 'sess-1' }));
    const { channel } = connect(url);
    const reasons: string[] = [];
    channel.onClose((reason) => reasons.push(reason));
    await channel.send(PING);
    await channel.close();
    expect(seen.map((s) => [s.method, s.headers['mcp-session-id']])).toEqual([
      ['POST', undefined],
      ['DELETE', 'sess-1'],
    ]);
    expect(channel.closed).toBe(true);
    expect(reasons).toEqual(['the harness closed the connection']);
    await expect(channel.send(PING)).rejects.toThrow('the HTTP channel is closed');
    await channel.close();
    expect(seen).toHaveLength(2);
  });

  it('sends no DELETE on close when there is no session', async () => {
    const { url, seen } = await serve(json(200, OK));
    const { channel } = connect(url);
    await channel.send(PING);
    await channel.close();
    expect(seen.map((s) => s.method)).toEqual(['POST']);
  });
});
