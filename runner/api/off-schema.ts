/**
 * A request the schema does not allow (a log level that is not one, ...), sent as raw text so that
 * the harness does not refuse it as its own fault, and its answer read back as a `Reply`.
 * Self-tested in test/api.test.ts.
 */
import type { ScenarioConnection } from '../engine/connection.js';
import type { JsonObject } from '../util/json.js';
import type { Received, Reply } from '../wire/session.js';

let counter = 0;

/** The answer frame, as the reply `connection.request` would have produced. */
export function replyOf(received: Received | undefined, afterMs: number): Reply {
  const classified = received?.classified;
  if (received && classified?.kind === 'result') return { kind: 'result', result: classified.message.result, message: classified.message, seq: received.frame.seq };
  if (received && classified?.kind === 'error') return { kind: 'error', error: classified.message.error, message: classified.message, seq: received.frame.seq };
  return { kind: 'timeout', afterMs };
}

/** Sends a request with params the revision's schema refuses, and waits up to `timeoutMs` for its answer. */
export async function requestOffSchema(connection: ScenarioConnection, method: string, params: JsonObject, timeoutMs: number): Promise<Reply> {
  const id = `off-schema-${++counter}`;
  const mark = connection.mark();
  const failed = await connection.sendRaw(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  if (failed) return failed;
  const answer = await connection.waitFor((r) => (r.classified?.kind === 'result' || r.classified?.kind === 'error') && r.classified.message.id === id, timeoutMs, mark);
  return replyOf(answer, timeoutMs);
}
