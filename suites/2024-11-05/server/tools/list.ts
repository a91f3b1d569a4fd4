import { duplicateNames, listTools, scenario, that } from '#api';

export default scenario({
  title: 'Tools are tools under unique names, and an unknown tool is an error',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['tools'] },
  checks: {
    'names-unique': 'tools/server-tool-names-unique',
    'unknown-tool-error': 'tools/server-unknown-tool-protocol-error',
  },
  async run(t) {
    const connection = await t.ready();
    const { tools, frames } = await listTools(t, connection);
    const duplicates = duplicateNames(tools);
    t.check('names-unique', that(Object.keys(duplicates).length === 0, 'every listed tool has a name no other listed tool has', Object.keys(duplicates).length ? { duplicates } : undefined, frames));

    const names = new Set(tools.map((tool) => tool.name));
    let unknown = 'conformance_no_such_tool';
    while (names.has(unknown)) unknown += '_';
    const reply = await connection.request('tools/call', { name: unknown, arguments: {} });
    const answered = that(
      reply.kind === 'error',
      `tools/call for "${unknown}", a tool the server does not list, gets a JSON-RPC error`,
      reply.kind === 'error' ? undefined : reply.kind === 'result' ? reply.result : reply.kind,
      'seq' in reply && reply.seq !== undefined ? [reply.seq] : undefined,
    );
    const asToolError = reply.kind === 'result' && reply.result.isError === true;
    const why = 'answered with a tool result (isError: true), but the tools page lists unknown tools among the protocol errors, which are JSON-RPC errors';
    t.check('unknown-tool-error', asToolError ? { ...answered, message: why } : answered);
  },
});
