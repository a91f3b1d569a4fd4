import { busyRequest, messageKey, QUIET_MS, responseId, scenario, that } from '#api';

export default scenario({
  title: 'A GET with Last-Event-ID replays only the stream that event id belongs to',
  role: 'server',
  // 2026-07-28 has no GET stream, sessions or resumption; its own suite says what is left.
  until: '2026-07-28',
  transports: ['streamable-http'],
  checks: {
    'replays-only-that-stream': 'streamable-http/server-resume-replays-only-that-stream',
  },
  async run(t) {
    const busy = await busyRequest(t);
    const http = busy.connection.http!;
    t.note(`stream A: ${busy.what}, cut by the harness after its first event id; stream B: the same request, read to its end`);
    const a = await http.probe('POST', { body: busy.body('resume-a') });
    if (!a.sse) return t.skip(`the server answered with ${a.contentType || `HTTP ${a.status ?? 'none'}`}, opening no stream to resume (allowed)`);
    const cursor = await a.sse.waitFor((e) => Boolean(e.id), t.timeoutMs);
    a.sse.cut();
    if (!cursor?.id) return t.skip('the server attaches no event ids to its SSE events: it offers no resumption (allowed)');

    // Another stream, complete before the resumption: none of its messages may come back on A's.
    const b = await http.probe('POST', { body: busy.body('resume-b') });
    await b.sse?.ended(t.timeoutMs);

    const resumed = await http.probe('GET', { lastEventId: cursor.id });
    if (!resumed.sse) return t.skip(`the server does not resume streams (GET with Last-Event-ID answered HTTP ${resumed.status ?? 'none'}, allowed)`);
    // Read up to A's response (or the stream's end), then a quiet moment for anything that follows it.
    const answered = await resumed.sse.waitFor(() => resumed.frames.some((f) => responseId(f) === 'resume-a'), t.timeoutMs);
    await resumed.sse.ended(QUIET_MS);
    resumed.sse.cut();
    t.note(answered ? 'the resumed stream delivered the response to request A' : 'the resumed stream did not deliver the response to request A (replay is optional)');

    const ofB = new Set(b.frames.map(messageKey));
    const foreign = resumed.frames.filter((f) => responseId(f) === 'resume-b' || ofB.has(messageKey(f)));
    t.check(
      'replays-only-that-stream',
      that(foreign.length === 0, `only messages of stream A (event id ${cursor.id}) on the resumed stream`, foreign.length === 0 ? `${resumed.frames.length} message(s), none of stream B` : `stream B's ${foreign.map((f) => f.raw).join(' | ')}`, foreign.map((f) => f.seq)),
    );
  },
});
