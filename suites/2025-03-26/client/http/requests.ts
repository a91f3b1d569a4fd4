import { clientScenario, type HttpRequestRecord, that } from '#api';

/** The records of requests, as evidence: the transcript entries that hold them. */
const seqs = (records: readonly HttpRequestRecord[]): number[] => records.map((r) => r.seq);
const line = (r: HttpRequestRecord): string => `${r.method} #${r.n}${r.messages[0]?.method ? ` (${r.messages[0].method})` : ''}`;

export default clientScenario({
  title: 'The client posts single messages with the right headers and ends its session',
  role: 'client',
  transports: ['streamable-http'],
  until: '2026-07-28',
  checks: {
    'post-accepts-both-types': 'streamable-http/client-accepts-both-types',
    'one-message-per-post': 'streamable-http/client-single-message-body',
    'session-id-on-every-request': 'streamable-http/client-sends-session-id',
    'handles-json-and-sse': 'streamable-http/client-handles-both-response-types',
    'deletes-session': 'streamable-http/client-deletes-session',
  },
  async run(t) {
    // initialize is answered with a JSON body, tools/call with an SSE stream (the endpoint's default).
    const client = await t.launch({ behaviour: 'tools_call' });
    const end = await client.finished();
    const http = client.http!;
    const posts = http.requests.filter((r) => r.method === 'POST');
    if (posts.length === 0) return t.blocked('the client made no POST request');

    const acceptsBoth = (r: HttpRequestRecord): boolean => /application\/json/i.test(r.headers.accept ?? '') && /text\/event-stream/i.test(r.headers.accept ?? '');
    const badAccept = posts.filter((r) => !acceptsBoth(r));
    t.check('post-accepts-both-types', that(badAccept.length === 0, 'every POST has Accept listing application/json and text/event-stream', badAccept.map((r) => `${line(r)}: Accept ${JSON.stringify(r.headers.accept ?? null)}`), seqs(badAccept)));

    // 2025-03-26 also allows a batch, of requests and notifications or of responses, never both.
    const batchesAllowed = t.revision === '2025-03-26';
    const badBody = posts.filter((r) => {
      if (r.messages.length === 0 || r.messages.some((m) => m.kind === 'invalid')) return true;
      if (!r.batch) return false;
      const responses = r.messages.filter((m) => m.kind === 'response').length;
      return !batchesAllowed || (responses > 0 && responses < r.messages.length);
    });
    t.check('one-message-per-post', that(badBody.length === 0, batchesAllowed ? 'every POST body is one message, or a batch of requests and notifications, or of responses' : 'every POST body is one JSON-RPC message (no batch)', badBody.map(line), seqs(badBody)));

    const issued = http.sessionIds[0];
    const initialize = posts.find((r) => r.messages.some((m) => m.method === 'initialize'));
    if (issued === undefined || initialize === undefined) t.untestable('session-id-on-every-request', 'the client never initialized a session');
    else {
      const later = http.requests.filter((r) => r.n > initialize.n);
      const without = later.filter((r) => r.headers['mcp-session-id'] !== issued);
      t.check('session-id-on-every-request', that(later.length > 0 && without.length === 0, `every request after initialize carries Mcp-Session-Id: ${issued}`, later.length === 0 ? 'no request after initialize' : without.map((r) => `${line(r)}: ${JSON.stringify(r.headers['mcp-session-id'] ?? null)}`), seqs(without)));
    }

    // The JSON answer to initialize was handled when initialized followed; the SSE answer to tools/call when the client went on after it.
    const call = posts.find((r) => r.messages.some((m) => m.method === 'tools/call'));
    const initialized = posts.some((r) => r.messages.some((m) => m.method === 'notifications/initialized'));
    if (!call) t.untestable('handles-json-and-sse', 'the client called no tool (behaviour tools_call), so no SSE answer could be sent');
    else {
      const after = posts.filter((r) => r.n > call.n);
      const wentOn = after.length > 0 || (end.exitedByItself && end.code === 0);
      t.check('handles-json-and-sse', that(initialized && wentOn, 'the client goes on after a JSON answer (initialize) and after an SSE answer (tools/call): a later message, or an exit with code 0', { initialized, afterToolCall: after.map(line), exit: end.exitedByItself ? end.code : `ended by the harness: ${end.endedBecause}` }, [call.seq]));
    }

    if (!end.exitedByItself) t.notApplicable('deletes-session', `the client did not end by itself (${end.endedBecause})`);
    else if (issued === undefined) t.notApplicable('deletes-session', 'the client had no session to end');
    else {
      const deleted = http.requests.some((r) => r.method === 'DELETE' && r.headers['mcp-session-id'] === issued);
      t.check('deletes-session', that(deleted, `before exiting, the client sent DELETE with Mcp-Session-Id: ${issued}`, http.requests.map(line).slice(-5)));
    }
  },
});
