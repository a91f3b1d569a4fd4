import { exchangeEvidence, scenario, that, type HttpExchange } from '#api';

/** A site the server cannot be serving: the Origin a DNS-rebinding page would send. */
const FOREIGN_ORIGIN = 'http://evil.example.com';

/** Refused: an HTTP status outside 2xx, or the connection closed without one (silence proves nothing). */
function refused(exchange: HttpExchange): boolean {
  if (exchange.status === undefined) return exchange.error !== undefined && exchange.timedOutAfterMs === undefined;
  return exchange.status < 200 || exchange.status > 299;
}

export default scenario({
  title: 'A foreign Origin is refused on the SSE and POST endpoints (DNS rebinding)',
  role: 'server',
  // 2025-03-26 replaced HTTP+SSE with Streamable HTTP (whose Origin rule its own suite checks).
  until: '2025-03-26',
  transports: ['legacy-sse'],
  checks: {
    'foreign-origin-stream-refused': 'http-sse/server-validates-origin',
    'foreign-origin-post-refused': 'http-sse/server-validates-origin',
  },
  async run(t) {
    const connection = await t.ready();
    const sse = connection.legacySse!;
    const expected = `a refusal (an HTTP status outside 2xx) of a request with Origin: ${FOREIGN_ORIGIN}`;
    const stream = await sse.probe('GET', { headers: { origin: FOREIGN_ORIGIN } });
    t.check('foreign-origin-stream-refused', that(refused(stream), `GET of the SSE stream: ${expected}`, exchangeEvidence(stream, { contentType: true }), [stream.seq]));
    // A ping: harmless if served (its answer then arrives on the session's stream, unasked for).
    const post = await sse.probe('POST', { headers: { origin: FOREIGN_ORIGIN }, body: JSON.stringify({ jsonrpc: '2.0', id: 'foreign-origin', method: 'ping' }) });
    t.check('foreign-origin-post-refused', that(refused(post), `POST to the endpoint: ${expected}`, exchangeEvidence(post), [post.seq]));
  },
});
