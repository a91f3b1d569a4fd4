import { busyRequest, duplicateEventIds, isResumption, messagesOnTwoStreams, postedRequestId, responseId, scenario, streamChains, that } from '#api';

export default scenario({
  title: 'SSE streams carry each message once, on its own stream, and end after it',
  role: 'server',
  // 2026-07-28 has no GET stream, sessions or resumption; its own suite says what is left.
  until: '2026-07-28',
  transports: ['streamable-http'],
  checks: {
    'event-ids-unique': 'streamable-http/server-sse-event-ids-unique',
    'response-on-request-stream': 'streamable-http/server-sse-response-on-request-stream',
    'stream-closed-after-response': 'streamable-http/server-sse-closed-after-response',
    'no-response-on-get-stream': 'streamable-http/server-get-stream-no-responses',
    'message-on-one-stream': 'streamable-http/server-message-on-one-stream',
  },
  async run(t) {
    const busy = await busyRequest(t);
    const http = busy.connection.http!;
    // The session's GET stream first, then two requests, each on its own POST: three streams at once.
    const get = await http.listen(t.timeoutMs);
    t.note(`requests that open streams: ${busy.what}, twice`);
    for (const token of ['sse-streams-1', 'sse-streams-2']) await busy.connection.request(busy.method, busy.params(token));

    // Every POSTed request answered with a stream (the handshake's and the fixture gate's too).
    const posts = streamChains(http.exchanges).filter((c) => c.opened.method === 'POST' && postedRequestId(c.opened) !== undefined);
    if (posts.length === 0) {
      const reason = 'the server answered every request with application/json, opening no SSE stream (allowed)';
      t.notApplicable('response-on-request-stream', reason);
      t.notApplicable('stream-closed-after-response', reason);
    } else {
      const answered = posts.map((chain) => ({ chain, answer: chain.links.flatMap((l) => l.frames).find((f) => responseId(f) === postedRequestId(chain.opened)) }));
      const missing = answered.filter((a) => a.answer === undefined).map((a) => a.chain.opened);
      t.check(
        'response-on-request-stream',
        that(missing.length === 0, 'the response to each POSTed request on the SSE stream that request opened (or its resumption)', missing.length === 0 ? `${posts.length} streams, each with its response` : `no response on the stream of ${missing.map((e) => e.requestBody).join(', ')}`, missing.map((e) => e.seq)),
      );
      // Each stream that carried its response must then end; the server has the request timeout to end it.
      const closing = answered.filter((a) => a.answer !== undefined).map(async ({ chain }) => {
        const last = chain.links.at(-1)!.sse!;
        return (await last.ended(t.timeoutMs)) && last.endedBy === 'server' ? [] : [chain.opened.seq];
      });
      const open = (await Promise.all(closing)).flat();
      t.check('stream-closed-after-response', that(open.length === 0, 'each SSE stream of a request ended by the server once the response was sent', open.length === 0 ? 'every stream ended' : `${open.length} stream(s) still open ${t.timeoutMs} ms later`, open));
    }

    const ids = http.exchanges.flatMap((e) => (e.sse && !isResumption(e) ? e.sse.events.filter((ev) => ev.id) : []));
    if (ids.length === 0) t.notApplicable('event-ids-unique', 'the server attaches no event ids (no resumability, allowed)');
    else {
      const clashes = duplicateEventIds(http.exchanges);
      t.check('event-ids-unique', that(clashes.length === 0, 'every event id used once across the session\'s streams', clashes.length === 0 ? `${ids.length} distinct ids` : clashes.map((c) => `id ${JSON.stringify(c.id)} on ${c.seqs.length} events`).join('; '), clashes.flatMap((c) => c.seqs)));
    }

    if (get.status !== 200 || !get.sse) t.notApplicable('no-response-on-get-stream', `the server offers no GET stream (HTTP ${get.status ?? 'none'})`);
    else {
      const responses = http.exchanges.filter((e) => e.method === 'GET' && !isResumption(e)).flatMap((e) => e.frames.filter((f) => responseId(f) !== undefined));
      t.check('no-response-on-get-stream', that(responses.length === 0, 'no JSON-RPC response on the GET stream (it resumes nothing)', responses.length === 0 ? 'none' : responses.map((f) => f.raw).join(' | '), responses.map((f) => f.seq)));
    }

    const twice = messagesOnTwoStreams(http.exchanges);
    t.check('message-on-one-stream', that(twice.length === 0, 'each message of the server on one stream only', twice.length === 0 ? 'none on two streams' : twice.map((m) => m.key).join(' | '), twice.flatMap((m) => m.seqs)));
  },
});
