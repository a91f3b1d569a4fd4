import { exchangeEvidence, isResponse, scenario, that } from '#api';

export default scenario({
  title: 'The endpoint event comes first, POSTs are accepted, answers are message events',
  role: 'server',
  // 2025-03-26 replaced HTTP+SSE with Streamable HTTP.
  until: '2025-03-26',
  transports: ['legacy-sse'],
  checks: {
    'endpoint-event-first': 'http-sse/server-sends-endpoint-event',
    'endpoint-same-origin': 'http-sse/server-endpoint-same-origin',
    'post-accepted': 'http-sse/server-post-endpoint-accepts-messages',
    'messages-as-message-events': 'http-sse/server-messages-as-message-events',
  },
  async run(t) {
    // Nothing sent yet: the stream as it opened, then the handshake's POSTs and answers.
    const connection = await t.connect();
    const sse = connection.legacySse!;
    const { first, endpoint, problem } = sse.stream;
    t.check(
      'endpoint-event-first',
      that(first?.event === 'endpoint', 'the first event of the stream is `endpoint`', first ? { event: first.event, data: first.data } : problem, first ? [first.seq] : []),
    );
    if (!endpoint) return t.blocked(`the stream announced no endpoint (${problem})`);
    const origin = new URL(sse.url).origin;
    t.check('endpoint-same-origin', that(endpoint.url !== undefined, `a URI on the stream's origin ${origin} (relative or absolute)`, endpoint.data, [endpoint.seq]));
    if (endpoint.url === undefined) {
      const why = `the harness sends nothing to the endpoint announced (${problem})`;
      t.notApplicable('post-accepted', why);
      return t.notApplicable('messages-as-message-events', why);
    }

    const mark = connection.mark();
    const init = await connection.initialize();
    if (init.kind === 'result') await connection.liveness();
    const posts = sse.exchanges.filter((e) => e.method === 'POST');
    const refused = posts.filter((e) => e.status === undefined || e.status < 200 || e.status > 299);
    t.check(
      'post-accepted',
      that(posts.length > 0 && refused.length === 0, 'every POST of a message to the endpoint is accepted with a 2xx status', posts.map((e) => exchangeEvidence(e)), posts.map((e) => e.seq)),
    );

    // The answer to initialize, wherever it came: on the stream even when its POST was refused.
    const answer = await connection.waitFor(isResponse(), t.timeoutMs, mark);
    // Events of other types that carry no message (a keep-alive `ping`) are the server's own business.
    const others = sse.stream.others.filter((e) => e.mislabelled);
    const inBodies = posts.filter((e) => e.frames.length > 0);
    const actual = {
      ...(answer ? { 'first answer arrived on': answer.frame.lane } : { 'first answer': 'none arrived' }),
      ...(others.length ? { 'messages under other event types': others.map((e) => `${e.event}: ${e.data.slice(0, 120)}`) } : {}),
      ...(inBodies.length ? { 'messages in POST bodies': inBodies.map((e) => e.body.slice(0, 120)) } : {}),
    };
    t.check(
      'messages-as-message-events',
      that(
        answer?.frame.lane === 'GET-sse' && others.length === 0 && inBodies.length === 0,
        'answers as `message` events on the stream (JSON in the event data), none in a POST body or under another event type',
        actual,
        [...(answer ? [answer.frame.seq] : []), ...others.map((e) => e.seq), ...inBodies.map((e) => e.seq)],
      ),
    );
  },
});
