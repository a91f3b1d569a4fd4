import { belongsTo, describeStop, MAX_READ_BYTES, MAX_READS, mediaType, objectsIn, paginate, resourcesToRead, resultOf, scenario, that, type JsonObject } from '#api';

export default scenario({
  title: 'Listed resources can be read, and their contents belong to them',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['resources'] },
  checks: {
    'listed-resources-readable': 'resources/server-reads-listed-resources',
    'contents-carry-requested-uri': 'resources/server-contents-match-requested-uri',
    'contents-text-or-blob': 'resources/server-contents-text-or-blob',
    'contents-mime-type-matches-listing': 'resources/server-contents-mime-type-consistent',
  },
  async run(t) {
    const connection = await t.ready();
    const listed = await paginate(connection, 'resources/list', 'resources');
    if (listed.stopped) t.note(`resources/list: ${describeStop(listed.stopped)}`);
    const picked = resourcesToRead(objectsIn(listed.items));
    if (picked.length === 0) {
      return listed.stopped ? t.blocked(`resources/list: ${describeStop(listed.stopped)}`) : t.skip('the server lists no resource to read');
    }
    t.note(`reading ${picked.length} of ${listed.items.length} listed resource(s) (at most ${MAX_READS}, none declared over ${MAX_READ_BYTES} bytes)`);

    const unread: unknown[] = [];
    const reads: { resource: JsonObject; contents: JsonObject[]; seq: number }[] = [];
    for (const resource of picked) {
      const reply = await connection.request('resources/read', { uri: resource.uri as string });
      const contents = resultOf(reply)?.contents;
      if (reply.kind === 'result' && Array.isArray(contents)) reads.push({ resource, contents: objectsIn(contents), seq: reply.seq });
      else unread.push({ uri: resource.uri, reply: reply.kind === 'error' ? reply.error : reply.kind });
    }
    t.check('listed-resources-readable', that(unread.length === 0, 'resources/read answers every listed resource with its contents', unread));
    if (reads.length === 0) return t.skip('no read returned contents to inspect');
    const frames = reads.map((r) => r.seq);

    const foreign = reads.flatMap(({ resource, contents }) =>
      contents.filter((c) => typeof c.uri !== 'string' || !belongsTo(resource.uri as string, c.uri)).map((c) => ({ requested: resource.uri, got: c.uri })),
    );
    t.check('contents-carry-requested-uri', that(foreign.length === 0, 'every content item carries the URI that was read (or one under it)', foreign, frames));

    const both = reads.flatMap(({ contents }) => contents.filter((c) => 'text' in c && 'blob' in c).map((c) => c.uri));
    t.check('contents-text-or-blob', that(both.length === 0, 'each content item has text or blob, not both', both.length ? { itemsWithBoth: both } : undefined, frames));

    // Only where both sides name a MIME type for the very URI that was listed.
    const pairs = reads.flatMap(({ resource, contents }) =>
      contents
        .filter((c) => c.uri === resource.uri && typeof c.mimeType === 'string' && typeof resource.mimeType === 'string')
        .map((c) => ({ uri: resource.uri, listed: resource.mimeType as string, read: c.mimeType as string })),
    );
    if (pairs.length === 0) return t.notApplicable('contents-mime-type-matches-listing', 'no read gave a MIME type for a URI listed with one');
    const differ = pairs.filter((p) => mediaType(p.listed) !== mediaType(p.read));
    t.check('contents-mime-type-matches-listing', that(differ.length === 0, 'the read names the media type the listing gave', differ.length ? differ : undefined, frames));
  },
});
