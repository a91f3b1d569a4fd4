import { busyRequest, isResumption, postedRequestId, QUIET_MS, responseId, scenario, streamChains, that } from '#api';

export default scenario({
  title: 'SSE streams start with a priming event, and a connection closed early gives a retry first',
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
    const get = await http.listen(t.timeoutMs);
    // The priming event comes "immediately": a moment is all it gets.
    await get.sse?.waitFor(() => true, QUIET_MS);
    t.note(`request that opens a stream: ${busy.what}`);
    await busy.connection.request(busy.method, busy.params('sse-polling'));

    const opened = http.exchanges.filter((e) => e.sse && !isResumption(e) && e.status === 200);
    if (opened.length === 0) t.notApplicable('priming-event', 'the server opened no SSE stream (every answer application/json, no GET stream)');
    else {
      const unprimed = opened.filter((e) => {
        const first = e.sse!.events[0];
        return !first?.id || (first.data ?? '') !== '';
      });
      t.check(
        'priming-event',
        that(unprimed.length === 0, 'each SSE stream opening with an event of an event id and empty data', unprimed.length === 0 ? `${opened.length} streams, each primed` : `${unprimed.length} of ${opened.length} streams open otherwise: ${unprimed.map((e) => `${e.method} first event ${JSON.stringify(e.sse!.events[0] ?? 'none')}`).join('; ')}`, unprimed.map((e) => e.sse!.events[0]?.seq ?? e.seq)),
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
