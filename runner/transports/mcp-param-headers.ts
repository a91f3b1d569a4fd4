/**
 * The tool parameters Streamable HTTP mirrors into headers at the stateless revisions: those a tool's
 * inputSchema marks `x-mcp-header` become `Mcp-Param-{name}` headers of a tools/call POST, the value
 * spelled as text (and wrapped as transports/mcp-headers.ts says when it is not plain header text).
 * Both roles can use it: a client to send the headers, the harness to judge them.
 */

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
