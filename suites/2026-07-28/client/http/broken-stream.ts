import { ADD_NUMBERS_MIRRORED, clientScenario, describeMessages, methodOf, paramsOf, requestsOf, that, type HostedTool, type Received } from '#api';

const idOf = (r: Received): unknown => (r.classified?.kind === 'request' ? r.classified.message.id : undefined);

export default clientScenario({
  title: 'A request whose response stream broke off is sent again, with a new id',
  role: 'client',
  // The rule is in 2026-07-28's changelog only; the draft text does not carry it (yet).
  until: 'draft',
  transports: ['streamable-http'],
  checks: {
    'reissues-request': 'streamable-http/client-reissues-broken-request',
    'reissue-new-id': 'streamable-http/client-reissues-broken-request',
  },
  async run(t) {
    // The first tools/call gets an SSE response whose connection the harness ends with no event:
    // nothing to resume at this revision, so the call is lost; later calls are answered.
    let broken = false;
    const breaksOnce: HostedTool = {
      tool: ADD_NUMBERS_MIRRORED.tool,
      async call(context) {
        if (!broken) broken = context.dropStream(0);
        return ADD_NUMBERS_MIRRORED.call(context);
      },
    };
    const client = await t.launch({ behaviour: 'tools_call', server: { tools: [breaksOnce] } });
    await client.finished();
    const calls = requestsOf(client.messages()).filter((r) => methodOf(r) === 'tools/call');
    const [lost, again] = calls;
    if (!lost) return t.blocked('the client called no tool (behaviour tools_call calls the first tool listed)');
    if (!broken) return t.blocked('the response to tools/call was no SSE stream the harness could break off');
    const name = paramsOf(lost).name;
    const reissued = calls.slice(1).find((r) => paramsOf(r).name === name);
    t.check(
      'reissues-request',
      that(
        reissued !== undefined,
        `after the response stream of its tools/call ${JSON.stringify(name)} broke off, the client sends tools/call ${JSON.stringify(name)} again`,
        reissued ? { reissued: true } : { sentAfter: describeMessages(client.messages().filter((m) => m.frame.seq > lost.frame.seq)) },
        reissued ? [lost.frame.seq, reissued.frame.seq] : [lost.frame.seq],
      ),
    );
    if (!again || !reissued) return t.untestable('reissue-new-id', 'the client did not send the lost request again');
    t.check('reissue-new-id', that(idOf(reissued) !== idOf(lost), `the new request's id differs from ${JSON.stringify(idOf(lost))}, the id of the lost one`, idOf(reissued), [lost.frame.seq, reissued.frame.seq]));
  },
});
