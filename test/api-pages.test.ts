/**
 * paginate's caps (runner/api/features.ts) against a scripted connection: a big list is read whole,
 * with one request per page; a list that goes on past the cap is cut and says so (never silently),
 * and capNote names the cap for the checks that need the whole list. Also the cheaper schema verdict
 * of the tool scenarios, and the id of a response known only by its head and tail (oversize frames).
 */
import { describe, expect, it } from 'vitest';
import { capNote, describeStop, MAX_ITEMS, MAX_PAGES, paginate } from '../runner/api/features.js';
import { compileJsonSchema, schemaProblem } from '../runner/api/tools.js';
import type { ScenarioConnection } from '../runner/engine/connection.js';
import type { JsonObject } from '../runner/util/json.js';
import { idOfCutResponse } from '../runner/wire/jsonrpc.js';
import type { Reply } from '../runner/wire/session.js';

/** A connection whose list method answers `pageOf(cursor)`; it counts the requests. */
function scripted(pageOf: (cursor: string | undefined) => JsonObject): { connection: ScenarioConnection; requests: () => number } {
  let seq = 0;
  const connection = {
    request: (_method: string, params?: JsonObject): Promise<Reply> => {
      const result = pageOf(typeof params?.cursor === 'string' ? params.cursor : undefined);
      seq++;
      return Promise.resolve({ kind: 'result', result, message: { jsonrpc: '2.0', id: seq, result }, seq });
    },
  } as unknown as ScenarioConnection;
  return { connection, requests: () => seq };
}

/** A list of `total` items served `size` per page, cursors being the next offset. */
function list(total: number, size: number): (cursor: string | undefined) => JsonObject {
  return (cursor) => {
    const from = cursor === undefined ? 0 : Number(cursor);
    const end = Math.min(total, from + size);
    const items = Array.from({ length: end - from }, (_, i) => ({ name: `tool-${from + i}` }));
    return { tools: items, ...(end < total ? { nextCursor: String(end) } : {}) };
  };
}

describe('paginate', () => {
  it('reads a 10,000-item list whole, with one request per page', async () => {
    const { connection, requests } = scripted(list(10_000, 100));
    const pages = await paginate(connection, 'tools/list', 'tools');
    expect(pages.stopped).toBeUndefined();
    expect(pages.items).toHaveLength(10_000);
    expect(pages.pages).toBe(100);
    expect(requests()).toBe(100);
    expect(capNote('tools/list', pages)).toBeUndefined();
  });

  it('keeps each page\'s result without its items, for the fields beside them (cursor, caching hints)', async () => {
    const { connection } = scripted((cursor) => ({ ...list(3, 2)(cursor), ttlMs: 0, cacheScope: cursor === undefined ? 'public' : 'private' }));
    const pages = await paginate(connection, 'tools/list', 'tools');
    expect(pages.envelopes).toEqual([
      { nextCursor: '2', ttlMs: 0, cacheScope: 'public' },
      { ttlMs: 0, cacheScope: 'private' },
    ]);
  });

  it('stops at MAX_PAGES pages of a list that goes on, and says so in the cap note', async () => {
    const { connection, requests } = scripted(list(1_000_000, 2));
    const pages = await paginate(connection, 'tools/list', 'tools');
    expect(pages.stopped).toEqual({ kind: 'cap', page: MAX_PAGES, items: 2 * MAX_PAGES });
    expect(requests()).toBe(MAX_PAGES);
    const note = capNote('tools/list', pages);
    expect(note).toBe(`tools/list was not read to its end: ${describeStop(pages.stopped!)}`);
    expect(note).toContain(`at most ${MAX_PAGES} pages and 20,000 items`);
  });

  it('stops at MAX_ITEMS items, also when one page alone holds more (its surplus is not dropped silently)', async () => {
    const many = await paginate(scripted(list(100_000, 1_000)).connection, 'tools/list', 'tools');
    expect(many.stopped).toEqual({ kind: 'cap', page: MAX_ITEMS / 1_000, items: MAX_ITEMS });
    const onePage = await paginate(scripted(list(MAX_ITEMS + 5, MAX_ITEMS + 5)).connection, 'tools/list', 'tools');
    expect(onePage.items).toHaveLength(MAX_ITEMS);
    expect(onePage.stopped).toEqual({ kind: 'cap', page: 1, items: MAX_ITEMS });
    expect(capNote('tools/list', onePage)).toContain('goes on after 20000 item(s) on 1 page(s)');
  });

  it('a looping list is a finding, not the cap: capNote leaves it to the check', async () => {
    const pages = await paginate(scripted(() => ({ tools: [{ name: 'a' }], nextCursor: 'same' })).connection, 'tools/list', 'tools');
    expect(pages.stopped).toMatchObject({ kind: 'loop', page: 2 });
    expect(capNote('tools/list', pages)).toBeUndefined();
  });
});

describe('schemaProblem', () => {
  const schemas: unknown[] = [
    { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
    { type: 'object', properties: { q: { type: 'strin' } } },
    { type: 'object', properties: { q: { type: 'string', pattern: '(' } } },
    { type: 'object', properties: { q: { $ref: '#/$defs/missing' } } },
    { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { n: { type: 'integer', minimum: 'x' } } },
    { $id: 'https://example.com/same.json', type: 'object' },
    { $id: 'https://example.com/same.json', type: 'object' },
    'not a schema',
  ];

  it('gives compileJsonSchema verdict, in its words, for valid and broken schemas alike', () => {
    const verdicts = schemas.map((schema) => {
      const compiled = compileJsonSchema(schema);
      return compiled.ok ? undefined : compiled.error;
    });
    expect(schemas.map(schemaProblem)).toEqual(verdicts);
    expect(verdicts.map((v) => v === undefined)).toEqual([true, false, false, false, false, true, true, false]);
  });
});

describe('idOfCutResponse', () => {
  it('reads a top-level id from the head, or from the very end when the result came first', () => {
    expect(idOfCutResponse('{"jsonrpc":"2.0","id":7,"result":{"contents":[{"text":"xxxx', 'xxxx"}]}}')).toBe(7);
    expect(idOfCutResponse('{"jsonrpc":"2.0","result":{"id":"inner","text":"xx', 'xxx"},"id":"req-1"}\n')).toBe('req-1');
    expect(idOfCutResponse('{"result":{"text":"xx', 'x"},"jsonrpc":"2.0","id":12}')).toBe(12);
    expect(idOfCutResponse('{"result":{"items":[{"id":3,"t":"xx', 'xx"}]}}')).toBeUndefined();
  });
});
