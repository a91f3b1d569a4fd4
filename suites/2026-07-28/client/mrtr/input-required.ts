import { ADD_NUMBERS, clientScenario, describeMessages, isJsonObject, methodOf, paramsOf, requestMetaOf, requestsOf, that, type HostedTool, type Received } from '#api';

/** The harness's requestState: opaque to the client, with characters a client could mangle by decoding or escaping it. */
const STATE = 'mcp-conformance/state:c3VtIGZvcm0=+/?&';
const TOOL = 'add_numbers_confirmed';

/** The first tool listed (tools_call calls it with a 2 and b 3): it asks the user to confirm (a form elicitation) before it adds. */
const CONFIRMED_SUM: HostedTool = {
  tool: { name: TOOL, description: 'Adds two numbers once the user confirms', inputSchema: ADD_NUMBERS.tool.inputSchema },
  async call(context) {
    // Input the client did not declare it can give is never asked for.
    if (context.inputResponses !== undefined || !isJsonObject(context.clientCapabilities.elicitation)) return ADD_NUMBERS.call(context);
    const requestedSchema = { type: 'object' as const, properties: { confirm: { type: 'boolean' as const, default: true } }, required: ['confirm'] };
    return { resultType: 'input_required', inputRequests: { confirm: { method: 'elicitation/create', params: { mode: 'form', message: 'Add these two numbers?', requestedSchema } } }, requestState: STATE };
  },
};

const idOf = (r: Received): unknown => (r.classified?.kind === 'request' ? r.classified.message.id : undefined);

export default clientScenario({
  title: 'An input_required result is answered by a retry with the input and the state',
  role: 'client',
  requires: { capabilities: ['elicitation'] },
  checks: {
    'answers-input-requests': 'mrtr/client-fulfils-input-requests',
    'echoes-request-state': 'mrtr/client-echoes-request-state',
    'retry-new-id': 'mrtr/client-retry-new-id',
  },
  async run(t) {
    const client = await t.launch({ behaviour: 'tools_call', server: { tools: [CONFIRMED_SUM] } });
    await client.finished();
    const calls = requestsOf(client.messages()).filter((r) => methodOf(r) === 'tools/call' && paramsOf(r).name === TOOL);
    const [first, retry] = calls;
    if (!first) return t.blocked(`the client did not call ${TOOL} (behaviour tools_call calls the first tool listed)`);
    if (!isJsonObject(requestMetaOf(paramsOf(first)).clientCapabilities?.elicitation)) return t.skip('the tools/call did not declare elicitation in its _meta, so no input was asked');
    if (!retry) return t.blocked(`the client did not send tools/call again after the input_required result (it sent ${JSON.stringify(describeMessages(client.messages().slice(-3)))})`);

    const params = paramsOf(retry);
    const responses = params.inputResponses;
    const answer = isJsonObject(responses) ? responses.confirm : undefined;
    t.check('answers-input-requests', that(isJsonObject(answer) && typeof answer.action === 'string', 'the retry carries inputResponses.confirm, an elicitation result (with an action)', responses ?? null, [retry.frame.seq]));
    t.check('echoes-request-state', that(params.requestState === STATE, `the retry carries requestState ${JSON.stringify(STATE)}, as the harness gave it`, params.requestState ?? null, [retry.frame.seq]));
    t.check('retry-new-id', that(idOf(retry) !== idOf(first), `the retry's id differs from ${JSON.stringify(idOf(first))}, the id of the call answered input_required`, idOf(retry), [first.frame.seq, retry.frame.seq]));
  },
});
