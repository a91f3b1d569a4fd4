/**
 * subscriptions/listen (basic/patterns/subscriptions, 2026-07-28 on): opening a listen stream, which
 * messages belong to it, and cancelling it the way the transport says.
 *
 * Which messages belong to a subscription: over Streamable HTTP, those on the response stream of
 * its POST (the stream is the subscription); over stdio, where every message shares one channel,
 * those that carry its id (a notification's `_meta` subscriptionId, or the response to the request).
 * Self-tested in test/api.test.ts.
 */
import type { ScenarioConnection } from '../engine/connection.js';
import type { HttpExchange } from '../transports/streamable-http.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { RequestId } from '../wire/jsonrpc.js';
import { META } from '../wire/request-meta.js';
import type { Received, Reply } from '../wire/session.js';

export const LISTEN = 'subscriptions/listen';
export const ACKNOWLEDGED = 'notifications/subscriptions/acknowledged';

/** The change notifications a listen filter opts in to, by the filter field that asks for each. */
export const CHANGE_NOTIFICATIONS = {
  toolsListChanged: 'notifications/tools/list_changed',
  promptsListChanged: 'notifications/prompts/list_changed',
  resourcesListChanged: 'notifications/resources/list_changed',
  resourceSubscriptions: 'notifications/resources/updated',
} as const;

const CHANGE_METHODS: readonly string[] = Object.values(CHANGE_NOTIFICATIONS);

/** The method of a received notification, or undefined for any other frame. */
function notificationMethod(r: Received): string | undefined {
  return r.classified?.kind === 'notification' ? r.classified.message.method : undefined;
}

function paramsOf(r: Received): JsonObject | undefined {
  const params = r.classified?.kind === 'notification' ? r.classified.message.params : undefined;
  return isJsonObject(params) ? params : undefined;
}

/** The subscription id a notification carries in `_meta` (undefined when it carries none). */
export function subscriptionIdOf(r: Received): unknown {
  const meta = paramsOf(r)?._meta;
  return isJsonObject(meta) ? meta[META.subscriptionId] : undefined;
}

/** Whether the notification is one of the change notifications a listen filter can ask for. */
export function isChangeNotification(r: Received): boolean {
  const method = notificationMethod(r);
  return method !== undefined && CHANGE_METHODS.includes(method);
}

/**
 * Whether `filter` opted in to the change notification `r` (list changes by their flag; resource
 * updates by the URI). Any other message is not a change notification, and false.
 */
export function optedIn(filter: JsonObject, r: Received): boolean {
  const method = notificationMethod(r);
  if (method === CHANGE_NOTIFICATIONS.resourceSubscriptions) {
    const uri = paramsOf(r)?.uri;
    return Array.isArray(filter.resourceSubscriptions) && filter.resourceSubscriptions.includes(uri ?? null);
  }
  const flag = (Object.keys(CHANGE_NOTIFICATIONS) as (keyof typeof CHANGE_NOTIFICATIONS)[]).find((key) => CHANGE_NOTIFICATIONS[key] === method);
  return flag !== undefined && flag !== 'resourceSubscriptions' && filter[flag] === true;
}

/** An open (or opened and since ended) subscriptions/listen request. */
export interface Listen {
  readonly id: RequestId;
  readonly filter: JsonObject;
  /** The acknowledgement, when one came while opening. */
  readonly acknowledgement: Received | undefined;
  /** The answer to the request once it came (a refusal, or the server ending the subscription). */
  answer(): Reply | undefined;
  /** Whether a received message belongs to this subscription (see the module's comment). */
  owns(r: Received): boolean;
  /** This subscription's messages among those received after `mark` (by default, since it was sent), in arrival order. */
  messages(mark?: number): Promise<Received[]>;
  /** Cancels it: notifications/cancelled over stdio, closing its response stream over HTTP. */
  cancel(): Promise<void>;
}

export type ListenOpening =
  | { kind: 'open'; listen: Listen }
  /** The request was answered at once with an error, or with nothing to listen on. */
  | { kind: 'refused'; reply: Reply; reason: string };

/** How many request timeouts a listen request may stay unanswered: it is answered only when it ends. */
const LISTEN_TIMEOUTS = 10;

/** The POST exchange that carried the listen request `id` (Streamable HTTP). */
function listenExchange(connection: ScenarioConnection, id: RequestId): HttpExchange | undefined {
  return connection.http?.exchanges.find((e) => {
    if (e.method !== 'POST' || e.requestBody === undefined) return false;
    try {
      const body = JSON.parse(e.requestBody) as unknown;
      return isJsonObject(body) && body.method === LISTEN && body.id === id;
    } catch {
      return false;
    }
  });
}

/**
 * Sends subscriptions/listen with `filter` under the id `id` and waits (up to `timeoutMs`) for its
 * acknowledgement or an answer. Over stdio the acknowledgement is the first one that arrives after
 * the request, whatever id it names (open one listen at a time: a server cannot acknowledge a
 * request before reading it), so that a wrong or missing id is judged, not taken for silence.
 * `meta` goes into the request's `_meta` (its fields win over the connection's own).
 */
export async function openListen(connection: ScenarioConnection, filter: JsonObject, id: RequestId, timeoutMs: number, meta?: JsonObject): Promise<ListenOpening> {
  const mark = connection.mark();
  let answer: Reply | undefined;
  const http = connection.http !== undefined;
  const owns = (r: Received): boolean => {
    if (http) return listenExchange(connection, id)?.frames.includes(r.frame) ?? false;
    const c = r.classified;
    if (c?.kind === 'result' || c?.kind === 'error') return c.message.id === id;
    return subscriptionIdOf(r) === id;
  };
  const pending = connection.request(LISTEN, { notifications: filter, ...(meta ? { _meta: meta } : {}) }, { id, timeoutMs: LISTEN_TIMEOUTS * timeoutMs });
  void pending.then((reply) => (answer = reply));
  const isAck = (r: Received): boolean => notificationMethod(r) === ACKNOWLEDGED && (http ? owns(r) : true);
  const first = await Promise.race([connection.waitFor(isAck, timeoutMs, mark), pending]);
  const acknowledgement = first !== undefined && 'frame' in first ? first : undefined;
  if (!acknowledgement && answer && answer.kind !== 'result') {
    return { kind: 'refused', reply: answer, reason: `${LISTEN} was answered at once with ${answer.kind === 'error' ? `error ${answer.error.code} (${answer.error.message})` : answer.kind}` };
  }
  const listen: Listen = {
    id,
    filter,
    acknowledgement,
    answer: () => answer,
    owns,
    messages: async (from = mark) => (await connection.since(from, 0)).filter(owns),
    cancel: async () => {
      if (http) listenExchange(connection, id)?.sse?.cut();
      else await connection.notify('notifications/cancelled', { requestId: id, reason: 'mcp-conformance ends this subscription on purpose' });
    },
  };
  return { kind: 'open', listen };
}
