/**
 * Helpers for the server-feature suites: following a paginated list to its end, and turning schema
 * issues into an assertion. Plain functions over a connection; self-tested in test/api.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { ScenarioConnection } from '../engine/connection.js';
import type { Assertion } from '../engine/scenario.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import { formatIssue } from '../validation/issues.js';
import type { SchemaIssue } from '../validation/types.js';
import type { Reply } from '../wire/session.js';

/**
 * Pages followed at most: a server that hands out cursors forever is reported, never followed forever.
 * 200 pages read a 10,000-item list whole at 50 items per page (SDKs default to 50 to 100).
 */
export const MAX_PAGES = 200;
/**
 * Items kept at most, over all pages: twice the largest lists seen in the wild, and a bound on what
 * the harness holds (10,000 listed tools with their schemas are some tens of MB at most).
 */
export const MAX_ITEMS = 20_000;

/** Why following a list stopped before a page without `nextCursor`. */
export type PagesStop =
  /** A page request got no result (an error, a timeout, ...): `reply` says which. */
  | { kind: 'no-result'; page: number; reply: Reply }
  /** A page's result lacks the array it lists, or `nextCursor` is not a string. */
  | { kind: 'bad-page'; page: number; detail: string; reply: Reply }
  /** A cursor came back that was already followed: the list would never end. */
  | { kind: 'loop'; page: number; cursor: string }
  /**
   * MAX_PAGES pages, or MAX_ITEMS items, and the list went on (a `nextCursor`, or more items on the
   * page than were kept): the harness stopped, the list may be fine. A check that needs the whole
   * list is then untestable (see `capNote`), never passed or failed on a part of it.
   */
  | { kind: 'cap'; page: number; items: number };

/** A list method followed through its pages. */
export interface Pages {
  /** Every item of every page received, in order (at most MAX_ITEMS). */
  items: unknown[];
  /** Page requests answered with a result. */
  pages: number;
  /** Transcript sequence numbers of the page results. */
  frames: number[];
  /** The cursors handed out, in order. */
  cursors: string[];
  /** Each page's result without its items (nextCursor, caching hints, `_meta`, ...), in order. */
  envelopes: JsonObject[];
  /** Absent when the last page (no `nextCursor`) arrived. */
  stopped?: PagesStop;
}

/**
 * Follows `method` (e.g. `tools/list`) through every page, collecting `result[key]`. Cursors are
 * passed back untouched (they are opaque); a repeated cursor or too many pages ends the walk with
 * `stopped` saying why, so a looping server is a finding, never a hang.
 */
export async function paginate(connection: ScenarioConnection, method: string, key: string, params: JsonObject = {}): Promise<Pages> {
  const pages: Pages = { items: [], pages: 0, frames: [], cursors: [], envelopes: [] };
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = pages.pages + 1;
    const reply = await connection.request(method, cursor === undefined ? params : { ...params, cursor });
    if (reply.kind !== 'result') return { ...pages, stopped: { kind: 'no-result', page, reply } };
    pages.pages = page;
    pages.frames.push(reply.seq);
    // The wire may carry `"result": null`; the schema check reports it, the walk must not throw.
    const result: unknown = reply.result;
    if (!isJsonObject(result)) return { ...pages, stopped: { kind: 'bad-page', page, detail: 'the result is not an object', reply } };
    const items = result[key];
    const next = result.nextCursor;
    if (!Array.isArray(items)) return { ...pages, stopped: { kind: 'bad-page', page, detail: `the result has no "${key}" array`, reply } };
    if (next !== undefined && typeof next !== 'string') return { ...pages, stopped: { kind: 'bad-page', page, detail: 'nextCursor is not a string', reply } };
    const { [key]: _items, ...envelope } = result;
    pages.envelopes.push(envelope);
    // One item at a time: a page of a million items must not become a million call arguments.
    const room = MAX_ITEMS - pages.items.length;
    for (let i = 0; i < items.length && i < room; i++) pages.items.push(items[i]);
    if (items.length > room) return { ...pages, stopped: { kind: 'cap', page, items: pages.items.length } };
    if (next === undefined) return pages;
    pages.cursors.push(next);
    if (seen.has(next)) return { ...pages, stopped: { kind: 'loop', page, cursor: next } };
    seen.add(next);
    if (page >= MAX_PAGES || pages.items.length >= MAX_ITEMS) return { ...pages, stopped: { kind: 'cap', page, items: pages.items.length } };
    cursor = next;
  }
}

/** The stop of a paginated walk in words, for `actual`. */
export function describeStop(stop: PagesStop): string {
  switch (stop.kind) {
    case 'no-result':
      return `page ${stop.page} got no result`;
    case 'bad-page':
      return `page ${stop.page}: ${stop.detail}`;
    case 'loop':
      return `page ${stop.page} handed back cursor ${JSON.stringify(stop.cursor.slice(0, 80))}, already followed: the list never ends`;
    case 'cap':
      return `the list goes on after ${stop.items} item(s) on ${stop.page} page(s): ${CAP_WORDS}`;
  }
}

const CAP_WORDS = `the harness reads at most ${MAX_PAGES} pages and ${MAX_ITEMS.toLocaleString('en-US')} items of a list, and stopped there`;

/**
 * Why a check that needs a whole list cannot be judged, when following it stopped at the harness's
 * cap (undefined otherwise): for `t.untestable`, so that a part of a list never passes for the whole.
 */
export function capNote(method: string, pages: Pick<Pages, 'stopped'>): string | undefined {
  return pages.stopped?.kind === 'cap' ? `${method} was not read to its end: ${describeStop(pages.stopped)}` : undefined;
}

/** A value is valid against a schema definition: `issues` from `t.schema.definition(...)`. */
export function conforms(issues: readonly SchemaIssue[], expected: string, frames?: number[]): Assertion {
  return {
    ok: issues.length === 0,
    expected,
    ...(issues.length ? { actual: issues.slice(0, 8).map(formatIssue), message: `${issues.length} schema issue(s)` } : {}),
    ...(frames ? { frames } : {}),
  };
}

/** The objects of a list (items that are not objects are the schema check's business). */
export function objectsIn(items: readonly unknown[]): JsonObject[] {
  return items.filter(isJsonObject);
}

/**
 * A resource URI the server surely does not have, in the scheme of the first resource it lists (so
 * it is one the server could serve, but does not), or `conformance:` when it lists none.
 */
export async function unknownResourceUri(connection: ScenarioConnection): Promise<string> {
  const listed = objectsIn((await paginate(connection, 'resources/list', 'resources')).items)[0]?.uri;
  const scheme = typeof listed === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(listed) ? listed.slice(0, listed.indexOf(':')) : 'conformance';
  return `${scheme}:///mcp-conformance/no-such-resource-${randomUUID()}`;
}
