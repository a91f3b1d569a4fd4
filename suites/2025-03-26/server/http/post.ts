import { describeRevision, exchangeEvidence, isResult, scenario, that, type HttpExchange } from '#api';

export default scenario({
  title: 'Streamable HTTP POSTs get the status and content type their message calls for',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'notification-202': 'streamable-http/server-202-for-accepted-notifications',
    'request-response-content-type': 'streamable-http/server-request-response-type',
    'invalid-json-http-error': 'streamable-http/server-rejects-unacceptable-input',
    'non-message-http-error': 'streamable-http/server-rejects-unacceptable-input',
    'serves-after-invalid-json': 'jsonrpc/receiver-handles-invalid-json',
  },
  async run(t) {
    const connection = await t.ready();
    const http = connection.http!;
    // A notification the handshake already POSTed is the evidence; otherwise post one that any server accepts.
    const note =
      http.exchanges.find((e) => e.method === 'POST' && isNotification(e.requestBody)) ??
      (await http.probe('POST', { body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'conformance-never-sent' } }) }));
    // From 2026-07-28 no client notification is defined over HTTP (cancelling closes the stream): a
    // server may refuse one with an HTTP error status, as the rule allows for what it cannot accept.
    const stateless = !describeRevision(connection.revision).stateful;
    const noteRefused = note.status !== undefined && note.status >= 400 && note.status < 500;
    t.check(
      'notification-202',
      that(
        (note.status === 202 && note.body === '') || (stateless && noteRefused),
        stateless ? 'HTTP 202 with an empty body for a POSTed notification, or an HTTP error status refusing it' : 'HTTP 202 with an empty body for a POSTed notification',
        exchangeEvidence(note),
        [note.seq],
      ),
    );

    const ping = await http.probe('POST', { body: connection.requestBody('post-probe') });
    const typeOk = ping.status === 200 && /^(application\/json|text\/event-stream)\b/.test(ping.contentType);
    t.check('request-response-content-type', that(typeOk, 'HTTP 200 with Content-Type application/json or text/event-stream', exchangeEvidence({ ...ping, body: '' }, { contentType: true }), [ping.seq]));

    // JSON, but neither a request, a notification nor a response: no message the server can accept.
    const stranger = await http.probe('POST', { body: '{"greeting": "hello"}' });
    const refused = stranger.status !== undefined && stranger.status >= 400 && stranger.status < 600;
    t.check('non-message-http-error', that(refused, 'an HTTP error status (e.g. 400) for a JSON body that is no JSON-RPC message', exchangeEvidence({ ...stranger, body: '' }), [stranger.seq]));

    const garbage = await http.probe('POST', { body: '{"jsonrpc": "2.0", "id": 5, "method": ' });
    const rejected = garbage.status !== undefined && garbage.status >= 400 && garbage.status < 600;
    t.check('invalid-json-http-error', that(rejected, 'an HTTP error status (e.g. 400) for a body that is not JSON', exchangeEvidence({ ...garbage, body: '' }), [garbage.seq]));
    const after = await connection.liveness();
    t.check('serves-after-invalid-json', isResult(after, 'a request after the invalid body still gets its result'));
  },
});

function isNotification(body: HttpExchange['requestBody']): boolean {
  try {
    const value = JSON.parse(body ?? '') as Record<string, unknown>;
    return typeof value.method === 'string' && !('id' in value);
  } catch {
    return false;
  }
}
