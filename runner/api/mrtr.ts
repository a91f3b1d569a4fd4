/**
 * Multi round-trip requests (basic/patterns/mrtr, 2026-07-28 on): reading an InputRequiredResult,
 * answering its input requests as a good client would, and retrying the original request.
 */
import { goodClient } from '../engine/client-answers.js';
import type { ScenarioConnection } from '../engine/connection.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { Reply } from '../wire/session.js';

/** The requests a server may answer with an InputRequiredResult (basic/patterns/mrtr#supported-requests). */
export const INPUT_REQUIRED_METHODS: readonly string[] = ['tools/call', 'prompts/get', 'resources/read'];

/** What an InputRequiredResult asks for: its input requests (key to method) and its requestState. */
export interface InputAsked {
  requests: Record<string, { method: string; params: JsonObject }>;
  requestState?: string;
  /** Keys whose value is no request object (method and params). */
  malformed: string[];
}

/** The InputRequiredResult of a reply, or undefined when the reply is anything else. */
export function inputRequiredOf(reply: Reply): InputAsked | undefined {
  if (reply.kind !== 'result' || reply.result.resultType !== 'input_required') return undefined;
  const requests: InputAsked['requests'] = {};
  const malformed: string[] = [];
  const raw = isJsonObject(reply.result.inputRequests) ? reply.result.inputRequests : {};
  for (const [key, value] of Object.entries(raw)) {
    if (isJsonObject(value) && typeof value.method === 'string') requests[key] = { method: value.method, params: isJsonObject(value.params) ? value.params : {} };
    else malformed.push(key);
  }
  const state = reply.result.requestState;
  return { requests, malformed, ...(typeof state === 'string' ? { requestState: state } : {}) };
}

/**
 * The answers a good client with `capabilities` gives to the input requests (the harness's own
 * answers: an accepted form, a sampled message, its root); requests it cannot answer are left out.
 */
export async function answersFor(asked: InputAsked, capabilities: JsonObject): Promise<JsonObject> {
  const answer = goodClient('2026-07-28', capabilities);
  const out: JsonObject = {};
  for (const [key, request] of Object.entries(asked.requests)) {
    const given = await answer({ jsonrpc: '2.0', id: key, method: request.method, params: request.params });
    // An input response is the bare result; resultType belongs to a response envelope.
    if ('result' in given) {
      const { resultType: _type, ...result } = given.result;
      out[key] = result;
    }
  }
  return out;
}

/**
 * Retries `method` with the original `params`, the answers, and the requestState as given (or as
 * `state` overrides it), as a new request with a new id.
 */
export function retry(connection: ScenarioConnection, method: string, params: JsonObject, inputResponses: JsonObject | undefined, state: string | undefined): Promise<Reply> {
  return connection.request(method, { ...params, ...(inputResponses ? { inputResponses } : {}), ...(state !== undefined ? { requestState: state } : {}) });
}

/** `state` with one character in its middle changed: what a client tampering with it would send. */
export function tampered(state: string): string {
  const i = Math.floor(state.length / 2);
  const c = state[i] === 'A' ? 'B' : 'A';
  return `${state.slice(0, i)}${c}${state.slice(i + 1)}`;
}
