/**
 * What a request carries about itself from 2026-07-28 on, where no handshake exists: the
 * per-request `_meta` fields (basic/index#_meta). The HTTP headers that mirror the body are in
 * transports/mcp-headers.ts. Both roles use this module: the harness to build its own requests,
 * and to judge those of a client under test.
 */
import { PROTOCOL_VERSION_META } from '../transports/mcp-headers.js';
import { isJsonObject, type JsonObject } from '../util/json.js';

/** The reserved `_meta` keys a request (or result) carries at the stateless revisions. */
export const META = {
  protocolVersion: PROTOCOL_VERSION_META,
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

/** The `_meta` fields every request must carry (basic/index#_meta, per-request protocol fields). */
export const REQUIRED_REQUEST_META = [META.protocolVersion, META.clientCapabilities] as const;

/** The protocol errors the stateless revisions define (basic/index#error-codes). */
export const MODERN_ERRORS = {
  headerMismatch: -32020,
  missingClientCapability: -32021,
  unsupportedProtocolVersion: -32022,
} as const;

/**
 * `params` with the per-request fields added to its `_meta`; fields the caller set already win,
 * so a probe can send a version or capabilities of its own choosing.
 */
export function withRequestMeta(params: JsonObject | undefined, fields: { protocolVersion: string; clientCapabilities: JsonObject; clientInfo?: JsonObject }): JsonObject {
  const own = isJsonObject(params?._meta) ? params._meta : {};
  const meta: JsonObject = { [META.protocolVersion]: fields.protocolVersion, [META.clientCapabilities]: fields.clientCapabilities };
  if (fields.clientInfo) meta[META.clientInfo] = fields.clientInfo;
  return { ...params, _meta: { ...meta, ...own } };
}

/** The `_meta` object of a message's params, if it has one. */
export function metaOf(message: unknown): JsonObject | undefined {
  if (!isJsonObject(message) || !isJsonObject(message.params)) return undefined;
  const meta = message.params._meta;
  return isJsonObject(meta) ? meta : undefined;
}

/** What a request's `_meta` says about its sender; each field undefined when absent (or not of its type). */
export interface RequestMeta {
  protocolVersion?: string;
  clientCapabilities?: JsonObject;
  clientInfo?: JsonObject;
}

/** The per-request fields of a request's params, read (a client under test may send any of them, or none). */
export function requestMetaOf(params: unknown): RequestMeta {
  const meta = metaOf({ params }) ?? {};
  const version = meta[META.protocolVersion];
  const capabilities = meta[META.clientCapabilities];
  const info = meta[META.clientInfo];
  return {
    ...(typeof version === 'string' ? { protocolVersion: version } : {}),
    ...(isJsonObject(capabilities) ? { clientCapabilities: capabilities } : {}),
    ...(isJsonObject(info) ? { clientInfo: info } : {}),
  };
}
