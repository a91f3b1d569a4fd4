import { listTools, scenario, that, uncompilableSchemas } from '#api';

export default scenario({
  title: 'Every tool inputSchema compiles as a JSON Schema',
  role: 'server',
  session: 'shared',
  // 2025-11-25 makes it a MUST (2025-11-25/server/tools/input-schema).
  until: '2025-11-25',
  requires: { capabilities: ['tools'] },
  checks: {
    'input-schemas-compile': 'tools/server-input-schema-is-json-schema',
  },
  async run(t) {
    const connection = await t.ready();
    const { tools, frames } = await listTools(t, connection);
    if (tools.length === 0) return t.skip('the server lists no tools');
    const broken = uncompilableSchemas(tools, 'inputSchema');
    t.check('input-schemas-compile', that(broken.length === 0, `each of the ${tools.length} tools has an inputSchema that compiles as a JSON Schema`, broken.length ? broken : undefined, broken.length ? frames : undefined));
  },
});
