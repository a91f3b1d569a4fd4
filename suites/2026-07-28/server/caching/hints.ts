import { isJsonObject, objectsIn, paginate, resultOf, scenario, that, type JsonObject } from '#api';

/** The list operations whose answers are cacheable, the capability that offers each, and the array each page holds. */
const LISTS = [
  { method: 'tools/list', capability: 'tools', key: 'tools' },
  { method: 'prompts/list', capability: 'prompts', key: 'prompts' },
  { method: 'resources/list', capability: 'resources', key: 'resources' },
  { method: 'resources/templates/list', capability: 'resources', key: 'resourceTemplates' },
] as const;

/** One cacheable result the server sent: what answered it, the result's fields, its frame. */
interface Sample {
  what: string;
  result: JsonObject;
  seq: number;
}

export default scenario({
  title: 'Cacheable results carry ttlMs and cacheScope, one scope per paginated list',
  role: 'server',
  session: 'shared',
  checks: {
    'hints-present': 'caching/server-cache-hints',
    'ttl-non-negative-integer': 'caching/server-ttl-non-negative',
    'scope-public-or-private': 'caching/server-cache-scope-value',
    'scope-same-across-pages': 'caching/server-same-scope-across-pages',
  },
  async run(t) {
    const connection = await t.ready();
    const samples: Sample[] = [];
    /** Lists that came in more than one page: their pages' scopes, in order. */
    const paged: { method: string; scopes: unknown[]; frames: number[] }[] = [];

    const discover = await connection.request('server/discover');
    const discovered = resultOf(discover);
    if (discovered && discover.kind === 'result') samples.push({ what: 'server/discover', result: discovered, seq: discover.seq });

    let firstUri: unknown;
    for (const list of LISTS) {
      if (!isJsonObject(t.target.capabilities[list.capability])) continue;
      const pages = await paginate(connection, list.method, list.key);
      pages.envelopes.forEach((result, i) => samples.push({ what: `${list.method} page ${i + 1}`, result, seq: pages.frames[i]! }));
      if (pages.envelopes.length > 1) paged.push({ method: list.method, scopes: pages.envelopes.map((e) => e.cacheScope), frames: pages.frames });
      if (list.method === 'resources/list') firstUri = objectsIn(pages.items)[0]?.uri;
    }
    if (typeof firstUri === 'string') {
      const read = await connection.request('resources/read', { uri: firstUri });
      const contents = resultOf(read);
      if (contents && read.kind === 'result') samples.push({ what: `resources/read of ${firstUri}`, result: contents, seq: read.seq });
    }

    // An interim result (input_required) carries no hints; only complete ones are judged.
    const complete = samples.filter((s) => s.result.resultType !== 'input_required');
    if (complete.length === 0) return t.blocked('no cacheable request got a complete result (server/discover included)');
    const frames = (bad: Sample[]) => (bad.length ? bad.map((s) => s.seq) : undefined);
    const described = (bad: Sample[], field: string) => (bad.length ? bad.map((s) => `${s.what}: ${field} ${JSON.stringify(s.result[field]) ?? 'absent'}`) : undefined);

    const bare = complete.filter((s) => !('ttlMs' in s.result) || !('cacheScope' in s.result));
    t.check('hints-present', that(bare.length === 0, `each of ${complete.length} complete cacheable results (${complete.map((s) => s.what).join(', ')}) carries ttlMs and cacheScope`, bare.length ? bare.map((s) => `${s.what}: ${'ttlMs' in s.result ? '' : 'no ttlMs '}${'cacheScope' in s.result ? '' : 'no cacheScope'}`.trim()) : undefined, frames(bare)));

    const timed = complete.filter((s) => 'ttlMs' in s.result);
    if (timed.length === 0) t.notApplicable('ttl-non-negative-integer', 'no result carried ttlMs');
    else {
      const bad = timed.filter((s) => !Number.isInteger(s.result.ttlMs) || (s.result.ttlMs as number) < 0);
      t.check('ttl-non-negative-integer', that(bad.length === 0, `each of ${timed.length} ttlMs values is a whole number of milliseconds, 0 or more`, described(bad, 'ttlMs'), frames(bad)));
    }

    const scoped = complete.filter((s) => 'cacheScope' in s.result);
    if (scoped.length === 0) t.notApplicable('scope-public-or-private', 'no result carried cacheScope');
    else {
      const bad = scoped.filter((s) => s.result.cacheScope !== 'public' && s.result.cacheScope !== 'private');
      t.check('scope-public-or-private', that(bad.length === 0, `each of ${scoped.length} cacheScope values is "public" or "private"`, described(bad, 'cacheScope'), frames(bad)));
    }

    if (paged.length === 0) return t.notApplicable('scope-same-across-pages', 'no list the server offers came in more than one page');
    const mixed = paged.filter((p) => p.scopes.some((scope) => scope !== p.scopes[0]));
    t.check(
      'scope-same-across-pages',
      that(mixed.length === 0, `each page of ${paged.map((p) => p.method).join(', ')} names the cacheScope of its first page`, mixed.length ? mixed.map((p) => `${p.method}: ${p.scopes.map((s) => JSON.stringify(s) ?? 'absent').join(', ')}`) : undefined, mixed.flatMap((p) => p.frames)),
    );
  },
});
