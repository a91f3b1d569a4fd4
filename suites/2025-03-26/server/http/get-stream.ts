import { exchangeEvidence, scenario, that } from '#api';

export default scenario({
  title: 'GET on the endpoint opens an SSE stream or is refused with 405',
  role: 'server',
  // 2026-07-28 removes the GET stream.
  until: '2026-07-28',
  transports: ['streamable-http'],
  checks: {
    'get-sse-or-405': 'streamable-http/server-get-stream-or-405',
  },
  async run(t) {
    const http = (await t.ready()).http!;
    // Opened as the session's own stream, so anything the server sends on it is validated too.
    const get = await http.listen(t.timeoutMs);
    const ok = get.status === 405 || (get.status === 200 && get.contentType.startsWith('text/event-stream'));
    t.check('get-sse-or-405', that(ok, 'HTTP 200 with Content-Type text/event-stream, or HTTP 405', exchangeEvidence({ ...get, body: '' }, { contentType: true }), [get.seq]));
  },
});
