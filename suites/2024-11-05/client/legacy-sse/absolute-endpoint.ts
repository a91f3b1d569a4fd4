import { clientScenario, describeRequest, postsOffEndpoint, that } from '#api';

export default clientScenario({
  title: 'The client posts to an absolute endpoint URI on a path of the server\'s choosing',
  role: 'client',
  transports: ['legacy-sse'],
  until: '2025-03-26',
  checks: {
    'posts-to-absolute-endpoint': 'http-sse/client-posts-to-endpoint',
  },
  async run(t) {
    // An absolute URI on the SSE stream's origin, neither under /messages nor with a sessionId parameter.
    const client = await t.launch({ behaviour: 'tools_call', legacy: { endpoint: (id, origin) => `${origin}/rpc/${id.slice(0, 8)}?session=${id}` } });
    await client.finished();
    const { requests, url } = client.http!;
    if (!requests.some((r) => r.method === 'POST')) return t.blocked('the client made no POST request');
    const astray = postsOffEndpoint(requests, url);
    const announced = requests.flatMap((g) => g.announced ?? []);
    t.check('posts-to-absolute-endpoint', that(astray.length === 0, `every POST goes to the absolute endpoint the stream announced (${announced.join(', ') || 'none announced'})`, astray.map(describeRequest), astray.map((r) => r.seq)));
  },
});
