import { exchangeEvidence, scenario, that } from '#api';

export default scenario({
  title: 'Streamable HTTP answers a POSTed batch by what it holds (2025-03-26 only)',
  role: 'server',
  // 2025-06-18 removes JSON-RPC batching.
  until: '2025-06-18',
  transports: ['streamable-http'],
  checks: {
    'notification-batch-202': 'streamable-http/server-202-for-notification-batch',
    'request-batch-response-type': 'streamable-http/server-batch-response-type',
  },
  async run(t) {
    const http = (await t.ready()).http!;
    // Only notifications: accepted like a single one, with 202 and no body.
    const cancel = (requestId: string): unknown => ({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId } });
    const notes = await http.probe('POST', { body: JSON.stringify([cancel('conformance-never-sent-1'), cancel('conformance-never-sent-2')]) });
    t.check('notification-batch-202', that(notes.status === 202 && notes.body === '', 'HTTP 202 with an empty body for a POSTed batch of notifications', exchangeEvidence(notes), [notes.seq]));

    // Requests among them: answered as JSON or as an SSE stream, like a single request.
    const pings = await http.probe('POST', { body: JSON.stringify(['batch-http-a', 'batch-http-b'].map((id) => ({ jsonrpc: '2.0', id, method: 'ping' }))) });
    const typeOk = pings.status === 200 && /^(application\/json|text\/event-stream)\b/.test(pings.contentType);
    t.check('request-batch-response-type', that(typeOk, 'HTTP 200 with Content-Type application/json or text/event-stream for a batch of requests', exchangeEvidence({ ...pings, body: '' }, { contentType: true }), [pings.seq]));
  },
});
