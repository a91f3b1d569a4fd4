import { clientScenario, describeRequest, postsOffEndpoint, that } from '#api';

export default clientScenario({
  title: 'The client opens the SSE stream and posts every message to its endpoint',
  role: 'client',
  transports: ['legacy-sse'],
  until: '2025-03-26',
  checks: {
    'stream-accepts-sse': 'http-sse/client-opens-sse-stream',
    'posts-to-endpoint': 'http-sse/client-posts-to-endpoint',
  },
  async run(t) {
    // The endpoint event names /messages?sessionId=<uuid>, relative to the SSE URL.
    const client = await t.launch({ behaviour: 'tools_call' });
    await client.finished();
    const { requests, url } = client.http!;
    const ssePath = new URL(url).pathname;

    const gets = requests.filter((r) => r.method === 'GET' && r.path === ssePath);
    const badAccept = gets.filter((r) => !/text\/event-stream/i.test(r.headers.accept ?? ''));
    const expected = `the client opens the stream with GET ${ssePath} and Accept listing text/event-stream`;
    const actual = gets.length === 0 ? `no GET of ${ssePath}` : badAccept.map((r) => `${describeRequest(r)}: Accept ${JSON.stringify(r.headers.accept ?? null)}`);
    t.check('stream-accepts-sse', that(gets.length > 0 && badAccept.length === 0, expected, actual, badAccept.map((r) => r.seq)));

    if (!requests.some((r) => r.method === 'POST')) return t.blocked('the client made no POST request');
    const astray = postsOffEndpoint(requests, url);
    const announced = gets.flatMap((g) => g.announced ?? []);
    t.check('posts-to-endpoint', that(astray.length === 0, `every POST goes to the endpoint the stream announced (${announced.join(', ') || 'none announced'})`, astray.map(describeRequest), astray.map((r) => r.seq)));
  },
});
