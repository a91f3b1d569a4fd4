import type { Assertion } from '../engine/scenario.js';
import { jsonEqual, type JsonObject } from '../util/json.js';
import type { Received, Reply } from '../wire/session.js';

/** A reply in words and data, for the `actual` side of a failed check. */
export function describeReply(reply: Reply | undefined): unknown {
  if (reply === undefined) return 'nothing was sent back';
  switch (reply.kind) {
    case 'result':
      return { result: reply.result };
    case 'error':
      return { error: reply.error };
    case 'timeout':
      return `no response within ${reply.afterMs} ms`;
    case 'closed':
      return `the connection ended: ${reply.reason}`;
    case 'transport-error':
      return `transport error: ${reply.message}`;
  }
}

function framesOf(reply: Reply | undefined): number[] | undefined {
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

/** The result object of a successful reply, or undefined. */
export function resultOf(reply: Reply): JsonObject | undefined {
  return reply.kind === 'result' ? reply.result : undefined;
}

/** Frames that are responses (result or error), e.g. to find answers that should not exist. */
export function responsesIn(received: Received[]): Received[] {
  return received.filter((r) => r.classified?.kind === 'result' || r.classified?.kind === 'error');
}
