import { capNote, describeStop, ErrorCode, isError, paginate, scenario, that } from '#api';

/** Every paginated list method, with the capability that makes it available. */
const LISTS = [
  { capability: 'tools', method: 'tools/list', key: 'tools' },
  { capability: 'prompts', method: 'prompts/list', key: 'prompts' },
  { capability: 'resources', method: 'resources/list', key: 'resources' },
  { capability: 'resources', method: 'resources/templates/list', key: 'resourceTemplates' },
];

export default scenario({
  title: 'Every declared list ends, and an invalid cursor gets -32602',
  role: 'server',
  session: 'shared',
  checks: {
    'lists-end': 'pagination/server-list-ends',
    'invalid-cursor-32602': 'pagination/server-invalid-cursor-32602',
  },
  async run(t) {
    const connection = await t.ready();
    const lists = LISTS.filter((l) => connection.serverCapabilities[l.capability] !== undefined);
    if (lists.length === 0) return t.skip('the server declares none of tools, prompts and resources');
    const endless: string[] = [];
    const capped: string[] = [];
    const frames: number[] = [];
    for (const list of lists) {
      const pages = await paginate(connection, list.method, list.key);
      frames.push(...pages.frames);
      // A page without a result is the list scenarios' business; here only an endless list counts.
      if (pages.stopped?.kind === 'loop') endless.push(`${list.method}: ${describeStop(pages.stopped)}`);
      const cap = capNote(list.method, pages);
      if (cap) capped.push(cap);
      t.note(`${list.method}: ${pages.items.length} item(s) on ${pages.pages} page(s)`);
    }
    // A list cut by the harness's cap may still end: unless another list loops, the check cannot be judged.
    if (endless.length === 0 && capped.length > 0) t.untestable('lists-end', capped.join('; '));
    else t.check('lists-end', that(endless.length === 0, 'every list reaches a page without nextCursor', endless.length ? endless : undefined, endless.length ? frames : undefined));
    const first = lists[0]!;
    const reply = await connection.request(first.method, { cursor: 'conformance-invalid-cursor' });
    t.check('invalid-cursor-32602', isError(reply, ErrorCode.InvalidParams, `${first.method} with a cursor the server never handed out gets -32602`));
  },
});
