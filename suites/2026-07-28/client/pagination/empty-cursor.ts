import { clientScenario, describeMessages, methodOf, paramsOf, requestsOf, that } from '#api';

export default clientScenario({
  title: 'An empty-string nextCursor is followed as a cursor, not taken as the end',
  role: 'client',
  checks: {
    'follows-empty-cursor': 'pagination/client-empty-cursor-not-end',
  },
  async run(t) {
    // The first tools/list page has no tool and nextCursor ""; the tools come on the page asked for with it.
    const client = await t.launch({ behaviour: 'tools_call', server: { emptyFirstToolsPage: { nextCursor: '' } } });
    await client.finished();
    const lists = requestsOf(client.messages()).filter((r) => methodOf(r) === 'tools/list');
    if (lists.length === 0) return t.untestable('follows-empty-cursor', 'the client sent no tools/list (behaviour tools_call lists the tools)');
    const followed = lists.find((r) => paramsOf(r).cursor === '');
    t.check('follows-empty-cursor', that(followed !== undefined, 'after a tools/list page with nextCursor "", the client asks tools/list with cursor ""', describeMessages(lists), lists.map((r) => r.frame.seq)));
  },
});
