import { openListen, scenario, that } from '#api';

const ID = 'conformance-listen-unbuffered';
const HEADER = 'x-accel-buffering';

export default scenario({
  title: 'SSE responses tell proxies not to buffer them (X-Accel-Buffering: no)',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'sse-unbuffered': 'streamable-http/server-sse-unbuffered',
  },
  async run(t) {
    const connection = await t.ready();
    // A listen stream is the one answer that is an SSE stream by definition; every other SSE response
    // the server gave in this scenario is judged alongside it.
    const opening = await openListen(connection, { toolsListChanged: true }, ID, t.timeoutMs);
    if (opening.kind === 'open') await opening.listen.cancel();
    const streams = connection.http!.exchanges.filter((e) => e.sse !== undefined);
    if (streams.length === 0) {
      const why = opening.kind === 'refused' ? `subscriptions/listen was refused (${opening.reason})` : 'no answer came as text/event-stream';
      return t.notApplicable('sse-unbuffered', `the server answered nothing as an SSE stream: ${why}`);
    }
    const buffered = streams.filter((e) => e.headers[HEADER]?.trim().toLowerCase() !== 'no');
    t.check(
      'sse-unbuffered',
      that(
        buffered.length === 0,
        `X-Accel-Buffering: no on each of the ${streams.length} SSE response(s)`,
        buffered.map((e) => `${e.method} answered HTTP ${e.status} as text/event-stream with X-Accel-Buffering ${e.headers[HEADER] === undefined ? 'absent' : JSON.stringify(e.headers[HEADER])}`),
        streams.map((e) => e.seq),
      ),
    );
  },
});
