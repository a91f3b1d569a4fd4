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
