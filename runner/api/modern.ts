/**
 * Helpers for the stateless revisions (2026-07-28 on): the per-request `_meta` a probe leaves out
 * or changes, and the HTTP status that came with a JSON-RPC answer (the transport gives each
 * protocol error its own status).
 */
import type { ScenarioConnection } from '../engine/connection.js';
import type { Assertion } from '../engine/scenario.js';
import type { HttpExchange } from '../transports/streamable-http.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import { describeReply } from '../wire/reply.js';
import { META } from '../wire/request-meta.js';
import type { Reply } from '../wire/session.js';

export { encodeHeaderValue } from '../transports/mcp-headers.js';

/**
 * The HTTP exchange whose response carried `reply` (Streamable HTTP only): the one holding the very
 * frame the reply was read from. (Transcript numbers alone are not enough: in a shared session,
 * exchanges of earlier holders were numbered in their own scenarios' transcripts.)
 */
export function exchangeOf(connection: ScenarioConnection, reply: Reply): HttpExchange | undefined {
  if (reply.kind !== 'result' && reply.kind !== 'error') return undefined;
  return connection.http?.exchanges.findLast((e) => e.frames.some((f) => f.value === reply.message));
}

/** The reply came over HTTP with `status` (a JSON-RPC answer in the response, or an HTTP error without one). */
export function hasStatus(connection: ScenarioConnection, reply: Reply, status: number, what: string): Assertion {
  const exchange = exchangeOf(connection, reply);
  const got = exchange?.status ?? (reply.kind === 'transport-error' ? reply.status : undefined);
  const seq = exchange?.seq ?? ('seq' in reply ? reply.seq : undefined);
  return { ok: got === status, expected: `HTTP ${status} for ${what}`, actual: `HTTP ${got ?? 'none'}: ${JSON.stringify(describeReply(reply))}`, ...(seq !== undefined ? { frames: [seq] } : {}) };
}

/** The `_meta` a request of this connection would carry, without the fields named (a malformed request). */
export function metaWithout(connection: ScenarioConnection, ...drop: string[]): JsonObject {
  const meta = connection.withMeta(undefined)?._meta;
  const copy: JsonObject = isJsonObject(meta) ? { ...meta } : {};
  for (const key of drop) delete copy[key];
  return copy;
}

/** `_meta` naming another protocol version, everything else as this connection sends it. */
export function metaWithVersion(connection: ScenarioConnection, version: string): JsonObject {
  return { ...metaWithout(connection), [META.protocolVersion]: version };
}

/** The JSON-RPC error code in an HTTP exchange's response, if its body carried an error. */
export function errorCodeIn(exchange: HttpExchange): number | undefined {
  for (const frame of exchange.frames) {
    const error = isJsonObject(frame.value) ? frame.value.error : undefined;
    if (isJsonObject(error) && typeof error.code === 'number') return error.code;
  }
  return undefined;
}

/** A probe was refused with `status` and one of the JSON-RPC error `codes`. */
export function refusedWith(exchange: HttpExchange, status: number, codes: readonly number[], what: string): Assertion {
  const code = errorCodeIn(exchange);
  return {
    ok: exchange.status === status && code !== undefined && codes.includes(code),
    expected: `HTTP ${status} with JSON-RPC error ${codes.join(' or ')} for ${what}`,
    actual: exchange.status === undefined ? `no response: ${exchange.error ?? 'unknown error'}` : `HTTP ${exchange.status} ${exchange.body.slice(0, 200)}`,
    frames: [exchange.seq],
  };
}

/**
 * The exchange once its JSON-RPC answer is in: a JSON body is read already; an SSE stream is read
 * as it comes, so this waits for a response on it, or its end, for at most `timeoutMs`.
 */
export async function withAnswer(exchange: HttpExchange, timeoutMs: number): Promise<HttpExchange> {
  const isAnswer = (value: unknown): boolean => isJsonObject(value) && 'id' in value && ('result' in value || 'error' in value);
  await exchange.sse?.waitFor(() => exchange.frames.some((f) => isAnswer(f.value)), timeoutMs);
  return exchange;
}

/** The extension that brings tasks/get and tasks/cancel back (changelog, major change 6). */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/**
 * Requests for the methods 2026-07-28 removed (changelog, major changes 4 to 6), as a client of the
 * earlier era would send them, for a server that declares `capabilities`: tasks/get and tasks/cancel
 * only when it does not offer the tasks extension, which defines them anew (tasks/result and
 * tasks/list it does not have).
 */
export function removedMethods(capabilities: Record<string, unknown>): { method: string; params?: JsonObject }[] {
  const extensions = capabilities.extensions;
  const tasks = isJsonObject(extensions) && extensions[TASKS_EXTENSION] !== undefined;
  const task = { taskId: 'conformance-no-such-task' };
  return [
    { method: 'ping' },
    { method: 'logging/setLevel', params: { level: 'info' } },
    { method: 'resources/subscribe', params: { uri: 'test://watched-resource' } },
    { method: 'resources/unsubscribe', params: { uri: 'test://watched-resource' } },
    { method: 'tasks/result', params: task },
    { method: 'tasks/list' },
    ...(tasks ? [] : [{ method: 'tasks/get', params: task }, { method: 'tasks/cancel', params: task }]),
  ];
}
