/**
 * A request the schema does not allow (a log level that is not one, ...), sent without the check
 * that would count it as the harness's own fault, and its answer read back as a `Reply`.
 * Self-tested in test/api.test.ts.
 */
import type { ScenarioConnection } from '../engine/connection.js';
import type { JsonObject } from '../util/json.js';
import type { Received, Reply } from '../wire/session.js';

/** The answer frame, as the reply `connection.request` would have produced. */
export function replyOf(received: Received | undefined, afterMs: number): Reply {
  const classified = received?.classified;
  if (received && classified?.kind === 'result') return { kind: 'result', result: classified.message.result, message: classified.message, seq: received.frame.seq };
  if (received && classified?.kind === 'error') return { kind: 'error', error: classified.message.error, message: classified.message, seq: received.frame.seq };
  return { kind: 'timeout', afterMs };
}

/** Sends a request with params the revision's schema refuses, and waits up to `timeoutMs` for its answer. */
export function requestOffSchema(connection: ScenarioConnection, method: string, params: JsonObject, timeoutMs: number): Promise<Reply> {
  return connection.request(method, params, { timeoutMs, offSchema: true });
}
