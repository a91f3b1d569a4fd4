/**
 * The harness playing a well-behaved server for a client under test: it answers initialize with the
 * scenario's revision and its declared capabilities, ping, and the tools it offers, and calls back
 * into the client from a tool's handler where a scenario needs the client to answer something. Every
 * answer is valid against the revision's schema; a method the harness does not offer gets -32601.
 *
 * At a stateless revision (2026-07-28, draft) there is no handshake: each request names its version
 * in `_meta`, and one the harness does not serve gets UnsupportedProtocolVersion (-32022) with the
 * versions it does; server/discover, tools/list and tools/call are answered with `resultType` and the
 * harness's serverInfo in `_meta` (the modern half below).
 */
import { describeRevision, type Revision } from '../revisions.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { RpcRequest } from '../wire/jsonrpc.js';
import { META, MODERN_ERRORS, requestMetaOf } from '../wire/request-meta.js';
import type { PeerRequestHandler, Reply, RpcSession } from '../wire/session.js';
import type * as Schema from '../../schemas/2025-11-25/types.js';

type Answer = Awaited<ReturnType<PeerRequestHandler>>;

/** What a tool's handler can do while the client waits for its result. */
export interface ToolCallContext {
  /** The arguments of the call (an empty object when absent). */
  readonly arguments: JsonObject;
  /** The capabilities the client declared in its initialize (at the stateless revisions: in the request's `_meta`). */
  readonly clientCapabilities: JsonObject;
  /** Stateless revisions: the `inputResponses` and `requestState` of a retry after an input_required result (undefined when absent). */
  readonly inputResponses?: JsonObject;
  readonly requestState?: string;
  /** Sends a request to the client, on the call's own stream where the transport has one. */
  request(method: string, params?: JsonObject): Promise<Reply>;
  notify(method: string, params?: JsonObject): Promise<void>;
  /**
   * Streamable HTTP: closes the call's SSE stream after a priming event with this `retry`, so the
   * client has to resume it (see HostedHttpEndpoint.dropStream); false on other transports. At the
   * stateless revisions, where streams are not resumable, the stream just breaks off: the request
   * is lost, and its result goes nowhere.
   */
  dropStream(retryMs: number): boolean;
}

/** A tool the harness offers, with what calling it does. */
export interface HostedTool {
  readonly tool: Schema.Tool;
  /** The result; at the stateless revisions it may instead ask for input (multi round-trip requests). */
  call(context: ToolCallContext): Promise<Schema.CallToolResult | InputRequired>;
}

/** An InputRequiredResult (2026-07-28 on): what the client must provide before it calls again, and state it echoes back. */
export interface InputRequired {
  resultType: 'input_required';
  inputRequests?: Record<string, { method: string; params: JsonObject }>;
  requestState?: string;
}

function isInputRequired(result: object): result is InputRequired {
  return (result as { resultType?: unknown }).resultType === 'input_required';
}

/** How the harness plays the server in one launch of the client. */
export interface HostedServerConfig {
  /**
   * The protocolVersion initialize is answered with, given the one the client offered; by default
   * the scenario's revision (the only one the harness speaks in that scenario).
   */
  version?: (offered: unknown) => string;
  /** The server capabilities declared; default `{ tools: {} }`. */
  capabilities?: JsonObject;
  /** The tools listed; default: `add_numbers`. */
  tools?: readonly HostedTool[];
  /**
   * Holds the initialize answer until the client sends something else or this many milliseconds
   * pass: a server slow to answer, so that a client that does not wait for the result shows it.
   */
  holdInitializeMs?: number;
  /** Answers a request before the good server does; return undefined to let it answer. */
  onRequest?: (request: RpcRequest) => Promise<Answer | undefined> | Answer | undefined;
  /** Stateless revisions: the protocol versions served (default: the revision's wire version). */
  versions?: readonly string[];
  /**
   * Stateless revisions: tools/list gives a first page with no tool and this nextCursor; the tools
   * come on the page asked for with it. Default: one page.
   */
  emptyFirstToolsPage?: { nextCursor: string };
  /**
   * Stateless revisions: the results of `method` carry this resultType instead of the usual one (a
   * value no revision defines, to see the client refuse such a result).
   */
  resultType?: { method: string; value: string };
  /**
   * Stateless revisions: the harness plays a server of this earlier, handshake-based revision
   * instead (the good server of that revision: initialize, then the tools; server/discover is a
   * method it does not know), to see a client of both eras fall back to initialize.
   */
  legacy?: Revision;
}

/** What the hosted server did, for the scenario to judge the client against. */
export interface HostedState {
  /** How many client messages had arrived when initialize was answered (set when it was). */
  initializeAnsweredAfter?: number;
}

/** The harness's serverInfo. */
export const HARNESS_SERVER_INFO = { name: 'mcp-conformance', version: '0' } as const;

/** The tool every basic client behaviour calls (the official suite's `tools_call` fixture): the sum of a and b. */
export const ADD_NUMBERS: HostedTool = {
  tool: {
    name: 'add_numbers',
    description: 'Adds two numbers',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  },
  async call({ arguments: args }) {
    const { a, b } = args;
    if (typeof a !== 'number' || typeof b !== 'number') return { content: [{ type: 'text', text: 'a and b must be numbers' }], isError: true };
    return { content: [{ type: 'text', text: String(a + b) }] };
  },
};

/**
 * The request handler of the hosted server. `session` is the harness's session with the client; the
 * handshake is recorded on it (the automatic checks hold the client to what the server declared).
 */
export function goodServer(revision: Revision, config: HostedServerConfig, session: RpcSession, dropStream: (retryMs: number) => boolean, state: HostedState = {}): PeerRequestHandler {
  if (!describeRevision(revision).stateful && config.legacy === undefined) return modernServer(revision, config, session, dropStream);
  const served = config.legacy ?? revision;
  const capabilities = config.capabilities ?? { tools: {} };
  const tools = config.tools ?? [ADD_NUMBERS];
  let clientCapabilities: JsonObject = {};
  return async (request: RpcRequest): Promise<Answer> => {
    const custom = await config.onRequest?.(request);
    if (custom) return custom;
    const params = isJsonObject(request.params) ? request.params : {};
    switch (request.method) {
      case 'initialize': {
        clientCapabilities = isJsonObject(params.capabilities) ? params.capabilities : {};
        session.handshake = { local: capabilities, peer: clientCapabilities };
        const protocolVersion = config.version ? config.version(params.protocolVersion) : served;
        // By now the initialize request itself is among the received messages.
        if (config.holdInitializeMs) await session.waitFor(() => true, config.holdInitializeMs, session.received.length);
        // Counted as ClientRun.messages() counts: frames that are no JSON-RPC at all are left out.
        state.initializeAnsweredAfter = session.received.filter((r) => r.classified !== undefined).length;
        return { result: { protocolVersion, capabilities, serverInfo: { ...HARNESS_SERVER_INFO } } };
      }
      case 'ping':
        return { result: {} };
      case 'tools/list':
        if (!capabilities.tools) break;
        return { result: { tools: tools.map((t) => ({ ...t.tool }) as unknown as JsonObject) } };
      case 'tools/call': {
        if (!capabilities.tools) break;
        const called = await callTool(tools, params, { clientCapabilities, request: (method, p) => session.request(method, p), notify: notifier(session), dropStream });
        return 'error' in called ? called : { result: called.result as unknown as JsonObject };
      }
    }
    return { error: { code: -32601, message: `The conformance harness does not offer ${request.method}` } };
  };
}

/** tools/call of a hosted tool: -32602 for a name the harness does not list, else what the tool returns. */
async function callTool(tools: readonly HostedTool[], params: JsonObject, context: Omit<ToolCallContext, 'arguments'>): Promise<{ result: Schema.CallToolResult | InputRequired } | { error: { code: number; message: string } }> {
  const tool = tools.find((t) => t.tool.name === params.name);
  if (!tool) return { error: { code: -32602, message: `Unknown tool: ${String(params.name)}` } };
  return { result: await tool.call({ ...context, arguments: isJsonObject(params.arguments) ? params.arguments : {} }) };
}

function notifier(session: RpcSession): ToolCallContext['notify'] {
  return async (method, params) => void (await session.notify(method, params));
}

/**
 * `add_numbers` as the harness lists it at the stateless revisions: the same sum, with whole-number
 * addends, the first one marked `x-mcp-header` so that a client over Streamable HTTP mirrors it into
 * the header `Mcp-Param-A` (the official `tools_call` behaviour calls the first tool with a 2 and b 3).
 */
export const ADD_NUMBERS_MIRRORED: HostedTool = {
  tool: {
    name: ADD_NUMBERS.tool.name,
    description: 'Adds two whole numbers; the first is mirrored into the Mcp-Param-A header over HTTP',
    inputSchema: { type: 'object', properties: { a: { type: 'integer', 'x-mcp-header': 'A' }, b: { type: 'integer' } }, required: ['a', 'b'] },
  },
  call: (context) => ADD_NUMBERS.call(context),
};

/** A result of the stateless revisions: `resultType` complete unless it asks for input, and the harness named in `_meta`. */
function complete(result: object): { result: JsonObject } {
  const resultType = isInputRequired(result) ? result.resultType : 'complete';
  return { result: { ...(result as JsonObject), resultType, _meta: { [META.serverInfo]: { ...HARNESS_SERVER_INFO } } } };
}

/** The answer with the resultType a scenario asked for (see HostedServerConfig.resultType), when it is a result of that method. */
function withResultType(answer: Answer, method: string, config: HostedServerConfig): Answer {
  const wanted = config.resultType;
  if (!wanted || wanted.method !== method || !('result' in answer)) return answer;
  return { result: { ...answer.result, resultType: wanted.value } };
}

/** How long a client may keep a list or discovery result (CacheableResult): not at all, so it is never stale. */
const NOT_CACHED = { ttlMs: 0, cacheScope: 'public' } as const;

/**
 * The good server at a stateless revision. Lenient like the stateful one: a request without its
 * `_meta` fields is still served (the checks judge the client, and one fault should not hide the
 * rest); only a protocol version it does not serve is refused, as the text says.
 */
function modernServer(revision: Revision, config: HostedServerConfig, session: RpcSession, dropStream: (retryMs: number) => boolean): PeerRequestHandler {
  const capabilities = config.capabilities ?? { tools: {} };
  const tools = config.tools ?? [ADD_NUMBERS_MIRRORED];
  const versions = config.versions ?? [describeRevision(revision).wireVersion];
  const answer = async (request: RpcRequest): Promise<Answer> => {
    const custom = await config.onRequest?.(request);
    if (custom) return custom;
    const params = isJsonObject(request.params) ? request.params : {};
    const meta = requestMetaOf(params);
    if (meta.protocolVersion !== undefined && !versions.includes(meta.protocolVersion)) return unsupportedVersion(meta.protocolVersion, versions);
    switch (request.method) {
      case 'server/discover':
        return complete({ supportedVersions: [...versions], capabilities, ...NOT_CACHED });
      case 'tools/list': {
        if (!capabilities.tools) break;
        const paged = config.emptyFirstToolsPage;
        if (paged && params.cursor === undefined) return complete({ tools: [], nextCursor: paged.nextCursor, ...NOT_CACHED });
        if (paged && params.cursor !== paged.nextCursor) return { error: { code: -32602, message: `Unknown cursor ${JSON.stringify(params.cursor)}` } };
        return complete({ tools: tools.map((t) => ({ ...t.tool })), ...NOT_CACHED });
      }
      case 'tools/call': {
        if (!capabilities.tools) break;
        const called = await callTool(tools, params, {
          clientCapabilities: meta.clientCapabilities ?? {},
          ...(isJsonObject(params.inputResponses) ? { inputResponses: params.inputResponses } : {}),
          ...(typeof params.requestState === 'string' ? { requestState: params.requestState } : {}),
          request: () => Promise.reject(new Error(`harness bug: a hosted tool sent a request to the client at ${revision}, where servers send none`)),
          notify: notifier(session),
          dropStream,
        });
        return 'error' in called ? called : complete(called.result);
      }
    }
    return { error: { code: -32601, message: `The conformance harness does not offer ${request.method} at ${revision}` } };
  };
  return async (request) => withResultType(await answer(request), request.method, config);
}

/** UnsupportedProtocolVersion (-32022), with the versions served. */
export function unsupportedVersion(requested: string, supported: readonly string[]): Answer {
  return { error: { code: MODERN_ERRORS.unsupportedProtocolVersion, message: `Unsupported protocol version ${requested}`, data: { supported: [...supported], requested } } };
}
