/**
 * Arguments for a tool call, generated from the tool's `inputSchema`: one set the schema accepts,
 * and one it refuses (to see the error path). Best effort over the JSON Schema keywords tools
 * actually use (type, properties, required, enum, const, default, examples, minimum/maximum,
 * minLength/maxLength, items/minItems, anyOf/oneOf/allOf, local $ref); always small and bounded.
 * Self-tested in test/api.test.ts.
 */
import { isJsonObject, type JsonObject } from '../util/json.js';

/** Deepest nesting followed; deeper values are left out (or make the set impossible). */
const MAX_DEPTH = 6;
/** Longest generated string and largest generated array. */
const MAX_STRING = 64;
const MAX_ARRAY = 3;

const NONE = Symbol('none');
type Generated = unknown | typeof NONE;

/** `#/$defs/X` or `#/definitions/X` inside `root`; undefined for anything else. */
function resolveRef(ref: string, root: JsonObject): JsonObject | undefined {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match) return undefined;
  const defs = root[match[1]!];
  const found = isJsonObject(defs) ? defs[match[2]!.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isJsonObject(found) ? found : undefined;
}

const FORMATS: Record<string, string> = {
  uri: 'https://example.com/',
  url: 'https://example.com/',
  email: 'conformance@example.com',
  'date-time': '2025-01-01T00:00:00Z',
  date: '2025-01-01',
  time: '00:00:00Z',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function firstType(schema: JsonObject): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null') ?? (type.includes('null') ? 'null' : undefined);
  if (isJsonObject(schema.properties) || Array.isArray(schema.required)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function numberFor(schema: JsonObject, integer: boolean): number {
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const exclusiveMin = num(schema.exclusiveMinimum);
  const exclusiveMax = num(schema.exclusiveMaximum);
  const step = integer ? 1 : 0.5;
  let value = num(schema.minimum) ?? (exclusiveMin !== undefined ? exclusiveMin + step : undefined) ?? 1;
  const max = num(schema.maximum) ?? (exclusiveMax !== undefined ? exclusiveMax - step : undefined);
  if (max !== undefined && value > max) value = max;
  return integer ? Math.ceil(value) : value;
}

function generate(schema: unknown, root: JsonObject, depth: number): Generated {
  if (schema === true || schema === undefined) return 'x';
  if (!isJsonObject(schema) || depth > MAX_DEPTH) return NONE;
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, root);
    return target ? generate(target, root, depth + 1) : NONE;
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (!Array.isArray(options)) continue;
    for (const option of options) {
      const value = generate(option, root, depth + 1);
      if (value !== NONE) return value;
    }
    return NONE;
  }
  if (Array.isArray(schema.allOf)) {
    // Merge the parts' keywords; enough for the common "allOf: [{$ref}, {description}]".
    const merged: JsonObject = {};
    for (const part of schema.allOf) {
      const resolved = isJsonObject(part) && typeof part.$ref === 'string' ? resolveRef(part.$ref, root) : part;
      if (isJsonObject(resolved)) Object.assign(merged, resolved);
    }
    return generate({ ...schema, allOf: undefined, ...merged }, root, depth + 1);
  }
  switch (firstType(schema)) {
    case 'string': {
      if (typeof schema.format === 'string' && FORMATS[schema.format]) return FORMATS[schema.format];
      const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
      const max = typeof schema.maxLength === 'number' ? schema.maxLength : MAX_STRING;
      return 'a'.repeat(Math.max(0, Math.min(Math.max(min, 1), max, MAX_STRING)));
    }
    case 'integer':
      return numberFor(schema, true);
    case 'number':
      return numberFor(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = Math.min(typeof schema.minItems === 'number' ? schema.minItems : 0, MAX_ARRAY);
      const items: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const item = generate(schema.items, root, depth + 1);
        if (item === NONE) return NONE;
        items.push(item);
      }
      return items;
    }
    case 'object':
      return objectFor(schema, root, depth);
    default:
      return 'x';
  }
}

/** Only the required properties: the smallest object the schema asks for. */
function objectFor(schema: JsonObject, root: JsonObject, depth: number): JsonObject | typeof NONE {
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  const value: JsonObject = {};
  for (const name of required) {
    const generated = generate(properties[name] ?? schema.additionalProperties, root, depth + 1);
    if (generated === NONE) return NONE;
    value[name] = generated;
  }
  return value;
}

/**
 * A set of arguments `inputSchema` accepts (its required properties, each given a plausible
 * value), or undefined when the generator cannot build one (a deep or unresolvable schema).
 */
export function validArguments(inputSchema: unknown): JsonObject | undefined {
  if (!isJsonObject(inputSchema)) return undefined;
  const value = generate(inputSchema, inputSchema, 0);
  return isJsonObject(value) ? value : undefined;
}

/** A value of a JSON type other than the one `schema` asks for. */
function wrongValue(schema: unknown): unknown {
  const type = isJsonObject(schema) ? firstType(schema) : undefined;
  switch (type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
    case 'boolean':
    case 'array':
    case 'object':
      return 'not-a-valid-value';
    default:
      return undefined;
  }
}

/**
 * A set of arguments `inputSchema` plainly refuses: a required property left out, else a typed
 * property given a value of another type. Undefined otherwise (an unexpected extra property is not
 * used: many servers drop unknown keys, and the text does not settle whether that is an error).
 */
export function invalidArguments(inputSchema: unknown): JsonObject | undefined {
  const valid = validArguments(inputSchema);
  if (!valid || !isJsonObject(inputSchema)) return undefined;
  const required = Array.isArray(inputSchema.required) ? inputSchema.required.filter((r): r is string => typeof r === 'string') : [];
  if (required.length > 0) {
    const rest = { ...valid };
    delete rest[required[0]!];
    return rest;
  }
  const properties = isJsonObject(inputSchema.properties) ? inputSchema.properties : {};
  for (const [name, schema] of Object.entries(properties)) {
    const wrong = wrongValue(isJsonObject(schema) && typeof schema.$ref === 'string' ? resolveRef(schema.$ref, inputSchema) : schema);
    if (wrong !== undefined) return { ...valid, [name]: wrong };
  }
  return undefined;
}
