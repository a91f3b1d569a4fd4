/**
 * How Streamable HTTP carries a body value in a header at the stateless revisions (Mcp-Name, and the
 * Mcp-Param-{Name} headers of tool parameters marked `x-mcp-header`): as is when it is plain
 * printable ASCII, else as the UTF-8 bytes in base64 between the markers `=?base64?` and `?=` (a
 * plain value that looks like such a wrapping is wrapped too, so that reading it back is unambiguous).
 */

const PREFIX = '=?base64?';
const SUFFIX = '?=';

/** Printable ASCII, space and tab, not starting or ending with whitespace. */
const PLAIN = /^(?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?$/;

function looksWrapped(value: string): boolean {
  return value.startsWith(PREFIX) && value.endsWith(SUFFIX) && value.length >= PREFIX.length + SUFFIX.length;
}

/** A header value for `value`: itself, or its base64 wrapping. */
export function encodeHeaderValue(value: string): string {
  if (PLAIN.test(value) && !looksWrapped(value)) return value;
  return `${PREFIX}${Buffer.from(value, 'utf8').toString('base64')}${SUFFIX}`;
}

/** The value a header carries: unwrapped when it is a base64 wrapping, else as sent. */
export function decodeHeaderValue(header: string): string {
  if (!looksWrapped(header)) return header;
  return Buffer.from(header.slice(PREFIX.length, -SUFFIX.length), 'base64').toString('utf8');
}

/** The header text of a tool argument mirrored into Mcp-Param-*: strings as they are, integers in decimal, booleans as true/false. */
export function headerTextOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value))) return String(value);
  return undefined;
}

/** A parameter a tool's inputSchema marks `x-mcp-header`: where its value sits in the arguments, and the header's name part. */
export interface MirroredParameter {
  path: string[];
  header: string;
}

/** The `x-mcp-header` parameters of an inputSchema, reached through `properties` only (anything else cannot carry one). */
export function mirroredParameters(schema: unknown, path: string[] = []): MirroredParameter[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const properties = (schema as { properties?: unknown }).properties;
  if (typeof properties !== 'object' || properties === null) return [];
  return Object.entries(properties as Record<string, unknown>).flatMap(([name, property]) => {
    const here = [...path, name];
    const header = typeof property === 'object' && property !== null ? (property as Record<string, unknown>)['x-mcp-header'] : undefined;
    return [...(typeof header === 'string' ? [{ path: here, header }] : []), ...mirroredParameters(property, here)];
  });
}

/** The value at a path of `properties` keys in a tool's arguments; undefined when absent. */
export function valueAt(args: unknown, path: readonly string[]): unknown {
  let value = args;
  for (const key of path) value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}
