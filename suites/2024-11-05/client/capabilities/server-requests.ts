import { ADD_NUMBERS, clientScenario, describeReply, ErrorCode, isEmptyResult, isJsonObject, isResult, resultOf, that, type HostedTool, type Reply } from '#api';

interface Answers {
  ping?: Reply;
  roots?: Reply;
  sampling?: Reply;
}

const SAMPLING_REQUEST = { messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }], maxTokens: 50 };

/**
 * add_numbers, which asks the client something before it answers: a ping, and the roots when the
 * client declared them, and a sampled message when it declared sampling. What the client answered is kept for the checks.
 */
function askingTool(answers: Answers): HostedTool {
  return {
    tool: ADD_NUMBERS.tool,
    async call(context) {
      answers.ping = await context.request('ping');
      if (context.clientCapabilities.roots !== undefined) answers.roots = await context.request('roots/list');
      // Judged by the schema, as every frame of the client is (frames-schema-valid).
      if (context.clientCapabilities.sampling !== undefined) answers.sampling = await context.request('sampling/createMessage', SAMPLING_REQUEST);
      return ADD_NUMBERS.call(context);
    },
  };
}

export default clientScenario({
  title: 'The client answers the requests a server sends it during a tool call',
  role: 'client',
  until: '2026-07-28',
  checks: {
    'ping-answered-empty': 'ping/receiver-responds-promptly',
    'roots-answered': 'roots/client-answers-roots-list',
    'roots-file-uris': 'roots/client-file-uris',
    'sampling-answered': 'sampling/client-answers-sampling',
  },
  async run(t) {
    const answers: Answers = {};
    const client = await t.launch({ behaviour: 'tools_call', server: { tools: [askingTool(answers)] } });
    await client.finished();
    if (!answers.ping) return t.blocked('the client never called add_numbers, so the harness had no request of its own in progress to ask from (behaviour tools_call)');

    t.check('ping-answered-empty', isEmptyResult(answers.ping, 'ping answered with an empty result'));
    // A client may refuse a sampling request (the user said no) with an error; claiming not to know the method it declared is no answer.
    if (!answers.sampling) t.notApplicable('sampling-answered', 'the client did not declare the sampling capability');
    else t.check('sampling-answered', that(!(answers.sampling.kind === 'error' && answers.sampling.error.code === ErrorCode.MethodNotFound) && (answers.sampling.kind === 'result' || answers.sampling.kind === 'error'), 'sampling/createMessage, under the sampling capability the client declared, answered with a result or an error other than method not found', describeReply(answers.sampling)));
    if (!answers.roots) return t.skip('the client did not declare the roots capability');
    t.check('roots-answered', isResult(answers.roots, 'roots/list, under the roots capability the client declared, answered with a result'));
    const roots = resultOf(answers.roots)?.roots;
    if (!Array.isArray(roots)) return t.untestable('roots-file-uris', 'roots/list got no list of roots');
    const bad = roots.filter((r) => !isJsonObject(r) || typeof r.uri !== 'string' || !r.uri.startsWith('file://'));
    t.check('roots-file-uris', that(bad.length === 0, 'every root has a file:// URI', bad));
  },
});
