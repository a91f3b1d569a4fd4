/**
 * The headers that mirror a request's body over Streamable HTTP from 2026-07-28 on
 * (basic/transports/streamable-http#request-metadata): Mcp-Method, Mcp-Name, and the base64
 * sentinel form of values that are not plain header text. Both roles use this module: the harness
 * to send its own requests, and to judge those of a client under test.
 */
import { isJsonObject } from '../util/json.js';

/** The `_meta` key of a request's protocol version, which MCP-Protocol-Version mirrors. */
export const PROTOCOL_VERSION_META = 'io.modelcontextprotocol/protocolVersion';

/**
 * Methods whose request names its target in Mcp-Name, and the params field that holds it; the
 * tasks extension adds its methods, named by their task id (its "Streamable HTTP: Routing Headers").
 */
const NAME_SOURCE: Readonly<Record<string, 'name' | 'uri' | 'taskId'>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

const SENTINEL = /^=\?base64\?(.*)\?=$/s;

/**
 * A header value as the transport spells it: as is when it is plain visible ASCII (spaces inside
 * allowed), else the UTF-8 bytes in base64 between the `=?base64?` and `?=` markers, which also
 * wrap any plain value that looks like the markers themselves.
 */
export function encodeHeaderValue(value: string): string {
  const plain = /^[\x21-\x7e]([\x20-\x7e\t]*[\x21-\x7e])?$/.test(value) && !SENTINEL.test(value);
  return plain ? value : base64HeaderValue(value);
}

/** A header value in the base64 sentinel form whatever it holds (a client may use that form even for plain text). */
export function base64HeaderValue(value: string): string {
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** A header value decoded: the base64 sentinel form unwrapped; undefined when its base64 is broken. */
export function decodeHeaderValue(value: string): string | undefined {
  const match = SENTINEL.exec(value);
  if (!match) return value;
  const body = match[1]!;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) return undefined;
  return Buffer.from(body, 'base64').toString('utf8');
}

/**
 * The standard headers a POST carrying `message` sends at the stateless revisions: Mcp-Method for
 * every request and notification, Mcp-Name for the methods that name a tool, prompt or resource,
 * and MCP-Protocol-Version when the body names its version in `_meta`. Lower-cased names; {} for
 * anything that is not a JSON-RPC request or notification.
 */
export function standardHeaders(message: unknown): Record<string, string> {
  if (!isJsonObject(message) || typeof message.method !== 'string') return {};
  const headers: Record<string, string> = { 'mcp-method': message.method };
  const params = isJsonObject(message.params) ? message.params : undefined;
  const source = NAME_SOURCE[message.method];
  const name = source && params ? params[source] : undefined;
  if (typeof name === 'string') headers['mcp-name'] = encodeHeaderValue(name);
  const version = isJsonObject(params?._meta) ? params._meta[PROTOCOL_VERSION_META] : undefined;
  if (typeof version === 'string') headers['mcp-protocol-version'] = version;
  return headers;
}
