import { listTools, paramHeaderProblems, scenario, that } from '#api';

export default scenario({
  title: 'Every x-mcp-header annotation of a listed tool follows the rules',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['tools'] },
  checks: {
    'annotations-valid': 'tools/server-valid-x-mcp-header',
  },
  async run(t) {
    const connection = await t.ready();
    const { tools, frames } = await listTools(t, connection);
    // Annotations anywhere in the schema count: one off the chain of properties is itself a fault.
    const annotating = tools.filter((tool) => JSON.stringify(tool.inputSchema ?? null).includes('"x-mcp-header"'));
    if (annotating.length === 0) return t.skip('no listed tool annotates a parameter with x-mcp-header');
    const broken = annotating.flatMap((tool) => paramHeaderProblems(tool.inputSchema).map((problem) => `${String(tool.name)}: ${problem}`));
    t.check(
      'annotations-valid',
      that(broken.length === 0, `the x-mcp-header annotations of ${annotating.length} tool(s) are header tokens, unique case aside, on string, integer or boolean parameters reached through properties alone`, broken.length ? broken : undefined, broken.length ? frames : undefined),
    );
  },
});
