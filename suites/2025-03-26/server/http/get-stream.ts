import { initialized, scenario, that } from '../../../../runner/api/index.js';

const GET = 'streamable-http/server-get-stream-or-405';

export default scenario({
  title: 'GET on the endpoint opens an SSE stream or is refused with 405',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  transports: ['streamable-http'],
  async run(t) {
    const connection = await initialized(t, [['get-sse-or-405', GET]]);
    const http = connection?.http;
    if (!http) return;
    // Opened as the session's own stream, so anything the server sends on it is validated too.
    const get = await http.listen(t.timeoutMs);
    const ok = get.status === 405 || (get.status === 200 && get.contentType.startsWith('text/event-stream'));
    t.check('get-sse-or-405', GET, that(ok, 'HTTP 200 with Content-Type text/event-stream, or HTTP 405', `HTTP ${get.status ?? get.error} Content-Type: ${get.contentType || '(none)'}`, [get.seq]));
  },
});
