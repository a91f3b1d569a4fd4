import { clientScenario, describeRequest, that, type HttpRequestRecord } from '#api';

/** The records of requests, as evidence: the transcript entries that hold them. */
const seqs = (records: readonly HttpRequestRecord[]): number[] => records.map((r) => r.seq);

export default clientScenario({
  title: 'Each POST is one request, accepts JSON and SSE, and either answer is read',
  role: 'client',
  transports: ['streamable-http'],
  checks: {
    'post-accepts-both-types': 'streamable-http/client-post-accepts-both-types',
    'one-message-per-post': 'streamable-http/client-post-single-request-or-notification',
    'handles-json-and-sse': 'streamable-http/client-supports-json-and-sse-answers',
  },
  async run(t) {
    // The endpoint answers tools/call with an SSE stream and every other request with a JSON body.
    const client = await t.launch({ behaviour: 'tools_call' });
    const end = await client.finished();
    const posts = client.http!.requests.filter((r) => r.method === 'POST');
    if (posts.length === 0) return t.blocked('the client made no POST request');

    const acceptsBoth = (r: HttpRequestRecord): boolean => /application\/json/i.test(r.headers.accept ?? '') && /text\/event-stream/i.test(r.headers.accept ?? '');
    const badAccept = posts.filter((r) => !acceptsBoth(r));
    t.check('post-accepts-both-types', that(badAccept.length === 0, 'every POST has Accept listing application/json and text/event-stream', badAccept.map((r) => `${describeRequest(r)}: Accept ${JSON.stringify(r.headers.accept ?? null)}`), seqs(badAccept)));

    // No batches from 2026-07-28, and nothing to respond to: the server sends no requests.
    const badBody = posts.filter((r) => r.batch || r.messages.length !== 1 || (r.messages[0]!.kind !== 'request' && r.messages[0]!.kind !== 'notification'));
    const shown = badBody.map((r) => `${describeRequest(r)}: ${r.batch ? `a batch of ${r.messages.length}` : (r.messages[0]?.kind ?? 'no message')}`);
    t.check('one-message-per-post', that(badBody.length === 0, 'every POST body is one JSON-RPC request or notification (no batch, no response)', shown, seqs(badBody)));

    // A JSON answer was read when the client sent a later request; the SSE answer to tools/call when it went on after it, or exited 0.
    const call = posts.find((r) => r.messages.some((m) => m.method === 'tools/call'));
    if (!call) return t.untestable('handles-json-and-sse', 'the client called no tool (behaviour tools_call), so no SSE answer could be sent');
    const jsonAnswered = posts.some((r) => r.n < call.n && r.status === 200 && r.messages.some((m) => m.kind === 'request'));
    const after = posts.filter((r) => r.n > call.n);
    const wentOn = after.length > 0 || (end.exitedByItself && end.code === 0);
    t.check(
      'handles-json-and-sse',
      that(jsonAnswered && wentOn, 'the client goes on after JSON answers (it calls a tool it listed) and after the SSE answer to tools/call (a later request, or an exit with code 0)', { afterToolCall: after.map(describeRequest), exit: end.exitedByItself ? end.code : `ended by the harness: ${end.endedBecause}` }, [call.seq]),
    );
  },
});
