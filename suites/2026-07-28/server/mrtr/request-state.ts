import { answersFor, describeReply, fixtureGate, inputRequiredOf, retry, scenario, tampered, that, type JsonObject, type Reply } from '#api';

const TAMPERED = 'test_input_required_result_tampered_state';
const OTHER = 'test_input_required_result_request_state';
const CAPABILITIES: JsonObject = { elicitation: { form: {} } };

/** A retry that the server served to completion: what a refused state must not get. */
const completed = (reply: Reply): boolean => reply.kind === 'result' && (reply.result.resultType ?? 'complete') === 'complete';

// Deep checks: need the fixture tools test_input_required_result_tampered_state and _request_state,
// whose confirmation completes only with a requestState the server verified.
export default scenario({
  title: 'An altered requestState, or one issued for another request, is refused',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'state-round-trip': 'mrtr/server-completes-retry',
    'tampered-state-refused': 'mrtr/server-verifies-request-state',
    'foreign-state-refused': 'mrtr/server-binds-state-to-request',
  },
  async run(t) {
    const gate = await fixtureGate(t, { capabilities: CAPABILITIES });
    const connection = gate.connection;
    const missing = gate.toolMissing(TAMPERED);
    if (missing !== undefined) return t.skip(missing);
    const params = { name: TAMPERED, arguments: {} };
    const ask = async (p: JsonObject) => {
      const first = await connection.request('tools/call', p);
      return { first, asked: inputRequiredOf(first) };
    };
    const { first, asked } = await ask(params);
    if (asked?.requestState === undefined) return t.blocked(`${TAMPERED} gave no InputRequiredResult with a requestState: ${JSON.stringify(describeReply(first))}`);
    const answers = await answersFor(asked, CAPABILITIES);

    const altered = tampered(asked.requestState);
    const refused = await retry(connection, 'tools/call', params, answers, altered);
    t.check('tampered-state-refused', that(!completed(refused), 'no complete result for a retry whose requestState was altered (an error, or the question asked again)', { requestState: altered, got: describeReply(refused) }));

    // The state of another tool's pending request, presented with this tool's answers.
    const other = gate.toolMissing(OTHER) === undefined ? (await ask({ name: OTHER, arguments: {} })).asked : undefined;
    if (other?.requestState === undefined) t.notApplicable('foreign-state-refused', `${OTHER} is not exposed or gave no requestState`);
    else {
      const foreign = await retry(connection, 'tools/call', params, answers, other.requestState);
      t.check('foreign-state-refused', that(!completed(foreign), `no complete result for ${TAMPERED} retried with the requestState ${OTHER} was given`, describeReply(foreign)));
    }

    const honest = await retry(connection, 'tools/call', params, answers, asked.requestState);
    t.check('state-round-trip', that(completed(honest), 'a complete result for the retry with the requestState as given', describeReply(honest)));
  },
});
