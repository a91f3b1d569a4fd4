/**
 * Helpers that turn what a target did into an `Assertion` (ok, expected, actual, frames), and small
 * readers of replies and frames. Each takes plain data and returns plain data.
 */
import type { Assertion } from '../engine/scenario.js';
import type { HttpExchange } from '../transports/streamable-http.js';
import { isJsonObject, jsonEqual, type JsonObject } from '../util/json.js';
import type { RequestId } from '../wire/jsonrpc.js';
import { describeReply } from '../wire/reply.js';
import type { Received, Reply } from '../wire/session.js';

/** The transcript entry of a reply, as an assertion's frames. */
export function framesOf(reply: Reply | undefined): number[] | undefined {
  return reply && 'seq' in reply && reply.seq !== undefined ? [reply.seq] : undefined;
}

/** The request got a successful result. */
export function isResult(reply: Reply, expected = 'a successful result'): Assertion {
  return { ok: reply.kind === 'result', expected, actual: describeReply(reply), frames: framesOf(reply) };
}

/** The request got an error response, with `code` when given. */
export function isError(reply: Reply, code?: number, expected?: string): Assertion {
  const ok = reply.kind === 'error' && (code === undefined || reply.error.code === code);
  return {
    ok,
    expected: expected ?? (code === undefined ? 'an error response' : `an error response with code ${code}`),
    actual: describeReply(reply),
    frames: framesOf(reply),
  };
}

/** The request got any response at all (result or error), in time. */
export function isAnswered(reply: Reply, expected = 'a response (result or error)'): Assertion {
  return { ok: reply.kind === 'result' || reply.kind === 'error', expected, actual: describeReply(reply), frames: framesOf(reply) };
}

/** Deep equality of JSON values, for `actual` vs `expected` data. */
export function equals(actual: unknown, expected: unknown, what: string, frames?: number[]): Assertion {
  return { ok: jsonEqual(actual, expected), expected: `${what}: ${JSON.stringify(expected)}`, actual, frames };
}

/** A plain condition with its evidence. */
export function that(ok: boolean, expected: string, actual?: unknown, frames?: number[]): Assertion {
  return { ok, expected, actual, frames };
}

/** The result object of a successful reply, or undefined (also for a result that is not an object). */
export function resultOf(reply: Reply): JsonObject | undefined {
  // The wire may carry `"result": null` (a schema failure, reported as such): no object to read.
  return reply.kind === 'result' && isJsonObject(reply.result) ? reply.result : undefined;
}

/** The error code of an error reply, or of an error frame; undefined for anything else. */
export function errorCode(item: Reply | Received | undefined): number | undefined {
  if (item === undefined) return undefined;
  if ('kind' in item) return item.kind === 'error' ? item.error.code : undefined;
  return item.classified?.kind === 'error' ? item.classified.message.error.code : undefined;
}

/**
 * A predicate for `connection.waitFor`: a response frame (result or error). With `id`, only one
 * whose id equals it in value; with `sameType: false`, also one whose id has the same value in
 * another JSON type ("7" for 7), which the session never correlates.
 */
export function isResponse(id?: RequestId, opts: { sameType?: boolean } = {}): (r: Received) => boolean {
  return (r) => {
    const kind = r.classified?.kind;
    if (kind !== 'result' && kind !== 'error') return false;
    if (id === undefined) return true;
    const got = r.classified?.kind === 'result' || r.classified?.kind === 'error' ? r.classified.message.id : undefined;
    return opts.sameType === false ? got !== undefined && got !== null && String(got) === String(id) : got === id;
  };
}

/** Frames that are responses (result or error), e.g. to find answers that should not exist. */
export function responsesIn(received: Received[]): Received[] {
  return received.filter(isResponse());
}

/** One HTTP exchange in words, for the `actual` side: `HTTP 404 {"error":...}` or `no response: ...`. */
export function exchangeEvidence(exchange: Pick<HttpExchange, 'status' | 'error' | 'body' | 'contentType'>, opts: { contentType?: boolean } = {}): string {
  if (exchange.status === undefined) return `no response: ${exchange.error ?? 'unknown error'}`;
  const type = opts.contentType ? ` Content-Type: ${exchange.contentType || '(none)'}` : '';
  const body = exchange.body ? ` ${exchange.body.slice(0, 200)}` : '';
  return `HTTP ${exchange.status}${type}${body}`;
}

/** The request got a result with nothing in it but, optionally, `_meta` (the schema's EmptyResult). */
export function isEmptyResult(reply: Reply, expected = 'an empty result ({}, `_meta` aside)'): Assertion {
  // A `"result": null` on the wire is no empty result (nor a valid one).
  const result: unknown = reply.kind === 'result' ? reply.result : undefined;
  const extra = isJsonObject(result) ? Object.keys(result).filter((k) => k !== '_meta') : [];
  return { ok: isJsonObject(result) && extra.length === 0, expected, actual: describeReply(reply), frames: framesOf(reply) };
}
