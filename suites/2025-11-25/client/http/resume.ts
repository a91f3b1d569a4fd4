import { clientScenario, type HostedTool, that } from '#api';

/** How long the harness asks the client to wait before it reconnects. */
const RETRY_MS = 500;

/** The official suite's tool for this behaviour: its SSE stream is closed before the result, which the client gets by resuming. */
const RECONNECTION: HostedTool = {
  tool: { name: 'test_reconnection', description: 'Answers on a stream the client has to resume', inputSchema: { type: 'object' } },
  async call(context) {
    context.dropStream(RETRY_MS);
    return { content: [{ type: 'text', text: 'resumed' }] };
  },
};

export default clientScenario({
  title: 'A client whose SSE stream is closed early waits retry and resumes it',
  role: 'client',
  transports: ['streamable-http'],
  until: '2026-07-28',
  checks: {
    'reconnects-after-close': 'streamable-http/client-polls-closed-stream',
    'waits-retry': 'streamable-http/client-respects-retry',
    'sends-last-event-id': 'streamable-http/client-resumes-with-last-event-id',
    'get-accepts-sse': 'streamable-http/client-get-accepts-sse',
  },
  async run(t) {
    const client = await t.launch({ behaviour: 'sse-retry', server: { tools: [RECONNECTION] }, http: { responseMode: (method) => (method === 'tools/call' ? 'sse' : 'json') } });
    await client.finished();
    const { requests, streams } = client.http!;
    const dropped = streams.find((s) => s.dropped)?.dropped;
    if (!dropped) return t.blocked('the client never called test_reconnection (behaviour sse-retry), so no stream was closed early');
    const gets = requests.filter((r) => r.method === 'GET' && r.t >= dropped.t);
    const get = gets[0];
    t.check('reconnects-after-close', that(get !== undefined, 'a GET to the endpoint after the server closed the stream', requests.filter((r) => r.t >= dropped.t).map((r) => `${r.method} #${r.n}`)));
    if (!get) return t.blocked('the client did not reconnect');
    const waited = get.t - dropped.t;
    t.check('waits-retry', that(waited >= dropped.retryMs, `the GET comes at least ${dropped.retryMs} ms (retry) after the stream closed`, `${waited} ms`, [get.seq]));
    t.check('get-accepts-sse', that(/text\/event-stream/i.test(get.headers.accept ?? ''), 'the GET has Accept listing text/event-stream', get.headers.accept ?? null, [get.seq]));
    t.check('sends-last-event-id', that(get.headers['last-event-id'] === dropped.lastEventId, `Last-Event-ID: ${dropped.lastEventId}, the last event id of the closed stream`, get.headers['last-event-id'] ?? null, [get.seq]));
  },
});
