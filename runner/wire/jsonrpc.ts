/**
 * JSON-RPC 2.0 shapes as seen on the wire. Everything that arrives is `unknown` until `classify`
 * gives it a kind; classification is deliberately lenient (shape only) because strict validity is the
 * schema validator's job and a malformed frame must still be recorded and correlated where possible.
 */

import { describeType, isJsonObject, type JsonObject } from '../util/json.js';

export type RequestId = string | number;

export interface RpcRequest {
  jsonrpc: '2.0';
  id: RequestId;
  method: string;
  params?: JsonObject;
}

export interface RpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: JsonObject;
}

export interface RpcResultResponse {
  jsonrpc: '2.0';
  id: RequestId;
  result: JsonObject;
}

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface RpcErrorResponse {
  jsonrpc: '2.0';
  id?: RequestId | null;
  error: RpcErrorObject;
}

export type RpcMessage = RpcRequest | RpcNotification | RpcResultResponse | RpcErrorResponse;

export type Classified =
  | { kind: 'request'; message: RpcRequest }
  | { kind: 'notification'; message: RpcNotification }
  | { kind: 'result'; message: RpcResultResponse }
  | { kind: 'error'; message: RpcErrorResponse }
  | { kind: 'batch'; items: unknown[] }
  | { kind: 'invalid'; reason: string };

/** Gives a parsed JSON value a JSON-RPC kind by its shape alone. */
export function classify(value: unknown): Classified {
  if (Array.isArray(value)) return { kind: 'batch', items: value };
  if (!isJsonObject(value)) return { kind: 'invalid', reason: `expected a JSON object, got ${describeType(value)}` };
  const hasId = 'id' in value;
  if (typeof value.method === 'string') {
    return hasId
      ? { kind: 'request', message: value as unknown as RpcRequest }
      : { kind: 'notification', message: value as unknown as RpcNotification };
  }
  if ('result' in value && hasId) return { kind: 'result', message: value as unknown as RpcResultResponse };
  if ('error' in value) return { kind: 'error', message: value as unknown as RpcErrorResponse };
  return { kind: 'invalid', reason: 'neither a request, a notification nor a response' };
}

/** The id of a response frame, if it has a usable one. */
export function responseId(message: RpcResultResponse | RpcErrorResponse): RequestId | undefined {
  const id = message.id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

/** Standard JSON-RPC error codes used by MCP. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

/** A JSON-RPC id as written: a string, or a number. */
const ID_VALUE = String.raw`("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)`;
/** The end of a response whose last members are its id and, maybe, its `jsonrpc`. */
const ID_AT_END = new RegExp(String.raw`"id"\s*:\s*${ID_VALUE}\s*(?:,\s*"jsonrpc"\s*:\s*"2\.0"\s*)?\}\s*$`);

/**
 * The id of a response known only by its first and last characters (a frame too long to parse): a
 * top-level `id` member in the head, else one at its very end (SDKs that write `result` first).
 */
export function idOfCutResponse(head: string, tail: string): RequestId | undefined {
  const value = topLevelIdIn(head) ?? ID_AT_END.exec(tail)?.[1];
  if (value === undefined) return undefined;
  try {
    const id: unknown = JSON.parse(value);
    return typeof id === 'string' || typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The text of the value of the `id` member of the object `text` opens, as far as the text goes. */
function topLevelIdIn(text: string): string | undefined {
  let depth = 0;
  let i = text.indexOf('{');
  if (i === -1 || text.slice(0, i).trim() !== '') return undefined;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      const end = stringEnd(text, i);
      if (end === -1) return undefined;
      if (depth === 1 && text.slice(i, end + 1) === '"id"') {
        const value = new RegExp(String.raw`^\s*:\s*${ID_VALUE}`).exec(text.slice(end + 1, end + 1 + 1024));
        if (value) return value[1];
      }
      i = end;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opened at `start`; -1 when the text ends first. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}
