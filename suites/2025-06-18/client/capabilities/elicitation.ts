import { ADD_NUMBERS, clientScenario, compileJsonSchema, isJsonObject, isResult, resultOf, that, type HostedTool, type Reply } from '#api';

/** A form with a field of each kind the revision allows, every one required. */
const REQUESTED_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'Your name' },
    age: { type: 'integer', minimum: 0, description: 'Your age' },
    subscribe: { type: 'boolean', description: 'Subscribe to the newsletter', default: false },
    colour: { type: 'string', enum: ['red', 'green', 'blue'], description: 'Favourite colour' },
  },
  required: ['name', 'age', 'subscribe', 'colour'],
};

/** add_numbers, which first asks the client to fill in a form. */
function askingTool(answer: { reply?: Reply }): HostedTool {
  return {
    tool: ADD_NUMBERS.tool,
    async call(context) {
      answer.reply = await context.request('elicitation/create', { message: 'A few details, please', requestedSchema: REQUESTED_SCHEMA });
      return ADD_NUMBERS.call(context);
    },
  };
}

export default clientScenario({
  title: 'A client that declared elicitation answers a form with content that fits it',
  role: 'client',
  until: '2026-07-28',
  requires: { capabilities: ['elicitation'] },
  checks: {
    'elicitation-answered': 'elicitation/client-answers-elicitation',
    'content-matches-schema': 'elicitation/client-content-matches-schema',
  },
  async run(t) {
    const answer: { reply?: Reply } = {};
    const client = await t.launch({ behaviour: 'tools_call', server: { tools: [askingTool(answer)] } });
    await client.finished();
    if (!answer.reply) return t.blocked('the client never called add_numbers (behaviour tools_call), so the harness had no request in progress to ask from');
    if (!t.check('elicitation-answered', isResult(answer.reply, 'elicitation/create answered with a result'))) return t.blocked('no elicitation result');
    const result = resultOf(answer.reply) ?? {};
    if (result.action !== 'accept') return t.notApplicable('content-matches-schema', `the client answered ${JSON.stringify(result.action)}, not accept: there is no content to judge`);
    const compiled = compileJsonSchema(REQUESTED_SCHEMA);
    if (!compiled.ok) throw new Error(`harness bug: the requested schema does not compile: ${compiled.error}`);
    const problems = isJsonObject(result.content) ? compiled.validate(result.content) : ['content is not an object'];
    t.check('content-matches-schema', that(problems.length === 0, 'the accepted content is valid against the requestedSchema', { content: result.content, problems }));
  },
});
