import { listTools, scenario, that, uncompilableSchemas } from '#api';

export default scenario({
  title: 'Every tool outputSchema compiles as a JSON Schema',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['tools'] },
  checks: {
    'output-schemas-compile': 'tools/server-output-schema-is-json-schema',
  },
  async run(t) {
    const connection = await t.ready();
    const { tools, frames } = await listTools(t, connection);
    const declaring = tools.filter((tool) => tool.outputSchema !== undefined);
    if (declaring.length === 0) return t.skip('no listed tool declares an outputSchema');
    const broken = uncompilableSchemas(declaring, 'outputSchema');
    t.check('output-schemas-compile', that(broken.length === 0, `each of the ${declaring.length} outputSchemas compiles as a JSON Schema`, broken.length ? broken : undefined, broken.length ? frames : undefined));
  },
});
