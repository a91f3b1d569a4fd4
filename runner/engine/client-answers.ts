/**
 * The answers of a well-behaved client to the requests a server may send it (sampling,
 * elicitation, roots, ping), for scenarios that declare client capabilities. Each answer is valid
 * against the revision's schema; a request for a capability the harness did not declare gets
 * -32601, as a client without that feature would answer.
 */
import { describeRevision, type Revision } from '../revisions.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { RpcRequest } from '../wire/jsonrpc.js';
import type { PeerRequestHandler } from '../wire/session.js';
import type * as Schema from '../../schemas/2025-11-25/types.js';

/** The text the harness "samples" for every sampling/createMessage. */
export const SAMPLED_TEXT = 'This is a sampled message from the mcp-conformance harness.';

/** The root the harness lists for roots/list. */
export const HARNESS_ROOT = { uri: 'file:///tmp/mcp-conformance', name: 'mcp-conformance' } as const;

type Answer = Awaited<ReturnType<PeerRequestHandler>>;

/** A value for one field of an elicitation form: its default, else its first choice, else one of its type. */
function fieldValue(schema: unknown): string | number | boolean | string[] {
  if (!isJsonObject(schema)) return 'conformance';
  if (schema.default !== undefined) return schema.default as string | number | boolean | string[];
  const choices = (list: unknown): string[] =>
    Array.isArray(list) ? list.map((c) => (isJsonObject(c) ? c.const : c)).filter((c): c is string => typeof c === 'string') : [];
  const single = [...choices(schema.enum), ...choices(schema.oneOf)];
  if (single[0] !== undefined) return single[0];
  if (schema.type === 'array') {
    const items = isJsonObject(schema.items) ? schema.items : {};
    return [...choices(items.enum), ...choices(items.anyOf)].slice(0, 1);
  }
  if (schema.type === 'integer' || schema.type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (schema.type === 'boolean') return true;
  return 'conformance';
}

/** An accepted form: every requested field filled in. */
export function acceptForm(params: JsonObject | undefined): Schema.ElicitResult {
  const requested = isJsonObject(params?.requestedSchema) ? params.requestedSchema : {};
  const properties = isJsonObject(requested.properties) ? requested.properties : {};
  return { action: 'accept', content: Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, fieldValue(schema)])) };
}

/**
 * A handler that answers as a client declaring `capabilities` would: a sampled text message, an
 * accepted elicitation form, the harness's root, an empty ping result.
 */
export function goodClient(revision: Revision, capabilities: Schema.ClientCapabilities = {}): PeerRequestHandler {
  const answer = answers(capabilities);
  // From 2026-07-28 every result carries resultType: a server that still sends a request (which that
  // revision forbids, and a check reports) is answered as that revision's results are.
  if (describeRevision(revision).stateful) return answer;
  return async (request) => {
    const out = await answer(request);
    return 'result' in out ? { result: { ...out.result, resultType: 'complete' } } : out;
  };
}

function answers(capabilities: Schema.ClientCapabilities): PeerRequestHandler {
  return async (request: RpcRequest): Promise<Answer> => {
    const params = isJsonObject(request.params) ? request.params : undefined;
    switch (request.method) {
      case 'ping':
        return { result: {} };
      case 'sampling/createMessage':
        if (!capabilities.sampling) break;
        return { result: { role: 'assistant', content: { type: 'text', text: SAMPLED_TEXT }, model: 'mcp-conformance', stopReason: 'endTurn' } satisfies Schema.CreateMessageResult as JsonObject };
      case 'elicitation/create':
        if (!capabilities.elicitation) break;
        return { result: { ...acceptForm(params) } };
      case 'roots/list':
        if (!capabilities.roots) break;
        return { result: { roots: [{ ...HARNESS_ROOT }] } satisfies Schema.ListRootsResult as JsonObject };
    }
    return { error: { code: -32601, message: `The conformance harness does not offer ${request.method} on this connection` } };
  };
}
