import { answersFor, describeReply, fixtureGate, inputRequiredOf, retry, scenario, that, type JsonObject } from '#api';

/** The official MRTR fixtures that ask for one kind of input, and the request each asks with. */
const FIXTURES = [
  { tool: 'test_input_required_result_elicitation', method: 'elicitation/create' },
  { tool: 'test_input_required_result_sampling', method: 'sampling/createMessage' },
  { tool: 'test_input_required_result_list_roots', method: 'roots/list' },
] as const;
const INPUT_METHODS: readonly string[] = ['elicitation/create', 'sampling/createMessage', 'roots/list'];
/** The harness declares every client capability an input request can need. */
const CAPABILITIES: JsonObject = { elicitation: { form: {} }, sampling: {}, roots: {} };

// Deep checks: need the fixture tools test_input_required_result_{elicitation,sampling,list_roots}.
export default scenario({
  title: 'A tool that needs input asks in its result, and the answered retry completes',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'asks-in-result': 'mrtr/server-asks-in-result',
    'input-requests-valid': 'mrtr/server-input-requests-valid',
    'retry-completes': 'mrtr/server-completes-retry',
    'missing-answer-asks-again': 'mrtr/server-asks-again-for-missing',
  },
  async run(t) {
    const gate = await fixtureGate(t, { capabilities: CAPABILITIES });
    const connection = gate.connection;
    const present = FIXTURES.filter((f) => gate.toolMissing(f.tool) === undefined);
    if (present.length === 0) return t.skip(gate.toolMissing(FIXTURES[0].tool)!);
    const notAsking: unknown[] = [];
    const invalid: unknown[] = [];
    const incomplete: unknown[] = [];
    const notAskedAgain: unknown[] = [];
    let retried = 0;
    let reasked = 0;
    for (const { tool, method } of present) {
      const params = { name: tool, arguments: {} };
      const first = await connection.request('tools/call', params);
      const asked = inputRequiredOf(first);
      if (!asked || !Object.values(asked.requests).some((r) => r.method === method)) {
        notAsking.push({ tool, expected: method, got: describeReply(first) });
        continue;
      }
      const wrong = [...asked.malformed, ...Object.entries(asked.requests).filter(([, r]) => !INPUT_METHODS.includes(r.method)).map(([key, r]) => `${key}: ${r.method}`)];
      if (wrong.length > 0) invalid.push({ tool, inputRequests: wrong });

      // The retry without the answers: the server still needs them, so it asks again.
      if (asked.requestState !== undefined) {
        reasked++;
        const bare = await retry(connection, 'tools/call', params, undefined, asked.requestState);
        if (!inputRequiredOf(bare)) notAskedAgain.push({ tool, got: describeReply(bare) });
      }
      retried++;
      const answers = await answersFor(asked, CAPABILITIES);
      const done = await retry(connection, 'tools/call', params, answers, asked.requestState);
      if (!(done.kind === 'result' && (done.result.resultType ?? 'complete') === 'complete')) incomplete.push({ tool, inputResponses: answers, got: describeReply(done) });
    }
    const names = present.map((f) => f.tool).join(', ');
    t.check('asks-in-result', that(notAsking.length === 0, `an InputRequiredResult asking with the fixture's request, from ${names}`, notAsking));
    if (retried === 0) {
      for (const id of ['input-requests-valid', 'retry-completes', 'missing-answer-asks-again'] as const) t.untestable(id, 'no fixture asked for input in its result');
      return;
    }
    t.check('input-requests-valid', that(invalid.length === 0, 'every input request an elicitation/create, sampling/createMessage or roots/list request', invalid));
    t.check('retry-completes', that(incomplete.length === 0, 'a complete result for the retry carrying the answers and the requestState', incomplete));
    if (reasked === 0) t.notApplicable('missing-answer-asks-again', 'no fixture gave a requestState to retry with');
    else t.check('missing-answer-asks-again', that(notAskedAgain.length === 0, 'a new InputRequiredResult for a retry without the answers', notAskedAgain));
  },
});
