import { listTools, scenario, that, uncompilableSchemas } from '#api';

export default scenario({
  title: 'Every tool inputSchema is a valid JSON Schema object',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['tools'] },
  checks: {
    'input-schemas-valid': 'tools/server-input-schema-valid',
  },
  async run(t) {
    const connection = await t.ready();
    const { tools, frames } = await listTools(t, connection);
    if (tools.length === 0) return t.skip('the server lists no tools');
    // 2020-12 unless the schema's $schema names another dialect.
    const broken = uncompilableSchemas(tools, 'inputSchema');
    t.check('input-schemas-valid', that(broken.length === 0, `each of the ${tools.length} tools has an inputSchema that is a valid JSON Schema`, broken.length ? broken : undefined, broken.length ? frames : undefined));
  },
});
