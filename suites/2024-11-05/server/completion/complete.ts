import { definesCapability, isJsonObject, objectsIn, paginate, resultOf, scenario, templateVariables, that, type JsonObject } from '#api';

export default scenario({
  title: 'Completion results stay within 100 values and count them coherently',
  role: 'server',
  session: 'shared',
  checks: {
    'values-at-most-100': 'completion/server-at-most-100-values',
    'total-covers-values': 'completion/server-total-not-below-values',
    'has-more-matches-total': 'completion/server-has-more-consistent',
  },
  async run(t) {
    const connection = await t.ready();
    const declares = (name: string) => connection.serverCapabilities[name] !== undefined;
    // Before 2025-03-26 no capability announces completion: a server that answers it is checked too.
    if (!declares('completions') && definesCapability(t.schema, 'completions')) return t.skip('the server does not declare completions');
    // Up to two prompt arguments and two template variables, completed from an empty value (every match).
    const requests: JsonObject[] = [];
    if (declares('prompts')) {
      for (const prompt of objectsIn((await paginate(connection, 'prompts/list', 'prompts')).items)) {
        for (const argument of Array.isArray(prompt.arguments) ? objectsIn(prompt.arguments) : []) {
          if (typeof argument.name !== 'string' || typeof prompt.name !== 'string' || requests.length >= 2) continue;
          requests.push({ ref: { type: 'ref/prompt', name: prompt.name }, argument: { name: argument.name, value: '' } });
        }
      }
    }
    if (declares('resources')) {
      const templates = objectsIn((await paginate(connection, 'resources/templates/list', 'resourceTemplates')).items);
      for (const template of templates.filter((r) => typeof r.uriTemplate === 'string').slice(0, 2)) {
        const [variable] = templateVariables(template.uriTemplate as string);
        if (variable) requests.push({ ref: { type: 'ref/resource', uri: template.uriTemplate as string }, argument: { name: variable, value: '' } });
      }
    }
    if (requests.length === 0) return t.skip('the server lists no prompt argument or resource template variable to complete');

    const completions: { completion: JsonObject; seq: number }[] = [];
    for (const params of requests) {
      const reply = await connection.request('completion/complete', params);
      const completion = resultOf(reply)?.completion;
      if (reply.kind === 'result' && isJsonObject(completion) && Array.isArray(completion.values)) {
        completions.push({ completion, seq: reply.seq });
      } else t.note(`completion/complete ${JSON.stringify(params.ref)}: no completion (${reply.kind})`);
      if (!declares('completions') && reply.kind !== 'result') break;
    }
    if (completions.length === 0) {
      return t.skip(declares('completions') ? 'no completion/complete request was answered with values' : 'the server neither declares completions nor answers completion/complete');
    }
    const frames = completions.map((c) => c.seq);
    const counts = completions.map(({ completion }) => ({ values: (completion.values as unknown[]).length, total: completion.total, hasMore: completion.hasMore }));

    t.check('values-at-most-100', that(counts.every((c) => c.values <= 100), 'at most 100 values per completion result', counts, frames));

    const totals = counts.filter((c) => typeof c.total === 'number');
    if (totals.length === 0) return t.skip('no completion result gives a total');
    t.check('total-covers-values', that(totals.every((c) => (c.total as number) >= c.values), 'total is at least the number of values sent', totals, frames));

    const both = totals.filter((c) => typeof c.hasMore === 'boolean');
    if (both.length === 0) return t.notApplicable('has-more-matches-total', 'no completion result gives both total and hasMore');
    t.check('has-more-matches-total', that(both.every((c) => c.hasMore === (c.total as number) > c.values), 'hasMore is true exactly when total exceeds the values sent', both, frames));
  },
});
