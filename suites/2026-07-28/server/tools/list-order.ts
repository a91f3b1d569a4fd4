import { listTools, scenario, that } from '#api';

export default scenario({
  title: 'Tools come in the same order when tools/list is asked twice',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['tools'] },
  checks: {
    'list-order-stable': 'tools/server-deterministic-order',
  },
  async run(t) {
    const connection = await t.ready();
    const first = await listTools(t, connection);
    // Nothing between the two walks changes the set of tools: the same set must come in the same order.
    const second = await listTools(t, connection);
    const names = (tools: readonly { name?: unknown }[]) => tools.map((tool) => String(tool.name));
    const [a, b] = [names(first.tools), names(second.tools)];
    if (a.length < 2) return t.skip(`the server lists ${a.length} tool(s): no order to compare`);
    if ([...a].sort().join('\n') !== [...b].sort().join('\n')) return t.blocked('the two lists hold different tools, so their order cannot be compared (the set changed between them)');
    const same = a.every((name, i) => name === b[i]);
    t.check('list-order-stable', that(same, `the ${a.length} tools in one order both times`, same ? undefined : { first: a, second: b }, [...first.frames, ...second.frames]));
  },
});
