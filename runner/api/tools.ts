/**
 * Helpers for the tool scenarios: whether a tool's schema is a valid JSON Schema, whether a value
 * matches it, and which listed tools the harness may call under the user's policy (README: "What
 * the harness does to a server"). Self-tested in test/api.test.ts.
 */
import type { Ajv, AnySchemaObject, Options } from 'ajv';
import type { ScenarioConnection } from '../engine/connection.js';
import type { ScenarioContextBase, ServerPolicy } from '../engine/scenario.js';
import { describeStop, objectsIn, paginate } from './features.js';
import { newAjv as newAjvOf, type AjvDialect } from '../util/ajv.js';
import { isJsonObject, jsonEqual, type JsonObject } from '../util/json.js';
import { validArguments } from './tool-args.js';
import type { Reply } from '../wire/session.js';

/** Tools called without explicit consent (read-only, no arguments needed), at most. */
export const MAX_READ_ONLY_CALLS = 5;
/** Tools called with consent (--call-tools, the fixtures profile), at most. */
export const MAX_CONSENTED_CALLS = 25;
/** How long a tool called only to sample its result may run before the harness cancels it (or `--timeout`, if shorter). */
export const SAMPLE_CALL_BUDGET_MS = 3_000;

type Dialect = AjvDialect;

/** The dialect `$schema` names; 2020-12 when absent (the tools page's default). */
function dialectOf(schema: JsonObject): Dialect | 'unjudged' | undefined {
  const uri = schema.$schema;
  if (uri === undefined) return '2020-12';
  if (typeof uri !== 'string') return undefined;
  if (uri.includes('2020-12')) return '2020-12';
  if (uri.includes('2019-09')) return '2019-09';
  if (/draft-0[67]/.test(uri)) return 'draft-07';
  // Draft-04 (keyword forms ajv does not compile) and dialects the harness does not know.
  return 'unjudged';
}

function newAjv(dialect: Dialect): Ajv {
  // Not strict: unknown keywords and formats are allowed by JSON Schema itself; the meta-schema
  // decides what is valid.
  const options: Options = { strict: false, validateSchema: true, allErrors: true, validateFormats: true, logger: false };
  return newAjvOf(dialect, options);
}

/**
 * One ajv per dialect for the whole process: a new instance compiles its meta-schema again, which
 * made a server with 10,000 tools cost minutes. It compiles only schemas that name no resource
 * (`$id`, anchors), and each is removed again once compiled, so it holds nothing of a server and no
 * two schemas can clash; one that names a resource gets an instance of its own, as before.
 */
const shared = new Map<Dialect, Ajv>();

function sharedAjv(dialect: Dialect): Ajv {
  let ajv = shared.get(dialect);
  if (!ajv) {
    ajv = newAjv(dialect);
    shared.set(dialect, ajv);
  }
  return ajv;
}

/** Keywords that register a schema resource in an ajv instance, where another schema could meet it. */
const NAMES_A_RESOURCE = /"(\$id|\$anchor|\$dynamicAnchor|\$recursiveAnchor)"\s*:/;
/**
 * Keywords whose faults only compiling finds (a reference that resolves nowhere, a pattern that is no
 * regular expression); a schema without them (nor a resource name) is valid when the meta-schema says so.
 */
const JUDGED_BY_COMPILING = /"(\$ref|\$dynamicRef|\$recursiveRef|pattern|patternProperties)"\s*:/;

/** A published schema ready for ajv: its dialect, the schema without `$schema`, and its text. */
type Prepared = { kind: 'ready'; dialect: Dialect; schema: AnySchemaObject; text: string } | { kind: 'unjudged' } | { kind: 'invalid'; error: string };

function prepare(schema: unknown): Prepared {
  if (!isJsonObject(schema)) return { kind: 'invalid', error: `not a JSON object but ${JSON.stringify(schema)?.slice(0, 80)}` };
  const dialect = dialectOf(schema);
  if (!dialect) return { kind: 'invalid', error: `$schema is not a string but ${JSON.stringify(schema.$schema)}` };
  if (dialect === 'unjudged') return { kind: 'unjudged' };
  const { $schema: _dialect, ...rest } = schema as AnySchemaObject;
  return { kind: 'ready', dialect, schema: rest, text: JSON.stringify(rest) };
}

function compilePrepared({ dialect, schema, text }: Extract<Prepared, { kind: 'ready' }>): CompiledSchema {
  const own = NAMES_A_RESOURCE.test(text);
  const ajv = own ? newAjv(dialect) : sharedAjv(dialect);
  try {
    const compiled = ajv.compile(schema);
    return {
      ok: true,
      validate: (value) => (compiled(value) ? [] : (compiled.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'invalid'}`)),
    };
  } catch (err) {
    return { ok: false, error: (err instanceof Error ? err.message : String(err)).slice(0, 300) };
  } finally {
    // The compiled function stands on its own; the shared instance keeps no trace of the server's schema.
    if (!own) ajv.removeSchema(schema);
  }
}

/** A compiled JSON Schema, or why it is not one. */
export type CompiledSchema = { ok: true; validate: (value: unknown) => string[] } | { ok: false; error: string };

/**
 * Compiles a schema a server published (a tool's inputSchema/outputSchema) in the dialect its
 * `$schema` names (2020-12 by default). Drafts 06 and 07 are compiled as draft-07; a schema in
 * another dialect (draft-04, a custom one) is accepted unjudged: the harness cannot validate it.
 */
export function compileJsonSchema(schema: unknown): CompiledSchema {
  const prepared = prepare(schema);
  if (prepared.kind === 'invalid') return { ok: false, error: prepared.error };
  if (prepared.kind === 'unjudged') return { ok: true, validate: () => [] };
  return compilePrepared(prepared);
}

/**
 * Why a published schema is no JSON Schema (undefined when it is one): compileJsonSchema's verdict,
 * with the same words, without compiling where the meta-schema alone decides. Compiling costs a
 * fraction of a millisecond per schema: most of a run against a server with 10,000 tools.
 */
export function schemaProblem(schema: unknown): string | undefined {
  const prepared = prepare(schema);
  if (prepared.kind === 'invalid') return prepared.error;
  if (prepared.kind === 'unjudged') return undefined;
  if (NAMES_A_RESOURCE.test(prepared.text) || JUDGED_BY_COMPILING.test(prepared.text)) {
    const compiled = compilePrepared(prepared);
    return compiled.ok ? undefined : compiled.error;
  }
  const ajv = sharedAjv(prepared.dialect);
  // As ajv.compile words it when validateSchema finds a fault.
  return ajv.validateSchema(prepared.schema) ? undefined : `schema is invalid: ${ajv.errorsText(ajv.errors)}`.slice(0, 300);
}

/** The tool's inputSchema does not ask for any argument. */
export function needsNoArguments(tool: JsonObject): boolean {
  const schema = tool.inputSchema;
  if (!isJsonObject(schema)) return false;
  return !Array.isArray(schema.required) || schema.required.length === 0;
}

/** The tool says it only reads (`annotations.readOnlyHint: true`). */
export function isReadOnly(tool: JsonObject): boolean {
  return isJsonObject(tool.annotations) && tool.annotations.readOnlyHint === true;
}

/** A tool the harness may call, with the arguments and the consent that allows it. */
export interface ToolCall {
  name: string;
  tool: JsonObject;
  arguments: JsonObject;
  /** Why the call is allowed. */
  consent: 'read-only' | 'tool-args' | 'call-tools' | 'fixtures';
}

/**
 * The listed tools the policy allows calling, in list order: those named in `toolArgs` (with those
 * arguments), every tool under `callTools` or the fixtures profile (with generated arguments, at
 * most MAX_CONSENTED_CALLS), and otherwise only read-only tools that need no argument (at most
 * MAX_READ_ONLY_CALLS). A tool whose arguments cannot be generated is left out.
 */
export function callableTools(tools: readonly JsonObject[], policy: ServerPolicy): ToolCall[] {
  const all = policy.callTools || policy.profile === 'fixtures';
  const calls: ToolCall[] = [];
  let readOnly = 0;
  for (const tool of tools) {
    const name = tool.name;
    if (typeof name !== 'string') continue;
    const given = Object.hasOwn(policy.toolArgs, name) ? policy.toolArgs[name] : undefined;
    if (given) {
      calls.push({ name, tool, arguments: given, consent: 'tool-args' });
      continue;
    }
    if (all) {
      const args = validArguments(tool.inputSchema);
      if (args && calls.length < MAX_CONSENTED_CALLS) calls.push({ name, tool, arguments: args, consent: policy.callTools ? 'call-tools' : 'fixtures' });
      continue;
    }
    if (isReadOnly(tool) && needsNoArguments(tool) && readOnly < MAX_READ_ONLY_CALLS) {
      readOnly++;
      calls.push({ name, tool, arguments: {}, consent: 'read-only' });
    }
  }
  return calls;
}

/** The tools of a list whose names are used more than once, with their counts. */
export function duplicateNames(tools: readonly JsonObject[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const tool of tools) if (typeof tool.name === 'string') counts.set(tool.name, (counts.get(tool.name) ?? 0) + 1);
  return Object.fromEntries([...counts].filter(([, n]) => n > 1));
}

/** Tool names against 2025-11-25's naming rules: 1 to 128 of A-Z a-z 0-9 _ - . */
export function badToolName(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'not a string';
  if (name.length < 1 || name.length > 128) return `${name.length} characters (1 to 128 expected)`;
  const bad = [...new Set(name.replace(/[A-Za-z0-9_.-]/g, ''))];
  return bad.length ? `contains ${bad.map((c) => JSON.stringify(c)).join(', ')}` : undefined;
}

/** `tool-name: why` for each tool whose `field` (inputSchema, outputSchema) is present but no JSON Schema. */
export function uncompilableSchemas(tools: readonly JsonObject[], field: 'inputSchema' | 'outputSchema'): string[] {
  return tools.flatMap((tool) => {
    if (tool[field] === undefined && field === 'outputSchema') return [];
    const problem = schemaProblem(tool[field]);
    return problem === undefined ? [] : [`${String(tool.name)}: ${problem}`];
  });
}

/** Whether a tool result carries its structuredContent, serialized, in one of its text blocks. */
export function structuredAsText(result: JsonObject): boolean {
  const content = Array.isArray(result.content) ? result.content : [];
  return content.some((block) => {
    if (!isJsonObject(block) || block.type !== 'text' || typeof block.text !== 'string') return false;
    try {
      return jsonEqual(JSON.parse(block.text), result.structuredContent);
    } catch {
      return false;
    }
  });
}

/**
 * Every tool the server lists, followed through all its pages, with the frames of the pages. When
 * the list cannot be followed (an error, an endless list) the scenario stops as blocked: the
 * pagination scenario judges that.
 */
export async function listTools(t: Pick<ScenarioContextBase, 'blocked'>, connection: ScenarioConnection): Promise<{ tools: JsonObject[]; frames: number[] }> {
  const pages = await paginate(connection, 'tools/list', 'tools');
  if (pages.stopped) return t.blocked(`tools/list could not be followed: ${describeStop(pages.stopped)}`);
  return { tools: objectsIn(pages.items), frames: pages.frames };
}

let sampleCounter = 0;

/** A tool call made to sample the result, and, when it took too long, what the harness did instead. */
export interface SampledCall {
  reply: Reply;
  /** Set when the call was cancelled: in words, for the transcript. */
  cancelled?: string;
}

/**
 * Calls a tool only to look at its result (the session validates it against the schema). A call still
 * running after `budgetMs` is cancelled, which a client may do at any time, instead of waited out: a
 * read-only tool may take long by design (a simulated long operation), and that is no fault. Its
 * result is then not judged, and a ping follows, so that the wait does not count towards the target
 * having stopped answering.
 */
export async function sampleToolCall(connection: ScenarioConnection, call: Pick<ToolCall, 'name' | 'arguments'>, budgetMs: number): Promise<SampledCall> {
  const id = `sample-call-${++sampleCounter}`;
  const reply = await connection.request('tools/call', { name: call.name, arguments: call.arguments }, { id, timeoutMs: budgetMs });
  if (reply.kind !== 'timeout') return { reply };
  await connection.notify('notifications/cancelled', { requestId: id, reason: `mcp-conformance samples results for at most ${budgetMs} ms` });
  await connection.liveness();
  return { reply, cancelled: `${call.name} was still running after ${budgetMs} ms: cancelled, its result not judged` };
}
