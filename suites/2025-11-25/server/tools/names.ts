import { badToolName, listTools, scenario, that } from '#api';

export default scenario({
  title: 'Tool names are 1 to 128 letters, digits, underscores, hyphens or dots',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['tools'] },
  checks: {
    'name-format': 'tools/server-tool-name-format',
  },
  async run(t) {
    const connection = await t.ready();
    const { tools, frames } = await listTools(t, connection);
    if (tools.length === 0) return t.skip('the server lists no tools');
    const bad = tools.flatMap((tool) => {
      const problem = badToolName(tool.name);
      return problem ? [`${JSON.stringify(tool.name)}: ${problem}`] : [];
    });
    t.check('name-format', that(bad.length === 0, 'every tool name is 1 to 128 of A-Z a-z 0-9 _ - .', bad.length ? bad : undefined, bad.length ? frames : undefined));
  },
});
