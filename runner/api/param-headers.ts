/**
 * A tools/call made to probe a server's checks of the Mcp-Param-* headers (2026-07-28, Streamable
 * HTTP): the arguments of a callable tool, with a value for every parameter its inputSchema marks
 * `x-mcp-header` that the harness can give one, and the headers those values make. Self-tested in
 * test/api.test.ts.
 */
import { encodeHeaderValue } from '../transports/mcp-headers.js';
import { headerTextOf, mirroredParameters, paramHeaderName, paramHeaderProblems, paramHeaderValue, valueAt } from '../transports/mcp-param-headers.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { ServerPolicy } from '../engine/scenario.js';
import { FIXTURE_SERVER_MIN_TOOLS, FIXTURE_TOOLS } from './fixtures.js';
import { validArguments } from './tool-args.js';
import { callableTools } from './tools.js';

/** One mirrored parameter given a value: its header (lower-cased), the value, and whether the schema requires it. */
export interface MirroredValue {
  header: string;
  property: string;
  value: string | number | boolean;
  /** The harness added it: the schema does not require it, so a call may leave it out. */
  optional: boolean;
}

/** A call with its mirrored parameters filled in. */
export interface MirroredCall {
  arguments: JsonObject;
  mirrored: MirroredValue[];
}

/**
 * `args` (a set the tool's schema accepts) with a value for each top-level parameter marked
 * `x-mcp-header` that they lack, generated from that parameter's own schema; undefined when no
 * mirrored parameter ends up with a string, integer or boolean value.
 */
export function mirroredCall(tool: JsonObject, args: JsonObject): MirroredCall | undefined {
  const schema = tool.inputSchema;
  const properties = isJsonObject(schema) && isJsonObject(schema.properties) ? schema.properties : {};
  const filled: JsonObject = { ...args };
  const mirrored: MirroredValue[] = [];
  for (const { path, header } of mirroredParameters(schema)) {
    let value = valueAt(filled, path);
    let optional = false;
    if (value === undefined && path.length === 1) {
      const property = path[0]!;
      value = validArguments({ type: 'object', properties: { [property]: properties[property] ?? {} }, required: [property] })?.[property];
      if (headerTextOf(value) === undefined) continue;
      filled[property] = value as JsonObject[string];
      optional = true;
    }
    if (headerTextOf(value) === undefined) continue;
    mirrored.push({ header: paramHeaderName(header), property: path.join('.'), value: value as string | number | boolean, optional });
  }
  return mirrored.length ? { arguments: filled, mirrored } : undefined;
}

/**
 * The listed tools that mark a parameter `x-mcp-header` and that the policy lets the harness call,
 * each with its mirrored arguments filled in (mirroredCall), in list order. A conformance test
 * server (one listing enough conventional fixtures, under the `auto` profile) may have its tools
 * called, as with fixtureGate. A tool whose annotations break the rules is left out, as a client
 * over Streamable HTTP leaves it out.
 */
export function mirroredCalls(tools: readonly JsonObject[], policy: ServerPolicy): ({ name: string } & MirroredCall)[] {
  const marking = tools.filter((tool) => mirroredParameters(tool.inputSchema).length > 0 && paramHeaderProblems(tool.inputSchema).length === 0);
  const names = new Set(tools.map((tool) => tool.name));
  const fixtureServer = policy.profile === 'auto' && FIXTURE_TOOLS.filter((name) => names.has(name)).length >= FIXTURE_SERVER_MIN_TOOLS;
  return callableTools(marking, fixtureServer ? { ...policy, profile: 'fixtures' } : policy).flatMap((call) => {
    const plan = mirroredCall(call.tool, call.arguments);
    return plan ? [{ name: call.name, ...plan }] : [];
  });
}

/** The Mcp-Param-* headers of these mirrored values, each as a client spells it (base64 form when needed). */
export function paramHeaders(mirrored: readonly MirroredValue[]): Record<string, string> {
  return Object.fromEntries(mirrored.map((m) => [m.header, paramHeaderValue(m.value)!]));
}

/** A value of the same type that differs from `value`, spelled as a header. */
export function otherHeaderValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return String(!value);
  if (typeof value === 'number') return String(value + 1);
  return encodeHeaderValue(`${value}-other`);
}
