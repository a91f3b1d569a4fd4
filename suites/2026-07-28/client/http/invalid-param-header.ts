import { ADD_NUMBERS, ADD_NUMBERS_MIRRORED, clientScenario, describeMessages, methodOf, paramsOf, requestsOf, that, type HostedTool } from '#api';

/** Listed first: x-mcp-header on a parameter of type number, which the rules do not allow, so the tool definition is invalid. */
const UNMIRRORABLE: HostedTool = {
  tool: {
    name: 'add_numbers_unmirrorable',
    description: 'Adds two numbers; its x-mcp-header annotation is invalid (a number parameter)',
    inputSchema: { type: 'object', properties: { a: { type: 'number', 'x-mcp-header': 'A' }, b: { type: 'number' } }, required: ['a', 'b'] },
  },
  call: (context) => ADD_NUMBERS.call(context),
};

export default clientScenario({
  title: 'A tool with an invalid x-mcp-header annotation is left out of the tool list',
  role: 'client',
  transports: ['streamable-http'],
  checks: {
    'excludes-invalid-tool': 'streamable-http/client-excludes-invalid-param-header-tools',
  },
  async run(t) {
    // tools_call calls the first tool listed: once the invalid one is left out, that is the valid add_numbers.
    const client = await t.launch({ behaviour: 'tools_call', server: { tools: [UNMIRRORABLE, ADD_NUMBERS_MIRRORED] } });
    await client.finished();
    const calls = requestsOf(client.messages()).filter((r) => methodOf(r) === 'tools/call');
    if (calls.length === 0) return t.untestable('excludes-invalid-tool', 'the client called no tool (behaviour tools_call calls the first tool listed)');
    const invalid = calls.filter((r) => paramsOf(r).name === UNMIRRORABLE.tool.name);
    t.check('excludes-invalid-tool', that(invalid.length === 0, `no tools/call of ${UNMIRRORABLE.tool.name}, whose x-mcp-header sits on a number parameter`, describeMessages(invalid), invalid.map((r) => r.frame.seq)));
  },
});
