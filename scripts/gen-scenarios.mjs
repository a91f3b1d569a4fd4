// The generated-scenario half of `npm run gen`: one probe scenario per read-only request method a
// client sends a server, written to suites/<rev>/server/generated/<method>.ts, where <rev> is the
// first revision of an era (the stateful revisions, those whose catalogue has `initialize`; the
// stateless ones after them) whose schema has the method and the capability that gates it.
//
// A generated file is data only: it default-exports `probeScenario({...})` (runner/api/generated.ts),
// which does the probing. What this script derives from the schemas:
//
//   - which revisions of each era define the method, and the capability in ServerCapabilities that
//     gates it (a table below names it; the schema confirms it);
//   - the params of a well-formed request: every required member but `_meta` (the connection adds the
//     per-request fields at the stateless revisions), with a value made from its schema (see `exampleOf`);
//   - the invalid-params probes: for each required member, the params without it, and with a value
//     of a JSON type its schema does not allow.
//
// Every revision of an era the file runs at must derive the same data from its own schema; when a
// later revision of the era changes a method's params, generation stops and asks for a human decision
// instead of silently probing one revision with another's shape. A file never spans two eras: the
// requirements its checks cite differ (capabilities negotiated in initialize, or listed by
// server/discover), so each era that has the method gets a file of its own.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { definitionsOf } from './gen.mjs';

/** Where the generated scenarios go, relative to the repository. */
export const GENERATED_DIR = (rev) => `suites/${rev}/server/generated`;

const INVALID_PARAMS = 'jsonrpc/receiver-invalid-params';

/**
 * What each era's probes cite where the method's entry in SCOPE names nothing of its own:
 *
 *   stateful   capabilities are negotiated in initialize: a declared one is honoured (MUST, the
 *              lifecycle page); refusing a method of an undeclared one is a permission (MAY).
 *   stateless  capabilities are listed in the server/discover result, "capabilities the server
 *              supports" (prose, SHOULD); the schema's MethodNotFoundError is what a server returns
 *              for a method behind a capability it did not advertise (prose, SHOULD: -32601).
 */
const ERAS = {
  stateful: {
    declared: 'lifecycle/server-honours-declared-capabilities',
    undeclared: { requirement: 'lifecycle/server-refuses-undeclared-methods' },
  },
  stateless: {
    declared: 'discover/server-supports-listed-capabilities',
    undeclared: { requirement: 'base/server-unadvertised-method-not-found', code: -32601 },
  },
};

/**
 * The methods probed, and what the text says about each. Only read-only requests a client sends a
 * server: tools/call is never sent (the tools suites own it), subscriptions change server state.
 *
 *   capability  dotted path in ServerCapabilities; a revision whose schema lacks it gets no probe
 *   declared    per era, the requirement of a well-formed request answered where the method's page
 *               says so itself; else the era's (ERAS)
 *   undeclared  requirement (and error code, where the page names one) when the capability is
 *               absent, in every era; else the era's
 *   invalid     requirement per required member, where the method's page names -32602 for it;
 *               every other member cites the JSON-RPC row
 */
const SCOPE = [
  // From 2026-07-28 each list's page says it: "Servers that declare the tools capability MUST respond to tools/list".
  { method: 'tools/list', capability: 'tools', declared: { stateless: 'tools/server-answers-list-when-declared' } },
  { method: 'resources/list', capability: 'resources', declared: { stateless: 'resources/server-answers-list-when-declared' } },
  { method: 'resources/templates/list', capability: 'resources' },
  { method: 'resources/read', capability: 'resources' },
  { method: 'prompts/list', capability: 'prompts', declared: { stateless: 'prompts/server-answers-list-when-declared' } },
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

/** The probe data of `entry` at one revision of `era`, or undefined when the revision cannot have the probe. */
function probeAt(entry, era, schema, catalogue) {
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
  const declared = { check: 'declared-answered', requirement: entry.declared?.[era] ?? ERAS[era].declared };
  const refusal = entry.undeclared ?? ERAS[era].undeclared;
  const undeclared =
    refusal.code === undefined
      ? { check: 'undeclared-refused', requirement: refusal.requirement }
      : { check: `undeclared-${-refusal.code}`, requirement: refusal.requirement, code: refusal.code };
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
  const outputs = new Map();
  const eras = erasOf(revisions, load);
  for (const entry of scope) {
    let found = false;
    for (const { era, members } of eras) {
      const at = members.map((rev) => ({ rev, probe: probeAt(entry, era, load(rev).schema, load(rev).catalogue) }));
      const first = at.findIndex((a) => a.probe !== undefined);
      if (first < 0) continue; // gone in this era (logging/setLevel, tasks/list at the stateless revisions)
      found = true;
      const since = at[first].rev;
      const text = JSON.stringify(at[first].probe);
      for (const later of at.slice(first + 1)) {
        if (later.probe === undefined) throw new Error(`${entry.method}: gone at ${later.rev}, a ${era} revision: decide its until by hand`);
        if (JSON.stringify(later.probe) !== text) throw new Error(`${entry.method}: ${later.rev} derives other probe data than ${since}; split the scenario by hand`);
      }
      // Past its era the file's checks cite the wrong rows (and a stateful probe's handshake is gone):
      // it stops at the first revision of the next era, which has a file of its own.
      const until = revisions[revisions.indexOf(members.at(-1)) + 1];
      const path = `${GENERATED_DIR(since)}/${kebab(entry.method)}.ts`;
      outputs.set(path, scenarioText(at[first].probe, until, generatedBy(`schemas/${since}/schema.json and schemas/${since}/catalogue.json`), at.slice(first).map((a) => a.rev)));
    }
    if (!found) throw new Error(`${entry.method}: no revision defines it with capability ${entry.capability}`);
  }
  return outputs;
}

/**
 * The revisions cut into runs of one era, in order: stateful (the catalogue has `initialize`), then
 * stateless. An era that comes back after another would need its own rows: refused until it happens.
 */
function erasOf(revisions, load) {
  const eras = [];
  for (const rev of revisions) {
    const era = load(rev).catalogue.methods.some((m) => m.method === 'initialize') ? 'stateful' : 'stateless';
    if (eras.at(-1)?.era === era) eras.at(-1).members.push(rev);
    else if (eras.some((e) => e.era === era)) throw new Error(`${rev}: the ${era} era comes back after another; decide its probes by hand`);
    else eras.push({ era, members: [rev] });
  }
  return eras;
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
