/**
 * Helpers for client scenarios: reading what a client under test sent. Scenarios judge a client by
 * its messages (in arrival order) and, over HTTP, by the HTTP requests that carried them.
 */
import type { Assertion, ClientScenarioContext } from '../engine/scenario.js';
import { requestMetaOf } from '../wire/request-meta.js';
import { that } from './assert.js';
import type { Revision } from '../revisions.js';
import type { HttpRequestRecord } from '../targets/hosted-endpoint.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { Received } from '../wire/session.js';

/** The method of a request or notification; undefined for responses and frames that are no message. */
export function methodOf(r: Received): string | undefined {
  const c = r.classified;
  return c?.kind === 'request' || c?.kind === 'notification' ? c.message.method : undefined;
}

/** Whether a received frame is a request (or, with `kind`, a notification) of this method. */
export function isMessage(r: Received, method: string, kind: 'request' | 'notification' = 'request'): boolean {
  return r.classified?.kind === kind && r.classified.message.method === method;
}

/** A readable list of what a client sent, for a check's `actual`: methods, `response #id`, or the frame's head. */
export function describeMessages(messages: readonly Received[], max = 8): string[] {
  const shown = messages.slice(0, max).map((r) => {
    const c = r.classified;
    if (c?.kind === 'request') return `request ${c.message.method} (id ${JSON.stringify(c.message.id)})`;
    if (c?.kind === 'notification') return `notification ${c.message.method}`;
    if (c?.kind === 'result' || c?.kind === 'error') return `${c.kind} for id ${JSON.stringify(c.message.id)}`;
    return r.frame.raw.slice(0, 80);
  });
  return messages.length > max ? [...shown, `… ${messages.length - max} more`] : shown;
}

/** One HTTP request of a client, for a check's `actual`: `POST /messages?sessionId=… #3 (tools/list)`. */
export function describeRequest(r: HttpRequestRecord): string {
  return `${r.method} ${r.target} #${r.n}${r.messages[0]?.method ? ` (${r.messages[0].method})` : ''}`;
}

/**
 * Legacy HTTP+SSE: the POSTs that did not go to an endpoint a stream announced before them, exactly
 * (path and query, the announced URI resolved against the SSE URL `url`). A POST of a lone initialize
 * to the SSE URL itself is not judged: it is the backwards-compatibility probe of 2025-03-26 (a client
 * that also speaks Streamable HTTP tries it first, and falls back to the stream when it is refused).
 */
export function postsOffEndpoint(requests: readonly HttpRequestRecord[], url: string): HttpRequestRecord[] {
  const announced = (g: HttpRequestRecord): string | undefined => (g.announced === undefined ? undefined : new URL(g.announced, url).href);
  const probe = (p: HttpRequestRecord): boolean => p.path === new URL(url).pathname && !p.batch && p.messages.length === 1 && p.messages[0]!.method === 'initialize';
  return requests.filter((p) => p.method === 'POST' && !probe(p) && !requests.some((g) => g.n < p.n && announced(g) === new URL(p.target, url).href));
}

/** The params of a request or notification ({} when it has none, or is no such message). */
export function paramsOf(r: Received): JsonObject {
  const c = r.classified;
  return (c?.kind === 'request' || c?.kind === 'notification') && isJsonObject(c.message.params) ? c.message.params : {};
}

/** A client's requests, in arrival order. */
export function requestsOf(messages: readonly Received[]): Received[] {
  return messages.filter((r) => r.classified?.kind === 'request');
}

/** Over HTTP: each POST that carried one request, with that request (a POST's frame is its record's transcript entry). */
export function postedRequests(requests: readonly HttpRequestRecord[], messages: readonly Received[]): { record: HttpRequestRecord; request: Received }[] {
  return requests.flatMap((record) => {
    if (record.method !== 'POST' || record.batch) return [];
    const request = messages.find((r) => r.frame.seq === record.seq && r.classified?.kind === 'request');
    return request ? [{ record, request }] : [];
  });
}

/**
 * Only a client that speaks both eras is asked to probe and fall back (one of 2026-07-28 alone
 * rightly gives up on a server of the earlier era): launched at `legacy` against a server of it, does
 * it complete the handshake? The scenario is skipped when it does not.
 */
export async function requireBothEras(t: ClientScenarioContext, legacy: Revision): Promise<void> {
  const run = await t.launch({ behaviour: 'initialize', offer: legacy, server: { legacy } });
  await run.finished();
  if (!run.messages().some((r) => methodOf(r) === 'notifications/initialized')) t.skip(`launched at ${legacy}, the client did not complete the handshake: it speaks 2026-07-28 alone, and need not fall back`);
}

/**
 * After a client fell back to initialize, what it sent after the handshake: no request of 2026-07-28
 * (one naming a version in `_meta`), since the era it found holds for the server.
 */
export function eraCached(after: readonly Received[], legacy: string): Assertion {
  const modern = after.filter((r) => r.classified?.kind === 'request' && requestMetaOf(paramsOf(r)).protocolVersion !== undefined);
  return that(
    modern.length === 0,
    `after falling back to initialize (answered with ${legacy}), the client sends no request naming a 2026-07-28 version in _meta: it keeps to the era it found`,
    { modern: describeMessages(modern) },
    modern.map((r) => r.frame.seq),
  );
}
