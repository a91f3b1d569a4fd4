import { busyRequest, postedRequestId, responseId, scenario, streamChains, that } from '#api';

export default scenario({
  title: 'Request streams open with a priming event and give a retry before closing early',
  role: 'server',
  // 2026-07-28 has no GET stream, sessions or resumption; its own suite says what is left.
  until: '2026-07-28',
  transports: ['streamable-http'],
  checks: {
    'priming-event': 'streamable-http/server-sse-priming-event',
    'retry-before-close': 'streamable-http/server-sse-retry-before-close',
  },
  async run(t) {
    const busy = await busyRequest(t);
    const http = busy.connection.http!;
    t.note(`request that opens a stream: ${busy.what}`);
    await busy.connection.request(busy.method, busy.params('sse-polling'));

    // The text asks it of the streams a POST opens ("Sending Messages to the Server"); the GET stream's section does not.
    // A priming event is an event id to resume from: a server that attaches no ids offers no resumption (MAY), and has none to give.
    const opened = http.exchanges.filter((e) => e.method === 'POST' && e.sse && e.status === 200);
    if (opened.length === 0) t.notApplicable('priming-event', 'the server answered every request with application/json, opening no SSE stream (allowed)');
    else if (!http.exchanges.some((e) => e.sse?.lastEventId)) t.notApplicable('priming-event', 'the server attaches no event ids to its SSE events: it offers no resumption (allowed), so no id to prime with');
    else {
      const unprimed = opened.filter((e) => {
        const first = e.sse!.events[0];
        return !first?.id || (first.data ?? '') !== '';
      });
      t.check(
        'priming-event',
        that(unprimed.length === 0, 'each SSE stream opening with an event of an event id and empty data', unprimed.length === 0 ? `${opened.length} streams, each primed` : `${unprimed.length} of ${opened.length} streams open otherwise: ${unprimed.map((e) => `${e.requestBody ?? ''}: first event ${JSON.stringify(e.sse!.events[0] ?? 'none')}`).join('; ')}`, unprimed.map((e) => e.sse!.events[0]?.seq ?? e.seq)),
      );
    }

    // Streams of a request the server closed before the response: the channel resumed them.
    const early = streamChains(http.exchanges)
      .filter((c) => c.opened.method === 'POST' && postedRequestId(c.opened) !== undefined)
      .flatMap((c) => c.links.filter((l) => l.sse!.endedBy === 'server' && !l.frames.some((f) => responseId(f) === postedRequestId(c.opened)) && l !== c.links.at(-1)));
    if (early.length === 0) t.notApplicable('retry-before-close', 'the server closed no stream before its response (no polling)');
    else {
      const silent = early.filter((l) => !l.sse!.events.some((e) => e.retry !== undefined));
      t.check('retry-before-close', that(silent.length === 0, 'a retry field on each stream the server closed before the response', silent.length === 0 ? `${early.length} connections closed early, each after a retry` : `${silent.length} of ${early.length} closed without one`, silent.map((l) => l.seq)));
    }
  },
});
