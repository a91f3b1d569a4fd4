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

/** An HTTP field-name token (RFC 9110 tchar), the form an x-mcp-header value must take. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The JSON types a mirrored parameter may have: text, whole numbers and booleans (not `number`). */
const MIRRORABLE = new Set(['string', 'integer', 'boolean']);

/**
 * Why a tool's inputSchema is no valid tool definition for its x-mcp-header annotations ([] when it
 * is): a value that is empty or no header token, two values alike but for case, an annotation on a
 * parameter that is not a string, integer or boolean, or one reached other than through `properties`
 * alone (inside items, a composition, a condition, a $ref target...). A client over Streamable HTTP
 * leaves such a tool out of the list it works with.
 */
export function paramHeaderProblems(schema: unknown): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const visit = (node: unknown, path: string, direct: boolean): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${path}/${i}`, false));
      return;
    }
    const record = node as Record<string, unknown>;
    const header = record['x-mcp-header'];
    if (header !== undefined) {
      if (typeof header !== 'string' || !TOKEN.test(header)) problems.push(`${path}: x-mcp-header ${JSON.stringify(header)} is no header token`);
      else if (seen.has(header.toLowerCase())) problems.push(`${path}: x-mcp-header ${JSON.stringify(header)} repeats ${seen.get(header.toLowerCase())} (case aside)`);
      else seen.set(header.toLowerCase(), JSON.stringify(header));
      if (!direct) problems.push(`${path}: x-mcp-header sits where only a chain of properties may lead`);
      if (typeof record.type !== 'string' || !MIRRORABLE.has(record.type)) problems.push(`${path}: x-mcp-header on a parameter of type ${JSON.stringify(record.type ?? null)}, not string, integer or boolean`);
    }
    for (const [key, value] of Object.entries(record)) {
      if (key === 'properties' && direct && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        for (const [name, property] of Object.entries(value as Record<string, unknown>)) visit(property, `${path}/properties/${name}`, true);
      } else if (key !== 'x-mcp-header') visit(value, `${path}/${key}`, false);
    }
  };
  visit(schema, '', true);
  return problems;
}
