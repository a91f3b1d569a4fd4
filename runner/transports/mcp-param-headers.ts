/**
 * The tool parameters Streamable HTTP mirrors into headers at the stateless revisions: those a tool's
 * inputSchema marks `x-mcp-header` become `Mcp-Param-{name}` headers of a tools/call POST, the value
 * spelled as text (and wrapped as transports/mcp-headers.ts says when it is not plain header text).
 * Both roles can use it: a client to send the headers, the harness to judge them.
 */
import { isJsonObject } from '../util/json.js';
import { encodeHeaderValue } from './mcp-headers.js';

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

/** The name (lower-cased) of the header that mirrors a parameter whose x-mcp-header is `header`. */
export function paramHeaderName(header: string): string {
  return `mcp-param-${header.toLowerCase()}`;
}

/** A mirrored argument's value as its Mcp-Param-* header carries it (base64 form when needed); undefined when it is not mirrored. */
export function paramHeaderValue(value: unknown): string | undefined {
  const text = headerTextOf(value);
  return text === undefined ? undefined : encodeHeaderValue(text);
}

/** The Mcp-Param-* headers of a tools/call giving `args` to a tool that mirrors `parameters`: one for each mirrored argument present. */
export function paramHeadersOf(parameters: readonly MirroredParameter[], args: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { path, header } of parameters) {
    const value = paramHeaderValue(valueAt(args, path));
    if (value !== undefined) headers[paramHeaderName(header)] = value;
  }
  return headers;
}

/** Tools remembered per target at most: a server listing more cannot make the harness hold more. */
const MAX_REMEMBERED_TOOLS = 10_000;

/**
 * What the harness, as a client over Streamable HTTP, knows of one target's tools: the mirrored
 * parameters of each tool a tools/list result (any page, on any connection to the target) showed,
 * so that the tools/call requests the harness sends carry the Mcp-Param-* headers a server may
 * insist on, as any client's would.
 */
export class MirroredTools {
  private readonly byName = new Map<string, readonly MirroredParameter[]>();

  /** Takes note of the tools of one tools/list result (one page); a tool listed again replaces what was known of it. */
  learn(result: unknown): void {
    const tools = isJsonObject(result) && Array.isArray(result.tools) ? result.tools : [];
    for (const tool of tools) {
      if (!isJsonObject(tool) || typeof tool.name !== 'string') continue;
      const parameters = mirroredParameters(tool.inputSchema);
      if (parameters.length === 0) this.byName.delete(tool.name);
      else if (this.byName.has(tool.name) || this.byName.size < MAX_REMEMBERED_TOOLS) this.byName.set(tool.name, parameters);
    }
  }

  /** The Mcp-Param-* headers of a tools/call request of a tool known to mirror parameters; {} for any other message. */
  headersFor(message: unknown): Record<string, string> {
    if (!isJsonObject(message) || message.method !== 'tools/call' || !isJsonObject(message.params)) return {};
    const { name, arguments: args } = message.params;
    const parameters = typeof name === 'string' ? this.byName.get(name) : undefined;
    return parameters ? paramHeadersOf(parameters, args) : {};
  }
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
