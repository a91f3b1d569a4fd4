/**
 * Helpers for the deep scenarios: the ones that need the conventional conformance fixtures (tools
 * such as `test_image_content`, resources under `test://`, prompts such as `test_simple_prompt`).
 * `fixtureGate` applies the profile and learns which fixtures the target exposes; a fixture that is
 * absent makes its checks not applicable, never failed. Self-tested in test/api.test.ts.
 */
import type { ClientSide, ScenarioConnection } from '../engine/connection.js';
import type { SchemaAccess, ServerScenarioContext } from '../engine/scenario.js';
import type { SchemaIssue } from '../validation/types.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { RpcNotification, RpcRequest } from '../wire/jsonrpc.js';
import type { Received, Reply } from '../wire/session.js';
import { capNote, paginate } from './features.js';

/** The conventional fixture tool names (as the official conformance suite's everything-server has them). */
export const FIXTURE_TOOLS = [
  'test_simple_text',
  'test_image_content',
  'test_audio_content',
  'test_embedded_resource',
  'test_multiple_content_types',
  'test_tool_with_logging',
  'test_tool_with_progress',
  'test_error_handling',
  'test_sampling',
  'test_elicitation',
  'test_elicitation_sep1034_defaults',
  'test_elicitation_sep1330_enums',
  'json_schema_2020_12_tool',
] as const;

/**
 * In the `auto` profile a target counts as a conformance test server, whose fixture tools may be
 * called, when it lists at least this many of them under their conventional names.
 */
export const FIXTURE_SERVER_MIN_TOOLS = 3;

/** What the target exposes of the fixtures, and whether the harness may call its fixture tools. */
export interface FixtureGate {
  /** The connection the lists were read on, ready for the scenario's requests. */
  readonly connection: ScenarioConnection;
  /** Listed tools by name (every tool, not only fixtures). */
  readonly tools: ReadonlyMap<string, JsonObject>;
  readonly resources: ReadonlySet<string>;
  readonly templates: ReadonlySet<string>;
  readonly prompts: ReadonlyMap<string, JsonObject>;
  /** Why the fixture tool `name` cannot be called (absent, or not allowed); undefined when it can. */
  toolMissing(name: string): string | undefined;
}

/**
 * Applies the profile (`blackbox` skips the whole scenario, before any connection), makes a
 * connection ready (as the client `client` describes) and lists what the target exposes,
 * following every page of each list whose capability it declares.
 */
export async function fixtureGate(t: ServerScenarioContext, client?: ClientSide): Promise<FixtureGate> {
  if (t.policy.profile === 'blackbox') return t.skip('profile blackbox');
  const connection = await t.ready(client);
  const caps = connection.serverCapabilities;
  // Lists the harness stopped reading at its cap: what is not found in them may be on a later page.
  const capped = new Map<string, string>();
  const list = async (capability: string, method: string, key: string, field: string): Promise<Map<string, JsonObject>> => {
    if (caps[capability] === undefined) return new Map();
    const pages = await paginate(connection, method, key);
    const cap = capNote(method, pages);
    if (cap) {
      capped.set(method, cap);
      t.note(cap);
    }
    return new Map(pages.items.filter(isJsonObject).flatMap((item) => (typeof item[field] === 'string' ? [[item[field], item] as const] : [])));
  };
  const tools = await list('tools', 'tools/list', 'tools', 'name');
  const resources = await list('resources', 'resources/list', 'resources', 'uri');
  const templates = await list('resources', 'resources/templates/list', 'resourceTemplates', 'uriTemplate');
  const prompts = await list('prompts', 'prompts/list', 'prompts', 'name');
  const fixtureServer = FIXTURE_TOOLS.filter((name) => tools.has(name)).length >= FIXTURE_SERVER_MIN_TOOLS;
  return {
    connection,
    tools,
    resources: new Set(resources.keys()),
    templates: new Set(templates.keys()),
    prompts,
    toolMissing(name) {
      if (!tools.has(name)) return capped.has('tools/list') ? `fixture ${name} not found: ${capped.get('tools/list')}` : `fixture ${name} not exposed`;
      const { profile, callTools, toolArgs } = t.policy;
      if (profile === 'fixtures' || callTools || name in toolArgs || fixtureServer) return undefined;
      return `fixture ${name} is listed, but the target lists fewer than ${FIXTURE_SERVER_MIN_TOOLS} conventional fixtures: call it with --profile fixtures`;
    },
  };
}

/** Calls a fixture tool; `meta` goes into the request's `_meta` (a progress token, ...). */
export function callFixture(connection: ScenarioConnection, name: string, args: JsonObject = {}, meta?: JsonObject): Promise<Reply> {
  return connection.request('tools/call', { name, arguments: args, ...(meta ? { _meta: meta } : {}) });
}

/** The requests with this method among received frames (the server asking the client). */
export function requestsIn(received: readonly Received[], method: string): (RpcRequest & { seq: number })[] {
  return received.flatMap((r) => (r.classified?.kind === 'request' && r.classified.message.method === method ? [{ ...r.classified.message, seq: r.frame.seq }] : []));
}

/** The notifications with this method among received frames. */
export function notificationsIn(received: readonly Received[], method: string): (RpcNotification & { seq: number })[] {
  return received.flatMap((r) =>
    r.classified?.kind === 'notification' && r.classified.message.method === method ? [{ ...r.classified.message, seq: r.frame.seq }] : [],
  );
}

/** What calling a fixture tool came to. */
export type FixtureCall =
  /** The fixture cannot be called (absent, or the policy does not allow it): its checks do not apply. */
  | { kind: 'absent'; reason: string }
  /** The call got no result: its checks cannot be made. */
  | { kind: 'failed'; reason: string; reply: Reply }
  | { kind: 'result'; result: JsonObject; blocks: JsonObject[]; seq: number };

/** Calls the fixture tool `name` when the gate allows it; `meta` goes into the request's `_meta`. */
export async function useFixture(gate: FixtureGate, connection: ScenarioConnection, name: string, args: JsonObject = {}, meta?: JsonObject): Promise<FixtureCall> {
  const missing = gate.toolMissing(name);
  if (missing !== undefined) return { kind: 'absent', reason: missing };
  const reply = await callFixture(connection, name, args, meta);
  if (reply.kind !== 'result') return { kind: 'failed', reason: `${name} got no result (${reply.kind === 'error' ? `error ${reply.error.code}` : reply.kind})`, reply };
  const content = reply.result.content;
  return { kind: 'result', result: reply.result, blocks: Array.isArray(content) ? content.filter(isJsonObject) : [], seq: reply.seq };
}

/**
 * Records the checks `ids` as not applicable (fixture absent) or not testable (no result), and
 * returns false, unless the call produced a result (then true, nothing recorded).
 */
export function settled<C extends string>(
  t: { notApplicable(id: C, reason: string): void; untestable(id: C, reason: string): void },
  call: FixtureCall,
  ids: readonly C[],
): call is Extract<FixtureCall, { kind: 'result' }> {
  if (call.kind === 'result') return true;
  for (const id of ids) (call.kind === 'absent' ? t.notApplicable : t.untestable).call(t, id, call.reason);
  return false;
}

/** Schema issues of one content block, against the definition its `type` names at this revision. */
export function blockIssues(schema: SchemaAccess, block: JsonObject): SchemaIssue[] {
  const names: Record<string, string> = { text: 'TextContent', image: 'ImageContent', audio: 'AudioContent', resource: 'EmbeddedResource', resource_link: 'ResourceLink' };
  const definition = typeof block.type === 'string' && Object.hasOwn(names, block.type) ? names[block.type]! : undefined;
  if (definition === undefined || !schema.has(definition)) {
    return [{ path: '/type', message: `content type ${JSON.stringify(block.type)} is not defined at this revision`, definition: 'content block' }];
  }
  return schema.definition(definition, block);
}

/**
 * Calls a fixture tool and returns, with the call, the requests `method` the server sent the
 * harness while it ran (the server asks before it can answer, so nothing later is waited for).
 */
export async function askedDuring(gate: FixtureGate, name: string, args: JsonObject, method: string): Promise<{ call: FixtureCall; asked: (RpcRequest & { seq: number })[] }> {
  const mark = gate.connection.mark();
  const call = await useFixture(gate, gate.connection, name, args);
  // From 2026-07-28 a server asks in its result (an InputRequiredResult), not by a request of its own.
  const inResult = call.kind === 'result' && call.result.resultType === 'input_required' && isJsonObject(call.result.inputRequests) ? Object.entries(call.result.inputRequests) : [];
  const embedded = inResult.flatMap(([key, value]) =>
    isJsonObject(value) && value.method === method ? [{ jsonrpc: '2.0' as const, id: key, method, ...(isJsonObject(value.params) ? { params: value.params } : {}), seq: call.kind === 'result' ? call.seq : 0 }] : [],
  );
  return { call, asked: [...requestsIn(await gate.connection.since(mark, 0), method), ...embedded] };
}

/**
 * A fixture call that asks for a capability the request did not declare: refused with
 * MissingRequiredClientCapabilityError (-32021, 2026-07-28 on), which is the server not asking.
 */
export function refusedForCapability(call: FixtureCall): boolean {
  return call.kind === 'failed' && call.reply.kind === 'error' && call.reply.error.code === -32021;
}
