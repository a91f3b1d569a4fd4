/**
 * The one module scenarios import. It re-exports the scenario contract and the helpers that keep
 * scenario bodies short and readable; anything a scenario needs that is not here belongs here.
 */
import type { InitializeOptions, ServerConnection } from '../engine/connection.js';
import type { Scenario, ScenarioContext } from '../engine/scenario.js';
import { describeReply } from './assert.js';

export type { Assertion, Scenario, ScenarioContext, TargetProfile } from '../engine/scenario.js';
export type { ServerConnection, InitializeOptions } from '../engine/connection.js';
export type { Reply, Received } from '../wire/session.js';
export type { HttpExchange } from '../transports/streamable-http.js';
export type { RequestId } from '../wire/jsonrpc.js';
export { ErrorCode } from '../wire/jsonrpc.js';
export { isJsonObject, type JsonObject } from '../util/json.js';
export { compareRevisions, isRevision, STATEFUL_REVISIONS, type Revision } from '../revisions.js';
export { describeReply, equals, isAnswered, isError, isResult, responsesIn, resultOf, that } from './assert.js';
export { jsonEqual } from '../util/json.js';

/** Declares a scenario; returns it unchanged, typed. Metadata first, then a straight-line body. */
export function scenario(definition: Scenario): Scenario {
  return definition;
}

/** Milliseconds a scenario waits to be sure something does NOT arrive (a response to a notification, ...). */
export const QUIET_MS = 500;

/** A protocol version no server supports, for negotiation probes. */
export const UNKNOWN_VERSION = '1999-01-01';

/** A check that depends on a prerequisite: `[checkId, requirementId]`. */
export type Dependent = readonly [checkId: string, requirementId: string];

/**
 * Connects and completes the initialize handshake at the scenario's revision. When that fails, the
 * listed checks are recorded as not testable (with the reason) and undefined is returned, so a
 * scenario can `if (!c) return;` and never report a pass it did not observe.
 */
export async function initialized(
  t: ScenarioContext,
  dependents: Dependent[],
  opts?: InitializeOptions,
): Promise<ServerConnection | undefined> {
  const connection = await t.connect();
  const reply = await connection.initialize(opts);
  if (reply.kind === 'result') return connection;
  const reason = `initialize did not succeed (${JSON.stringify(describeReply(reply))})`;
  for (const [checkId, requirementId] of dependents) t.untestable(checkId, requirementId, reason);
  return undefined;
}
