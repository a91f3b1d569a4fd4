/**
 * Readers of the SSE streams of a Streamable HTTP connection, for the transport scenarios: which
 * streams there were (a stream and the GETs that resumed it count as one), which events carried ids,
 * where each message went. Plain data in, plain data out. Self-tested in test/sse-resume.test.ts.
 */
import type { ScenarioConnection } from '../engine/connection.js';
import type { ServerScenarioContext } from '../engine/scenario.js';
import { isResumption, type HttpExchange } from '../transports/streamable-http.js';
import type { InboundFrame } from '../transports/types.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { RequestId } from '../wire/jsonrpc.js';
import { fixtureGate } from './fixtures.js';

/** One stream as the server gave it: the exchange that opened it, then the GETs that resumed it, in order. */
export interface StreamChain {
  opened: HttpExchange;
  links: HttpExchange[];
}

/** The id of the JSON-RPC request an exchange POSTed, if it POSTed one request. */
export function postedRequestId(exchange: HttpExchange): RequestId | undefined {
  try {
    const value: unknown = JSON.parse(exchange.requestBody ?? '');
    return isJsonObject(value) && typeof value.method === 'string' && (typeof value.id === 'string' || typeof value.id === 'number') ? value.id : undefined;
  } catch {
    return undefined;
  }
}

/** The id of a response frame (result or error), if it is one. */
export function responseId(frame: InboundFrame): RequestId | null | undefined {
  const value = frame.value;
  if (!isJsonObject(value) || !('result' in value || 'error' in value)) return undefined;
  return typeof value.id === 'string' || typeof value.id === 'number' || value.id === null ? value.id : undefined;
}

/** The event ids (not empty) an exchange's stream gave. */
export function eventIds(exchange: HttpExchange): string[] {
  return (exchange.sse?.events ?? []).flatMap((e) => (e.id ? [e.id] : []));
}

/**
 * The SSE streams the server opened (POST and GET answered with text/event-stream, not resuming
 * anything), each with the resumptions that continued it: a GET whose Last-Event-ID is an id of
 * the stream (or of an earlier resumption of it).
 */
export function streamChains(exchanges: readonly HttpExchange[]): StreamChain[] {
  const chains = exchanges.filter((e) => e.sse && !isResumption(e)).map((opened) => ({ opened, links: [opened] }));
  for (const resumed of exchanges.filter((e) => e.sse && isResumption(e))) {
    const from = resumed.requestHeaders['last-event-id']!;
    chains.find((c) => c.links.some((l) => eventIds(l).includes(from)))?.links.push(resumed);
  }
  return chains;
}

/**
 * What identifies one message of the server, whichever stream carries it: a response or a request
 * by its id, a notification by its text.
 */
export function messageKey(frame: InboundFrame): string | undefined {
  const value = frame.value;
  if (!isJsonObject(value)) return undefined;
  if ('result' in value || 'error' in value) return `response ${JSON.stringify(value.id)}`;
  if (typeof value.method === 'string' && 'id' in value) return `request ${JSON.stringify(value.id)}`;
  return `notification ${frame.raw}`;
}

/** Pairs of exchanges (not resuming) that carried the same message, with the message and both frames. */
export function messagesOnTwoStreams(exchanges: readonly HttpExchange[]): { key: string; seqs: [number, number] }[] {
  const first = new Map<string, { exchange: HttpExchange; seq: number }>();
  const twice: { key: string; seqs: [number, number] }[] = [];
  for (const exchange of exchanges.filter((e) => !isResumption(e))) {
    for (const frame of exchange.frames) {
      const key = messageKey(frame);
      if (key === undefined) continue;
      const seen = first.get(key);
      if (!seen) first.set(key, { exchange, seq: frame.seq });
      else if (seen.exchange !== exchange) twice.push({ key, seqs: [seen.seq, frame.seq] });
    }
  }
  return twice;
}

/** Event ids that two events of the streams the server opened share (resumptions, which may replay, are left out). */
export function duplicateEventIds(exchanges: readonly HttpExchange[]): { id: string; seqs: number[] }[] {
  const byId = new Map<string, number[]>();
  for (const exchange of exchanges.filter((e) => e.sse && !isResumption(e))) {
    for (const event of exchange.sse!.events) if (event.id) byId.set(event.id, [...(byId.get(event.id) ?? []), event.seq]);
  }
  return [...byId].filter(([, seqs]) => seqs.length > 1).map(([id, seqs]) => ({ id, seqs }));
}

/** The fixture tool that reports progress while it runs: its stream carries several events. */
const PROGRESS_TOOL = 'test_tool_with_progress';

/** A ready connection, and a request whose answer may be a stream of several events. */
export interface BusyRequest {
  connection: ScenarioConnection;
  /** The progress fixture where it may be called, else ping. */
  method: string;
  /** Its params, with `token` as progress token where there is progress. */
  params(token: string): JsonObject | undefined;
  /** The request as a POST body, with this id (also its progress token). */
  body(id: string): string;
  /** What the request is, in words. */
  what: string;
}

/**
 * Gets a connection ready and picks the request that makes the longest stream the target allows:
 * the progress fixture (notifications, then the response) where it may be called, else a ping
 * (whose stream, if any, holds the response, after a priming event at 2025-11-25).
 */
export async function busyRequest(t: ServerScenarioContext): Promise<BusyRequest> {
  const gate = t.policy.profile === 'blackbox' ? undefined : await fixtureGate(t);
  const connection = gate?.connection ?? (await t.ready());
  const progress = gate !== undefined && gate.toolMissing(PROGRESS_TOOL) === undefined;
  const method = progress ? 'tools/call' : 'ping';
  const params = (token: string): JsonObject | undefined => (progress ? { name: PROGRESS_TOOL, arguments: {}, _meta: { progressToken: token } } : undefined);
  const body = (id: string): string => JSON.stringify({ jsonrpc: '2.0', id, method, ...(progress ? { params: params(id) } : {}) });
  return { connection, method, params, body, what: progress ? `${PROGRESS_TOOL} with a progress token` : 'ping' };
}
