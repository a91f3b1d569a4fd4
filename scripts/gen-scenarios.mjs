// The generated-scenario half of `npm run gen`: one probe scenario per read-only request method a
// client sends a server, written to suites/<rev>/server/generated/<method>.ts, where <rev> is the
// first stateful revision whose schema has the method and the capability that gates it.
//
// A generated file is data only: it default-exports `probeScenario({...})` (runner/api/generated.ts),
// which does the probing. What this script derives from the schemas:
//
//   - which stateful revisions (those whose catalogue has `initialize`) define the method, and the
//     capability in ServerCapabilities that gates it (a table below names it; the schema confirms it);
//   - the params of a well-formed request: every required member, with a value made from its schema
//     (see `exampleOf`);
//   - the invalid-params probes: for each required member, the params without it, and with a value
//     of a JSON type its schema does not allow.
//
// Every stateful revision the file runs at must derive the same data from its own schema; when a later
// revision changes a method's params, generation stops and asks for a human decision instead of
// silently probing one revision with another's shape.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { definitionsOf } from './gen.mjs';

/** Where the generated scenarios go, relative to the repository. */
export const GENERATED_DIR = (rev) => `suites/${rev}/server/generated`;

const HONOURED = 'lifecycle/server-honours-declared-capabilities';
const MAY_REFUSE = 'lifecycle/server-refuses-undeclared-methods';
const INVALID_PARAMS = 'jsonrpc/receiver-invalid-params';

/**
 * The methods probed, and what the text says about each. Only read-only requests a client sends a
 * server: tools/call is never sent (the tools suites own it), subscriptions change server state.
 *
 *   capability  dotted path in ServerCapabilities; a revision whose schema lacks it gets no probe
 *   undeclared  requirement (and error code, where the page names one) when the capability is absent
 *   invalid     requirement per required member, where the method's page names -32602 for it;
 *               every other member cites the JSON-RPC row
 */
const SCOPE = [
  { method: 'tools/list', capability: 'tools' },
  { method: 'resources/list', capability: 'resources' },
  { method: 'resources/templates/list', capability: 'resources' },
  { method: 'resources/read', capability: 'resources' },
  { method: 'prompts/list', capability: 'prompts' },
  // "Invalid prompt name: -32602": a missing or non-string name is an invalid prompt name.
  { method: 'prompts/get', capability: 'prompts', invalid: { name: 'prompts/server-unknown-prompt-invalid-params' } },
  // Completion names its codes: -32601 when the capability is not supported, -32602 for missing
  // required arguments (ref and argument are the request's required arguments).
  {
    method: 'completion/complete',
    capability: 'completions',
    undeclared: { requirement: 'completion/server-undeclared-method-not-found', code: -32601 },
    invalid: { 'missing:ref': 'completion/server-missing-arguments-invalid-params', 'missing:argument': 'completion/server-missing-arguments-invalid-params' },
  },
  // "Invalid log level: -32602": a missing or non-string level is an invalid log level.
  { method: 'logging/setLevel', capability: 'logging', invalid: { level: 'logging/server-invalid-level-invalid-params' } },
  { method: 'tasks/list', capability: 'tasks.list' },
];

/** The value used for a string the schema leaves open, and for a uri. */
const TEXT = 'conformance-probe';
const URI = 'conformance://probe';

/**
 * A value valid against `node` (a schema fragment of `schema`): a const as is, the first member of
 * an enum, the first branch of a union, an object with its required members only, a fixed text for
 * an open string.
 */
export function exampleOf(schema, node) {
  const n = resolve(schema, node);
  if (n.const !== undefined) return n.const;
  if (Array.isArray(n.enum)) return n.enum[0];
  const branches = n.anyOf ?? n.oneOf;
  if (branches) return exampleOf(schema, branches[0]);
  const type = Array.isArray(n.type) ? n.type[0] : n.type;
  switch (type) {
    case 'string':
      return n.format === 'uri' || n.format === 'uri-template' ? URI : TEXT;
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries((n.required ?? []).map((key) => [key, exampleOf(schema, n.properties?.[key] ?? {})]));
    default:
      throw new Error(`no example for schema fragment ${JSON.stringify(n).slice(0, 200)}`);
  }
}

/** The JSON types a schema fragment accepts (a union's branches together); empty when it says none. */
export function typesOf(schema, node) {
  const n = resolve(schema, node);
  if (n.const !== undefined) return [jsonType(n.const)];
  if (Array.isArray(n.enum)) return [...new Set(n.enum.map(jsonType))];
  const branches = n.anyOf ?? n.oneOf;
  if (branches) return [...new Set(branches.flatMap((b) => typesOf(schema, b)))];
  if (n.type === undefined) return [];
  return (Array.isArray(n.type) ? n.type : [n.type]).map((t) => (t === 'integer' ? 'number' : t));
}

function jsonType(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A value of a JSON type the fragment does not accept: a number for strings, else a string. */
export function wrongValueFor(types) {
  if (types.length === 0) return undefined;
  return types.includes('string') ? (types.includes('number') ? false : 0) : TEXT;
}

function resolve(schema, node) {
  const { defs } = definitionsOf(schema);
  let n = node;
  for (let hops = 0; typeof n?.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${n.$ref}`);
    const name = /^#\/(?:\$defs|definitions)\/([^/]+)$/.exec(n.$ref)?.[1];
    if (!name || !defs[name]) throw new Error(`unresolvable $ref ${n.$ref}`);
    n = defs[name];
  }
  return n ?? {};
}

/** The capability path exists in the schema's ServerCapabilities. */
function hasCapability(schema, path) {
  let node = definitionsOf(schema).defs.ServerCapabilities;
  for (const key of path.split('.')) {
    node = node && resolve(schema, node).properties?.[key];
    if (!node) return false;
  }
  return true;
}

/** The probe data of `entry` at one revision, or undefined when the revision cannot have the probe. */
function probeAt(entry, schema, catalogue) {
  const info = catalogue.methods.find((m) => m.method === entry.method);
  if (!info || info.kind !== 'request' || !info.senders.includes('client')) return undefined;
  if (!hasCapability(schema, entry.capability)) return undefined;
  const request = definitionsOf(schema).defs[info.definition];
  const paramsNode = request.properties?.params ? resolve(schema, request.properties.params) : undefined;
  const required = (paramsNode?.required ?? []).filter((key) => key !== '_meta');
  const member = (key) => paramsNode.properties?.[key] ?? {};
  const params = required.length ? Object.fromEntries(required.map((key) => [key, exampleOf(schema, member(key))])) : undefined;
  const cite = (kind, key) => entry.invalid?.[`${kind}:${key}`] ?? entry.invalid?.[key] ?? INVALID_PARAMS;
  const invalid = [];
  for (const key of required) {
    const { [key]: _dropped, ...without } = params;
    invalid.push({ check: `missing-${kebab(key)}-32602`, requirement: cite('missing', key), what: `params without ${key}`, params: without });
    const types = typesOf(schema, member(key));
    const wrong = wrongValueFor(types);
    if (wrong === undefined) continue;
    invalid.push({
      check: `${kebab(key)}-wrong-type-32602`,
      requirement: cite('wrong-type', key),
      what: `${key} as a ${jsonType(wrong)} (the schema allows ${types.join(' or ')})`,
      params: { ...params, [key]: wrong },
    });
  }
  const declared = { check: 'declared-answered', requirement: HONOURED };
  const undeclared = entry.undeclared
    ? { check: `undeclared-${-entry.undeclared.code}`, requirement: entry.undeclared.requirement, code: entry.undeclared.code }
    : { check: 'undeclared-refused', requirement: MAY_REFUSE };
  // The checks are declared once, up front, as every scenario's metadata does; the probes name them.
  const checks = Object.fromEntries([declared, undeclared, ...invalid].map((c) => [c.check, c.requirement]));
  const named = ({ requirement: _cited, ...probe }) => probe;
  return {
    method: entry.method,
    capability: entry.capability,
    until: undefined, // filled in by buildProbeScenarios; keeps the key order readable
    ...(params ? { params } : {}),
    checks,
    declared: named(declared),
    undeclared: named(undeclared),
    invalid: invalid.map(named),
  };
}

const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/\//g, '-');

/**
 * Every generated scenario: repository-relative path -> text. `load(rev)` gives a revision's parsed
 * schema and catalogue; `revisions` is the ordered revision list; `scope` the methods (tests pass their own).
 */
export function buildProbeScenarios(revisions, load, generatedBy, scope = SCOPE) {
  const stateful = revisions.filter((rev) => load(rev).catalogue.methods.some((m) => m.method === 'initialize'));
  const outputs = new Map();
  for (const entry of scope) {
    const at = stateful.map((rev) => ({ rev, probe: probeAt(entry, load(rev).schema, load(rev).catalogue) }));
    const first = at.findIndex((a) => a.probe !== undefined);
    if (first < 0) throw new Error(`${entry.method}: no stateful revision defines it with capability ${entry.capability}`);
    const since = at[first].rev;
    const text = JSON.stringify(at[first].probe);
    for (const later of at.slice(first + 1)) {
      if (later.probe === undefined) throw new Error(`${entry.method}: gone at ${later.rev}, a stateful revision: decide its until by hand`);
      if (JSON.stringify(later.probe) !== text) throw new Error(`${entry.method}: ${later.rev} derives other probe data than ${since}; split the scenario by hand`);
    }
    // Past the stateful revisions the handshake these probes rely on (and the lifecycle rows they
    // cite) is gone: the file stops at the first revision without initialize.
    const until = revisions.slice(revisions.indexOf(since) + 1).find((rev) => !stateful.includes(rev));
    const path = `${GENERATED_DIR(since)}/${kebab(entry.method)}.ts`;
    outputs.set(path, scenarioText(at[first].probe, until, generatedBy(`schemas/${since}/schema.json and schemas/${since}/catalogue.json`), at.slice(first).map((a) => a.rev)));
  }
  return outputs;
}

function scenarioText(probe, until, banner, checkedAt) {
  const data = JSON.parse(JSON.stringify({ ...probe, until }));
  const where = checkedAt.length === 1 ? `The schema of ${checkedAt[0]} gives` : `The schemas of ${checkedAt.join(', ')} all give`;
  return [
    `// ${banner}`,
    `// ${where} this data; runner/api/generated.ts does the probing.`,
    "import { probeScenario } from '#api';",
    '',
    `export default probeScenario(${tsLiteral(data, 0)});`,
    '',
  ].join('\n');
}

/**
 * A JSON value as a TypeScript literal: unquoted keys where they are identifiers, single quotes, and
 * an object or array on one line when that line stays within 120 characters.
 */
function tsLiteral(value, depth, room = 120) {
  const flat = inline(value);
  if (flat.length + depth * 2 <= room || value === null || typeof value !== 'object') return flat;
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (Array.isArray(value)) return `[\n${value.map((v) => `${pad}${tsLiteral(v, depth + 1, room - 1)},`).join('\n')}\n${end}]`;
  const lines = Object.entries(value).map(([k, v]) => `${pad}${key(k)}: ${tsLiteral(v, depth + 1, room - key(k).length - 3)},`);
  return `{\n${lines.join('\n')}\n${end}}`;
}

function inline(value) {
  if (Array.isArray(value)) return value.length ? `[${value.map(inline).join(', ')}]` : '[]';
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? `{ ${entries.map(([k, v]) => `${key(k)}: ${inline(v)}`).join(', ')} }` : '{}';
  }
  return typeof value === 'string' ? quote(value) : JSON.stringify(value);
}

const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k));
const quote = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Generated scenario files on disk (repository-relative), to find those that gen no longer writes. */
export function existingGenerated(root, revisions) {
  return revisions.flatMap((rev) => {
    const dir = join(root, GENERATED_DIR(rev));
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `${GENERATED_DIR(rev)}/${f}`) : [];
  });
}
