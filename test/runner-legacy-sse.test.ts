import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LegacySseChannel } from '../runner/transports/legacy-sse.js';
import { sseEvent } from '../runner/transports/sse.js';
import type { InboundFrame } from '../runner/transports/types.js';
import { Transcript } from '../runner/util/transcript.js';

// LegacySseChannel against real node:http servers on 127.0.0.1, port 0.

const servers: Server[] = [];
const channels: LegacySseChannel[] = [];

/** A server whose GET /sse is `stream` (the response left open) and whose POSTs are counted and answered 202. */
async function serve(stream: (res: ServerResponse, req: IncomingMessage) => void): Promise<{ origin: string; posts: string[] }> {
  const posts: string[] = [];
  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    if (req.method === 'GET') return stream(res, req);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      posts.push(body);
      res.writeHead(202).end('Accepted');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts };
}

function open(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(text);
}

async function connect(url: string, timeoutMs = 2000): Promise<{ channel: LegacySseChannel; frames: InboundFrame[] }> {
  const channel = await LegacySseChannel.connect({ url, transcript: new Transcript('legacy-sse'), timeoutMs, headers: { Authorization: 'Bearer secret-token' } });
  channels.push(channel);
  const frames: InboundFrame[] = [];
  channel.onFrame((frame) => frames.push(frame));
  return { channel, frames };
}

afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

describe('LegacySseChannel', () => {
  it('POSTs each frame to the endpoint the first event names, and delivers the message events of the stream', async () => {
    let stream: ServerResponse | undefined;
    const { origin, posts } = await serve((res) => {
      stream = res;
      open(res, sseEvent('/messages?sessionId=abc', { event: 'endpoint' }));
    });
    const { channel, frames } = await connect(`${origin}/sse`);
    expect(channel.stream.endpoint?.url).toBe(`${origin}/messages?sessionId=abc`);
    expect(channel.stream.first?.event).toBe('endpoint');
    await channel.send('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    expect(posts).toEqual(['{"jsonrpc":"2.0","id":1,"method":"ping"}']);
    // A keep-alive event of the server's own is no message; a message under another type is delivered, marked.
    stream!.write(sseEvent('keep-alive', { event: 'ping' }) + sseEvent('{"jsonrpc":"2.0","id":1,"result":{}}', { event: 'message' }));
    stream!.write(sseEvent('{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}', { event: 'notification' }));
    await expect
      .poll(() => frames.map((f) => [f.lane, f.value]))
      .toEqual([
        ['GET-sse', { jsonrpc: '2.0', id: 1, result: {} }],
        ['GET-sse-mislabelled', { jsonrpc: '2.0', method: 'notifications/tools/list_changed' }],
      ]);
    expect(channel.stream.others.map((e) => [e.event, e.mislabelled ?? false])).toEqual([
      ['ping', false],
      ['notification', true],
    ]);
    const post = channel.exchanges.find((e) => e.method === 'POST')!;
    expect([post.status, post.requestHeaders.authorization, post.requestHeaders['content-type']]).toEqual([202, 'Bearer secret-token', 'application/json']);
  });

  it('never POSTs to an endpoint on another origin: every send fails, saying why', async () => {
    const elsewhere = await serve((res) => open(res, ''));
    const { origin } = await serve((res) => open(res, sseEvent(`${elsewhere.origin}/messages`, { event: 'endpoint' })));
    const { channel } = await connect(`${origin}/sse`);
    await expect(channel.send('{"jsonrpc":"2.0","id":1,"method":"ping"}')).rejects.toThrow(/on another origin than the SSE stream .* never sends there/);
    expect(await channel.probe('POST', { body: '{}' })).toMatchObject({ error: expect.stringMatching(/another origin/) });
    expect(elsewhere.posts).toEqual([]);
    expect(channel.exchanges.map((e) => e.method)).toEqual(['GET']);
  });

  it('gives up on a stream that sends no endpoint event in time, or only other events past the byte bound', async () => {
    const { origin } = await serve((res) => open(res, ': a comment, then nothing\n\n'));
    const silent = await connect(`${origin}/sse`, 300);
    expect(silent.channel.stream.problem).toMatch(/no endpoint event within 300 ms/);
    await expect(silent.channel.send('{}')).rejects.toThrow(/no endpoint event/);

    const chatty = await serve((res) => open(res, sseEvent('x'.repeat(70 * 1024), { event: 'hello' })));
    const { channel } = await connect(`${chatty.origin}/sse`, 60_000);
    expect(channel.stream.problem).toBe('the SSE stream sent no endpoint event in its first 65536 bytes (it began with a "hello" event)');
  });

  it('says what a GET that is no SSE stream answered, and never follows a redirect', async () => {
    const { origin } = await serve((res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('nope'));
    const { channel } = await connect(`${origin}/sse`);
    expect(channel.stream.problem).toBe(`GET ${origin}/sse answered HTTP 404 (text/plain), not an SSE stream`);

    let followed = 0;
    const elsewhere = await serve((res) => {
      followed++;
      open(res, sseEvent('/messages', { event: 'endpoint' }));
    });
    const redirecting = await serve((res) => res.writeHead(307, { location: `${elsewhere.origin}/sse` }).end());
    const moved = await connect(`${redirecting.origin}/sse`);
    expect(moved.channel.stream.problem).toBe(`GET ${redirecting.origin}/sse answered HTTP 307, not an SSE stream`);
    expect(followed).toBe(0);
  });
});
