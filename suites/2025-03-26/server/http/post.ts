import { initialized, isResult, scenario, that } from '../../../../runner/api/index.js';

const TYPE = 'streamable-http/server-request-response-type';
const ACCEPTED = 'streamable-http/server-202-for-accepted-notifications';
const REJECTS = 'streamable-http/server-rejects-unacceptable-input';

export default scenario({
  title: 'Streamable HTTP POST responses',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  transports: ['streamable-http'],
  async run(t) {
    const connection = await initialized(t, [['request-response-content-type', TYPE], ['notification-202', ACCEPTED]]);
    const http = connection?.http;
    if (!connection || !http) return;

    // The session already POSTed notifications/initialized: that exchange is the evidence.
    const note = http.exchanges.find((e) => e.method === 'POST' && isInitializedNotification(e.requestBody));
    t.check(
      'notification-202',
      ACCEPTED,
      that(note?.status === 202 && note.body === '', 'HTTP 202 with an empty body for a POSTed notification', note ? `HTTP ${note.status} ${note.body.slice(0, 200)}` : 'no such exchange', note ? [note.seq] : undefined),
    );

    const ping = await http.probe('POST', { body: JSON.stringify({ jsonrpc: '2.0', id: 'post-probe', method: 'ping' }) });
    const typeOk = ping.status === 200 && /^(application\/json|text\/event-stream)\b/.test(ping.contentType);
    t.check(
      'request-response-content-type',
      TYPE,
      that(typeOk, 'HTTP 200 with Content-Type application/json or text/event-stream', `HTTP ${ping.status ?? ping.error} Content-Type: ${ping.contentType || '(none)'}`, [ping.seq]),
    );

    const garbage = await http.probe('POST', { body: '{"jsonrpc": "2.0", "id": 5, "method": ' });
    const rejected = garbage.status !== undefined && garbage.status >= 400 && garbage.status < 600;
    t.check('invalid-json-http-error', REJECTS, that(rejected, 'an HTTP error status (e.g. 400) for a body that is not JSON', `HTTP ${garbage.status ?? garbage.error}`, [garbage.seq]));
    const after = await connection.request('ping');
    t.check('serves-after-invalid-json', 'ping/receiver-responds-promptly', isResult(after, 'ping still answered after the invalid body'));
  },
});

function isInitializedNotification(body: string | undefined): boolean {
  try {
    const value = JSON.parse(body ?? '') as Record<string, unknown>;
    return value.method === 'notifications/initialized' && !('id' in value);
  } catch {
    return false;
  }
}
