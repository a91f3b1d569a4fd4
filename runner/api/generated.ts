/**
 * The runtime of the generated scenarios (suites/<rev>/server/generated/, written by `npm run gen`
 * from the schemas, see scripts/gen-scenarios.mjs). A generated file is data only: it
 * default-exports `probeScenario({...})` with one request method, the capability that gates it,
 * the params of a well-formed request and the invalid-params probes; everything that happens on
 * the wire is here, once, self-tested in test/api-generated.test.ts.
 *
 * What a probe scenario checks, on one connection:
 * - capability declared: a well-formed request gets a result (the result's shape is judged by the
 *   automatic `frames-schema-valid` check, against the method's result definition). A method that
 *   names an item (a prompt, a resource, a completion target) is asked about a real one, taken from
 *   the first page of the list that offers it; with none there, the check does not apply;
 * - capability not declared: the same request gets an error (any code, unless the data names one);
 * - capability declared: each invalid-params probe gets -32602. They are sent unvalidated (they
 *   break the schema on purpose) and never call a tool. Over Streamable HTTP at the stateless
 *   revisions, a probe that drops or mistypes the member the Mcp-Name header mirrors (prompts/get's
 *   name, resources/read's uri) does not apply: the request then lacks a header the transport
 *   requires, which a server refuses first with -32020 (HeaderMismatch), as the transport page says
 *   it must; the stdio run judges those probes.
 *
 * At the stateless revisions the connection adds the per-request `_meta` to every request, probes
 * included, and the server's capabilities are those of its server/discover result.
 */
import type { ScenarioConnection } from '../engine/connection.js';
import type { CheckDeclarations, ServerScenario } from '../engine/scenario.js';
import { describeRevision, type Revision } from '../revisions.js';
import { standardHeaders } from '../transports/mcp-headers.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import { ErrorCode } from '../wire/jsonrpc.js';
import { describeReply } from '../wire/reply.js';
import { isError, isResult } from './assert.js';
import { templateVariables } from './contents.js';
import { requestOffSchema } from './off-schema.js';

/** One check of a probe, by its id in the probe's `checks`. */
export interface ProbeCheck<Id extends string = string> {
  readonly check: Id;
}

/** A request whose params break the method's schema on purpose, and the check it feeds. */
export interface InvalidProbe<Id extends string = string> extends ProbeCheck<Id> {
  /** In words, for `expected`: "params without name". */
  readonly what: string;
  readonly params: JsonObject;
}

/** The data of one generated file. */
export interface ProbeSpec<C extends CheckDeclarations = CheckDeclarations> {
  /** The request method, e.g. `prompts/get`. */
  readonly method: string;
  /** Dotted path of the server capability that gates the method, e.g. `tasks.list`. */
  readonly capability: string;
  readonly until?: Revision;
  /** Params of a well-formed request made from the schema; absent when the method requires none. */
  readonly params?: JsonObject;
  /** Every check the probe makes, with its requirement: written out in the file, readable without running it. */
  readonly checks: C;
  /** With the capability declared, a well-formed request gets a result. */
  readonly declared: ProbeCheck<keyof C & string>;
  /** Without it, the request gets an error, with `code` when the text names one. */
  readonly undeclared: ProbeCheck<keyof C & string> & { readonly code?: number };
  /** With the capability declared, each of these gets -32602. */
  readonly invalid: readonly InvalidProbe<keyof C & string>[];
}

/** A real-item request, or why there is none: `absent` is not applicable, `failed` not testable. */
export type RealParams = { kind: 'params'; params: JsonObject; from: string } | { kind: 'absent'; reason: string } | { kind: 'failed'; reason: string };

/** Methods whose success changes what the server does for the rest of the session: their probes get a session of their own. */
const CHANGES_SESSION = new Set(['logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);

/** The scenario a generated file declares. */
export function probeScenario<const C extends CheckDeclarations>(spec: ProbeSpec<C>): ServerScenario<C> {
  checkProbe(spec);
  return {
    title: probeTitle(spec),
    role: 'server',
    ...(spec.until ? { until: spec.until } : {}),
    // A probe reads, except where the method sets something for the rest of the session.
    ...(CHANGES_SESSION.has(spec.method) ? {} : { session: 'shared' as const }),
    checks: spec.checks,
    async run(t) {
      const connection = await t.ready();
      const capabilities = connection.serverCapabilities;
      if (!declares(capabilities, spec.capability)) {
        const why = `the server does not declare ${spec.capability}`;
        t.notApplicable(spec.declared.check, why);
        for (const probe of spec.invalid) t.notApplicable(probe.check, `${why}, so it need not know ${spec.method}`);
        const reply = await connection.request(spec.method, spec.params);
        const code = spec.undeclared.code;
        const expected = `an error${code === undefined ? '' : ` with code ${code}`}: ${spec.method} without the ${spec.capability} capability`;
        t.check(spec.undeclared.check, isError(reply, code, expected));
        return;
      }
      t.notApplicable(spec.undeclared.check, `the server declares ${spec.capability}`);
      const real = await realParams(connection, spec, capabilities);
      if (real.kind === 'absent') t.notApplicable(spec.declared.check, real.reason);
      else if (real.kind === 'failed') t.untestable(spec.declared.check, real.reason);
      else {
        const reply = await connection.request(spec.method, real.params);
        t.check(spec.declared.check, isResult(reply, `a result for ${spec.method}${real.from}, since ${spec.capability} is declared`));
      }
      for (const probe of spec.invalid) {
        const unmirrored = withoutNameHeader(connection, spec, probe);
        if (unmirrored) {
          t.notApplicable(probe.check, unmirrored);
          continue;
        }
        const reply = await requestOffSchema(connection, spec.method, probe.params, t.timeoutMs);
        t.check(probe.check, isError(reply, ErrorCode.InvalidParams, `error -32602 (Invalid params) for ${spec.method} with ${probe.what}`));
      }
    },
  };
}

/**
 * Why an invalid-params probe does not apply on this connection: over Streamable HTTP at a stateless
 * revision, params without the string the Mcp-Name header mirrors leave the request without that
 * required header, and -32020 is then as right an answer as -32602. Undefined when it applies.
 */
export function withoutNameHeader(connection: Pick<ScenarioConnection, 'transport' | 'revision'>, spec: Pick<ProbeSpec, 'method' | 'params'>, probe: InvalidProbe): string | undefined {
  if (connection.transport !== 'streamable-http' || describeRevision(connection.revision).stateful) return undefined;
  const named = (params: JsonObject | undefined) => 'mcp-name' in standardHeaders({ method: spec.method, params });
  if (!named(spec.params) || named(probe.params)) return undefined;
  return `over Streamable HTTP ${spec.method} with ${probe.what} has no Mcp-Name header to send, a required one the server may refuse first with -32020 (HeaderMismatch); the stdio run judges this probe`;
}

/** `prompts/get is served when prompts is declared and checks its params` (at most 80 characters). */
export function probeTitle(spec: Pick<ProbeSpec, 'method' | 'capability' | 'invalid'>): string {
  return `${spec.method} is served when ${spec.capability} is declared${spec.invalid.length ? ' and checks its params' : ''}`;
}

/** The probe uses each of its declared checks exactly once, and no other: a generator bug otherwise. */
export function checkProbe(spec: Pick<ProbeSpec, 'checks' | 'declared' | 'undeclared' | 'invalid'>): void {
  const used = [spec.declared, spec.undeclared, ...spec.invalid].map((c) => c.check);
  const declared = Object.keys(spec.checks);
  const twice = used.find((id, i) => used.indexOf(id) !== i);
  if (twice !== undefined) throw new Error(`probe uses check ${twice} twice`);
  const undeclared = used.filter((id) => !declared.includes(id));
  if (undeclared.length > 0) throw new Error(`probe uses undeclared check(s) ${undeclared.join(', ')}`);
  const unused = declared.filter((id) => !used.includes(id));
  if (unused.length > 0) throw new Error(`probe declares check(s) it never makes: ${unused.join(', ')}`);
}

/** Whether the dotted capability path is present (any value but undefined) in declared capabilities. */
export function declares(capabilities: Record<string, unknown>, path: string): boolean {
  let node: unknown = capabilities;
  for (const key of path.split('.')) {
    if (!isJsonObject(node) || node[key] === undefined) return false;
    node = node[key];
  }
  return true;
}

/**
 * The params of the well-formed request: the schema-made ones, except for methods that name an
 * item, which get a real one from the first page of its list.
 */
async function realParams(connection: ScenarioConnection, spec: Pick<ProbeSpec, 'method' | 'params'>, capabilities: Record<string, unknown>): Promise<RealParams> {
  const first = async (method: string, key: string): Promise<unknown[] | string> => {
    const reply = await connection.request(method);
    if (reply.kind !== 'result') return `${method} gave no result (${JSON.stringify(describeReply(reply)).slice(0, 200)})`;
    const items = reply.result[key];
    return Array.isArray(items) ? items : `${method} has no "${key}" array`;
  };
  switch (spec.method) {
    case 'prompts/get': {
      const prompts = await first('prompts/list', 'prompts');
      return typeof prompts === 'string' ? { kind: 'failed', reason: prompts } : promptToGet(prompts);
    }
    case 'resources/read': {
      const resources = await first('resources/list', 'resources');
      return typeof resources === 'string' ? { kind: 'failed', reason: resources } : resourceToRead(resources);
    }
    case 'completion/complete': {
      // Completion refers to a prompt argument or a resource template variable: whichever is offered.
      const prompts = declares(capabilities, 'prompts') ? await first('prompts/list', 'prompts') : [];
      const promptTarget = completionTarget(typeof prompts === 'string' ? [] : prompts, []);
      if (promptTarget.kind === 'params') return promptTarget;
      const templates = declares(capabilities, 'resources') ? await first('resources/templates/list', 'resourceTemplates') : [];
      const target = completionTarget([], typeof templates === 'string' ? [] : templates);
      // No target, and a list that could have offered one failed: that is a gap, not an absence.
      const failures = [prompts, templates].filter((x): x is string => typeof x === 'string');
      return target.kind === 'absent' && failures.length > 0 ? { kind: 'failed', reason: failures.join('; ') } : target;
    }
    default:
      return { kind: 'params', params: spec.params ?? {}, from: '' };
  }
}

/** prompts/get for the first listed prompt that needs no arguments (arguments are the user's to give). */
export function promptToGet(prompts: readonly unknown[]): RealParams {
  const prompt = prompts.filter(isJsonObject).find((p) => typeof p.name === 'string' && !argumentsOf(p).some((a) => a.required === true));
  if (!prompt) return { kind: 'absent', reason: 'the first page of prompts/list has no prompt without required arguments' };
  return { kind: 'params', params: { name: prompt.name as string }, from: ` of listed prompt ${JSON.stringify(prompt.name)}` };
}

/** resources/read for the first listed resource. */
export function resourceToRead(resources: readonly unknown[]): RealParams {
  const resource = resources.filter(isJsonObject).find((r) => typeof r.uri === 'string');
  if (!resource) return { kind: 'absent', reason: 'the first page of resources/list lists no resource' };
  return { kind: 'params', params: { uri: resource.uri as string }, from: ` of listed resource ${JSON.stringify(resource.uri)}` };
}

/**
 * completion/complete for the first argument of the first listed prompt that has one, else the first
 * variable of the first listed resource template; the value typed so far is empty.
 */
export function completionTarget(prompts: readonly unknown[], templates: readonly unknown[]): RealParams {
  for (const prompt of prompts.filter(isJsonObject)) {
    const argument = argumentsOf(prompt).find((a) => typeof a.name === 'string');
    if (typeof prompt.name === 'string' && argument) {
      return {
        kind: 'params',
        params: { ref: { type: 'ref/prompt', name: prompt.name }, argument: { name: argument.name as string, value: '' } },
        from: ` on argument ${JSON.stringify(argument.name)} of listed prompt ${JSON.stringify(prompt.name)}`,
      };
    }
  }
  for (const template of templates.filter(isJsonObject)) {
    const variable = typeof template.uriTemplate === 'string' ? templateVariables(template.uriTemplate)[0] : undefined;
    if (variable !== undefined) {
      return {
        kind: 'params',
        params: { ref: { type: 'ref/resource', uri: template.uriTemplate as string }, argument: { name: variable, value: '' } },
        from: ` on variable ${JSON.stringify(variable)} of listed template ${JSON.stringify(template.uriTemplate)}`,
      };
    }
  }
  return { kind: 'absent', reason: 'the first pages of prompts/list and resources/templates/list offer no prompt argument or template variable to complete' };
}

function argumentsOf(prompt: JsonObject): JsonObject[] {
  return Array.isArray(prompt.arguments) ? prompt.arguments.filter(isJsonObject) : [];
}
