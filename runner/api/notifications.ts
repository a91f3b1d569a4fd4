/**
 * Notifications of no request (list_changed, resources/updated): where they reach the harness,
 * waiting for one after a change the scenario caused, and establishing that none came.
 *
 * Over stdio they share the one ordered stream with the responses. Over Streamable HTTP they travel
 * on the GET stream, which the harness must open; a server may refuse it with 405 (the transport
 * allows that), and then such checks do not apply. A server may also send them on the SSE stream
 * of the POST that caused them, before its response. Self-tested in test/api.test.ts.
 */
import type { ScenarioConnection } from '../engine/connection.js';
import { describeStop, paginate } from './features.js';
import { useFixture, type FixtureGate } from './fixtures.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { Received, Reply } from '../wire/session.js';

/** Where the target's messages of no request reach the harness on one connection. */
export type NotificationRoute =
  /** The one stream of the connection (stdio), in order with the responses. */
  | { kind: 'stdio' }
  /** The GET stream of the HTTP session is open. */
  | { kind: 'get-stream'; seq: number }
  /** The server refused the GET stream with 405, as the transport allows: such checks do not apply. */
  | { kind: 'refused'; reason: string; seq: number }
  /** The GET got another answer, or none: such checks cannot be made. */
  | { kind: 'unavailable'; reason: string; seq?: number };

/**
 * Makes sure the target can send the harness messages of no request: over HTTP, opens the
 * session's GET stream (once per connection; call it right after `ready`, before causing changes).
 */
export async function openNotificationRoute(connection: ScenarioConnection, timeoutMs: number): Promise<NotificationRoute> {
  const http = connection.http;
  if (!http) return { kind: 'stdio' };
  const get = await http.listen(timeoutMs);
  if (get.status === 200 && get.contentType.startsWith('text/event-stream')) return { kind: 'get-stream', seq: get.seq };
  if (get.status === 405) {
    return { kind: 'refused', seq: get.seq, reason: 'the server answers GET with 405 (it offers no stream for messages of no request, which the transport allows)' };
  }
  const answer = get.status === undefined ? (get.error ?? 'no answer') : `HTTP ${get.status}${get.contentType ? ` (${get.contentType})` : ''}`;
  return { kind: 'unavailable', seq: get.seq, reason: `the GET stream could not be opened: ${answer}` };
}

/** The notification `method` among received frames, optionally with these params. */
export function isNotification(r: Received, method: string, params?: JsonObject): boolean {
  const c = r.classified;
  if (c?.kind !== 'notification' || c.message.method !== method) return false;
  if (!params) return true;
  const got = c.message.params;
  return isJsonObject(got) && Object.entries(params).every(([key, value]) => got[key] === value);
}

/** What came of causing a change and waiting for the notification that announces it. */
export interface Announced {
  /** The notification, when it came. */
  found?: Received;
  /**
   * How a later absence can be established: by ordering when the notification came on the stream
   * that carries the responses, before the answer to a ping sent after the change (then a ping
   * bounds what the server sends for a change); else by a quiet window of `windowMs`.
   */
  ordered: boolean;
  windowMs: number;
}

/** Milliseconds of a quiet window at least (as QUIET_MS in the api index). */
const MIN_WINDOW_MS = 500;

/**
 * After a change made since `mark` (the request that made it already answered), sends a ping
 * sentinel and waits for the notification `test` picks: up to `timeoutMs` where the route can
 * carry it, not at all when the GET stream was refused (it could then only have come on the
 * change's own POST stream, before its answer).
 */
export async function awaitAnnouncement(connection: ScenarioConnection, route: NotificationRoute, mark: number, test: (r: Received) => boolean, timeoutMs: number): Promise<Announced> {
  const started = Date.now();
  const sentinel = await connection.liveness();
  const found = await connection.waitFor(test, route.kind === 'refused' || route.kind === 'unavailable' ? 0 : timeoutMs, mark);
  const latency = Date.now() - started;
  const sameStream = found !== undefined && (route.kind === 'stdio' || found.frame.lane.startsWith('POST'));
  const ordered = sameStream && sentinelSeq(sentinel) !== undefined && found.frame.seq < sentinelSeq(sentinel)!;
  return { ...(found ? { found } : {}), ordered, windowMs: Math.min(Math.max(MIN_WINDOW_MS, 2 * latency), timeoutMs) };
}

function sentinelSeq(reply: Reply): number | undefined {
  return reply.kind === 'result' || reply.kind === 'error' ? reply.seq : undefined;
}

/** The frames that arrived after a change, and how their completeness was established. */
export interface Quiet {
  frames: Received[];
  /** In words, for the evidence. */
  how: string;
}

/**
 * Collects what the target sent after `mark` (a change the harness caused, already answered), to
 * show that some notification did NOT come: by ordering when `announced.ordered` (a ping sentinel;
 * whatever the change caused arrives before its answer), else by a quiet window.
 */
export async function quietAfter(connection: ScenarioConnection, mark: number, announced: Announced): Promise<Quiet> {
  if (announced.ordered) {
    const sentinel = await connection.liveness();
    const bound = sentinelSeq(sentinel);
    if (bound !== undefined) {
      return {
        frames: (await connection.since(mark, 0)).filter((r) => r.frame.seq < bound),
        how: 'established by ordering: nothing arrived before the answer to a ping sent after the change, where the announcement had come before such an answer',
      };
    }
  }
  return {
    frames: await connection.since(mark, announced.windowMs),
    how: `established by a quiet window of ${announced.windowMs} ms after the change (twice the time the announcement took, at least ${MIN_WINDOW_MS} ms): no order holds between the stream it came on and the responses`,
  };
}

/** One list whose changes a server may announce, and the fixture that changes it. */
export interface ListSpec {
  /** The capability that declares `listChanged`. */
  capability: 'tools' | 'prompts' | 'resources';
  method: string;
  /** The array of the list result. */
  key: string;
  notification: string;
  /** The fixture tool that changes the list. */
  trigger: string;
}

/**
 * The lists and their trigger fixtures: the official suite's names for tools and prompts; ours,
 * in the same style, for resources (it has none).
 */
export const LIST_CHANGES: Readonly<Record<ListSpec['capability'], ListSpec>> = {
  tools: { capability: 'tools', method: 'tools/list', key: 'tools', notification: 'notifications/tools/list_changed', trigger: 'test_trigger_tool_change' },
  prompts: { capability: 'prompts', method: 'prompts/list', key: 'prompts', notification: 'notifications/prompts/list_changed', trigger: 'test_trigger_prompt_change' },
  resources: { capability: 'resources', method: 'resources/list', key: 'resources', notification: 'notifications/resources/list_changed', trigger: 'test_trigger_resource_change' },
};

/** What came of calling a list's trigger fixture. */
export type ListChange =
  /** The list's capability is not declared, or the trigger cannot be called: the check does not apply. */
  | { kind: 'absent'; reason: string }
  /** The trigger or a list read got no result: the check cannot be made. */
  | { kind: 'failed'; reason: string }
  /** The list reads the same before and after: nothing to announce. */
  | { kind: 'unchanged'; reason: string }
  | { kind: 'changed'; announced: Announced; frames: number[] };

/**
 * Reads the list, calls its trigger fixture, reads the list again and, when it changed, waits for
 * the announcement (see `awaitAnnouncement`). Called whether or not `listChanged` is declared, so
 * that the automatic capability watch sees what a server that did not declare it sends.
 */
export async function causeListChange(gate: FixtureGate, route: NotificationRoute, spec: ListSpec, timeoutMs: number): Promise<ListChange> {
  const connection = gate.connection;
  if (connection.serverCapabilities[spec.capability] === undefined) return { kind: 'absent', reason: `the server does not declare ${spec.capability}` };
  const missing = gate.toolMissing(spec.trigger);
  if (missing !== undefined) return { kind: 'absent', reason: missing };
  const before = await paginate(connection, spec.method, spec.key);
  if (before.stopped) return { kind: 'failed', reason: `${spec.method} could not be read to its end before the change: ${describeStop(before.stopped)}` };
  const mark = connection.mark();
  const call = await useFixture(gate, connection, spec.trigger);
  if (call.kind !== 'result') return call.kind === 'absent' ? { kind: 'absent', reason: call.reason } : { kind: 'failed', reason: call.reason };
  const after = await paginate(connection, spec.method, spec.key);
  if (after.stopped) return { kind: 'failed', reason: `${spec.method} could not be read to its end after the change: ${describeStop(after.stopped)}` };
  if (JSON.stringify(before.items) === JSON.stringify(after.items)) return { kind: 'unchanged', reason: `${spec.trigger} left ${spec.method} as it was` };
  const announced = await awaitAnnouncement(connection, route, mark, (r) => isNotification(r, spec.notification), timeoutMs);
  return { kind: 'changed', announced, frames: [call.seq, ...after.frames] };
}
