/** The helpers scenarios build their assertions with (runner/api), on plain data. */
import { describe, expect, it } from 'vitest';
import { classify } from '../runner/wire/jsonrpc.js';
import { newTokenKey, readToken } from '../runner/auth/tokens.js';
import { getValidator } from '../runner/validation/validator.js';
import {
  badToolName,
  forgedToken,
  belongsTo,
  callableTools,
  compileJsonSchema,
  definesCapability,
  describeRequest,
  duplicateNames,
  equals,
  errorCode,
  exchangeEvidence,
  FOREIGN_ORIGIN,
  invalidArguments,
  isAnswered,
  isChangeNotification,
  isEmptyResult,
  isError,
  isReadOnly,
  isResponse,
  isResult,
  MAX_READ_ONLY_CALLS,
  mediaType,
  needsNoArguments,
  optedIn,
  originRefused,
  postsOffEndpoint,
  replyOf,
  resourcesToRead,
  responsesIn,
  resultOf,
  structuredAsText,
  subscriptionIdOf,
  templateVariables,
  that,
  uncompilableSchemas,
  validArguments,
  type HttpExchange,
  type HttpRequestRecord,
  type Received,
  type Reply,
  type SchemaAccess,
} from '../runner/api/index.js';

const result: Reply = { kind: 'result', result: { ok: true }, message: { jsonrpc: '2.0', id: 1, result: { ok: true } }, seq: 7 };
const error: Reply = { kind: 'error', error: { code: -32601, message: 'nope' }, message: { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'nope' } }, seq: 8 };
const timeout: Reply = { kind: 'timeout', afterMs: 10 };

function frame(value: Record<string, unknown>, seq = 1): Received {
  return { frame: { raw: JSON.stringify(value), value, lane: 'stdout', seq }, classified: classify(value) };
}

describe('assertions from replies', () => {
  it('isResult, isError and isAnswered say what came back and point at its frame', () => {
    expect(isResult(result)).toMatchObject({ ok: true, frames: [7] });
    expect(isResult(error)).toMatchObject({ ok: false, actual: { error: { code: -32601, message: 'nope' } } });
    expect(isError(error, -32601)).toMatchObject({ ok: true, expected: 'an error response with code -32601', frames: [8] });
    expect(isError(error, -32700).ok).toBe(false);
    expect(isAnswered(error).ok).toBe(true);
    expect(isAnswered(timeout)).toMatchObject({ ok: false, actual: 'no response within 10 ms', frames: undefined });
  });

  it('equals compares JSON deeply; that carries a plain condition', () => {
    expect(equals({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, 'x').ok).toBe(true);
    expect(equals({ a: 1 }, { a: 1, b: undefined }, 'x').ok).toBe(false);
    expect(that(false, 'it', 'other', [3])).toEqual({ ok: false, expected: 'it', actual: 'other', frames: [3] });
  });

  it('resultOf and errorCode read replies and frames', () => {
    expect(resultOf(result)).toEqual({ ok: true });
    expect(resultOf(error)).toBeUndefined();
    expect(errorCode(error)).toBe(-32601);
    expect(errorCode(result)).toBeUndefined();
    expect(errorCode(frame({ jsonrpc: '2.0', error: { code: -32700, message: 'parse' } }))).toBe(-32700);
    expect(errorCode(undefined)).toBeUndefined();
  });
});

describe('frame predicates', () => {
  const numeric = frame({ jsonrpc: '2.0', id: 7, result: {} });
  const stringy = frame({ jsonrpc: '2.0', id: '7', result: {} });
  const note = frame({ jsonrpc: '2.0', method: 'notifications/message' });

  it('isResponse matches responses, by id with its type unless told otherwise', () => {
    expect(isResponse()(numeric)).toBe(true);
    expect(isResponse()(note)).toBe(false);
    expect(isResponse(7)(numeric)).toBe(true);
    expect(isResponse(7)(stringy)).toBe(false);
    expect(isResponse(7, { sameType: false })(stringy)).toBe(true);
    expect(responsesIn([numeric, note, stringy])).toEqual([numeric, stringy]);
  });
});

describe('listen streams', () => {
  const tagged = (method: string, params: Record<string, unknown> = {}, id: unknown = 'sub-1') => frame({ jsonrpc: '2.0', method, params: { ...params, _meta: { 'io.modelcontextprotocol/subscriptionId': id } } });

  it('subscriptionIdOf reads the tag of a notification, with its type', () => {
    expect(subscriptionIdOf(tagged('notifications/tools/list_changed'))).toBe('sub-1');
    expect(subscriptionIdOf(tagged('notifications/tools/list_changed', {}, 4))).toBe(4);
    expect(subscriptionIdOf(frame({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }))).toBeUndefined();
    expect(subscriptionIdOf(frame({ jsonrpc: '2.0', id: 1, result: { _meta: { 'io.modelcontextprotocol/subscriptionId': 1 } } }))).toBeUndefined();
  });

  it('optedIn follows the flags, and the URIs for resource updates; other messages are never opted in to', () => {
    const filter = { toolsListChanged: true, promptsListChanged: false, resourceSubscriptions: ['test://a'] };
    expect(optedIn(filter, tagged('notifications/tools/list_changed'))).toBe(true);
    expect(optedIn(filter, tagged('notifications/prompts/list_changed'))).toBe(false);
    expect(optedIn(filter, tagged('notifications/resources/list_changed'))).toBe(false);
    expect(optedIn(filter, tagged('notifications/resources/updated', { uri: 'test://a' }))).toBe(true);
    expect(optedIn(filter, tagged('notifications/resources/updated', { uri: 'test://b' }))).toBe(false);
    expect(optedIn({ resourceSubscriptions: true }, tagged('notifications/resources/list_changed'))).toBe(false);
    expect(optedIn(filter, tagged('notifications/message'))).toBe(false);
    expect(isChangeNotification(tagged('notifications/resources/updated'))).toBe(true);
    expect(isChangeNotification(tagged('notifications/message'))).toBe(false);
  });
});

describe('postsOffEndpoint (legacy HTTP+SSE)', () => {
  const url = 'http://127.0.0.1:9/sse';
  let n = 0;
  const req = (method: string, target: string, extra: Partial<HttpRequestRecord> = {}): HttpRequestRecord => ({ n: ++n, t: 0, method, path: target.split('?')[0]!, target, headers: {}, seq: n, messages: [], batch: false, ...extra });
  const post = (target: string, method = 'tools/list'): HttpRequestRecord => req('POST', target, { messages: [{ kind: 'request', method, id: n }] });

  it('keeps the POSTs that missed the endpoint announced before them (query included), not the initialize probe to the SSE URL', () => {
    const records = [
      post('/sse', 'initialize'),
      post('/messages?sessionId=a', 'initialize'),
      req('GET', '/sse', { announced: '/messages?sessionId=a' }),
      post('/messages?sessionId=a', 'initialize'),
      post('/messages?sessionId=a'),
      post('/messages'),
      post('/sse'),
    ];
    expect(postsOffEndpoint(records, url).map(describeRequest)).toEqual(['POST /messages?sessionId=a #2 (initialize)', 'POST /messages #6 (tools/list)', 'POST /sse #7 (tools/list)']);
  });
});

describe('exchangeEvidence', () => {
  it('names the status, optionally the content type, and a clipped body; or why nothing came back', () => {
    expect(exchangeEvidence({ status: 404, body: 'not here', contentType: 'text/plain' })).toBe('HTTP 404 not here');
    expect(exchangeEvidence({ status: 200, body: '', contentType: '' }, { contentType: true })).toBe('HTTP 200 Content-Type: (none)');
    expect(exchangeEvidence({ status: undefined, error: 'connection refused', body: '', contentType: '' })).toBe('no response: connection refused');
    expect(exchangeEvidence({ status: 400, body: 'x'.repeat(500), contentType: '' }).length).toBe('HTTP 400 '.length + 200);
  });
});

describe('originRefused', () => {
  const answered = (status: number | undefined): HttpExchange => ({ method: 'POST', requestHeaders: {}, status, headers: {}, contentType: '', body: '', frames: [], seq: 3, ...(status === undefined ? { error: 'reset' } : {}) });
  it('takes any 4xx before 2025-11-25 and only 403 from it, and says what to change when it fails', () => {
    expect([403, 400, 404, 200, 500, undefined].map((s) => originRefused(answered(s), '4xx', 'a ping').ok)).toEqual([true, true, true, false, false, false]);
    expect([403, 400, 200].map((s) => originRefused(answered(s), 403, 'a ping').ok)).toEqual([true, false, false]);
    expect(originRefused(answered(200), '4xx', 'a ping')).toMatchObject({ frames: [3], message: expect.stringContaining(`a ping from Origin ${FOREIGN_ORIGIN} was served: validate the Origin header`) });
    expect(originRefused(answered(400), 403, 'a ping').message).toBe('refused with HTTP 400: answer a present, not allowed Origin with HTTP 403 Forbidden');
    expect(originRefused(answered(403), 403, 'a ping').message).toBeUndefined();
  });
});

describe('feature content readers', () => {
  it('isEmptyResult accepts {} and `_meta` only', () => {
    const reply = (value: Record<string, unknown>): Reply => ({ kind: 'result', result: value, message: { jsonrpc: '2.0', id: 1, result: value }, seq: 3 });
    expect(isEmptyResult(reply({}))).toMatchObject({ ok: true, frames: [3] });
    expect(isEmptyResult(reply({ _meta: { a: 1 } })).ok).toBe(true);
    expect(isEmptyResult(reply({ ok: true })).ok).toBe(false);
    expect(isEmptyResult(error).ok).toBe(false);
    // `"result": null` arrives typed as a result: neither empty nor readable.
    const nullResult = { kind: 'result', result: null, message: { jsonrpc: '2.0', id: 1, result: null }, seq: 4 } as unknown as Reply;
    expect(isEmptyResult(nullResult).ok).toBe(false);
    expect(resultOf(nullResult)).toBeUndefined();
  });

  it('belongsTo accepts the URI itself and sub-resources under it, whatever the percent-encoding', () => {
    expect(belongsTo('file:///a/b', 'file:///a/b')).toBe(true);
    expect(belongsTo('file:///a/b', 'file:///a/b/c.txt')).toBe(true);
    expect(belongsTo('file:///a/b/', 'file:///a/b/c.txt')).toBe(true);
    expect(belongsTo('file:///a%20b', 'file:///a b')).toBe(true);
    expect(belongsTo('file:///a/b', 'file:///a/bc')).toBe(false);
    expect(belongsTo('test://x/1', 'test://x/2')).toBe(false);
    expect(belongsTo('file:///%E0%A4%A', 'file:///%E0%A4%A')).toBe(true);
  });

  it('mediaType keeps type/subtype, lower-cased', () => {
    expect(mediaType('Text/Plain; charset=utf-8')).toBe('text/plain');
    expect(mediaType('image/png')).toBe('image/png');
  });

  it('templateVariables reads every RFC 6570 expression', () => {
    expect(templateVariables('file:///{path}')).toEqual(['path']);
    expect(templateVariables('test://{+base}/items/{id}{?q,limit*}{#frag:3}')).toEqual(['base', 'id', 'q', 'limit', 'frag']);
    expect(templateVariables('plain://no/variables')).toEqual([]);
  });

  it('resourcesToRead skips resources declared too large, and reads each MIME type before repeating one', () => {
    const list = [{ uri: 'a://1', size: 10 }, { uri: 'a://2', size: 10_000_000 }, { name: 'no uri' }, { uri: 'a://3' }, { uri: 'a://4' }];
    expect(resourcesToRead(list, 2).map((r) => r.uri)).toEqual(['a://1', 'a://3']);
    expect(resourcesToRead(list).map((r) => r.uri)).toEqual(['a://1', 'a://3', 'a://4']);
    const typed = [{ uri: 't://1', mimeType: 'text/plain' }, { uri: 't://2', mimeType: 'text/plain' }, { uri: 'b://1', mimeType: 'image/png' }];
    expect(resourcesToRead(typed, 2).map((r) => r.uri)).toEqual(['t://1', 'b://1']);
  });
});

describe('definesCapability', () => {
  const access = (revision: '2024-11-05' | '2025-03-26'): SchemaAccess => {
    const validator = getValidator(revision);
    return { definition: (name, value) => validator.definition(name, value), has: (name) => validator.hasDefinition(name), result: (m, v) => validator.result(m, v) };
  };

  it('knows completions from 2025-03-26 on, and logging everywhere', () => {
    expect(definesCapability(access('2024-11-05'), 'completions')).toBe(false);
    expect(definesCapability(access('2025-03-26'), 'completions')).toBe(true);
    expect(definesCapability(access('2024-11-05'), 'logging')).toBe(true);
    expect(definesCapability(access('2025-03-26'), 'vendor-thing')).toBe(false);
  });
});

describe('replyOf', () => {
  it('turns an answer frame into the reply a request would have got', () => {
    expect(replyOf(frame({ jsonrpc: '2.0', id: 'x', error: { code: -32602, message: 'bad' } }, 4), 10)).toMatchObject({ kind: 'error', error: { code: -32602 }, seq: 4 });
    expect(replyOf(frame({ jsonrpc: '2.0', id: 'x', result: { a: 1 } }, 5), 10)).toMatchObject({ kind: 'result', result: { a: 1 }, seq: 5 });
    expect(replyOf(undefined, 10)).toEqual({ kind: 'timeout', afterMs: 10 });
  });
});

describe('tool arguments from an inputSchema', () => {
  const schema = {
    type: 'object',
    properties: {
      text: { type: 'string', minLength: 3 },
      count: { type: 'integer', minimum: 2, maximum: 9 },
      ratio: { type: 'number', exclusiveMinimum: 0 },
      mode: { enum: ['fast', 'slow'] },
      fixed: { const: 42 },
      flag: { type: 'boolean', default: false },
      tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
      when: { type: 'string', format: 'date-time' },
      nested: { $ref: '#/$defs/Point' },
      either: { anyOf: [{ type: 'null' }, { type: 'integer', examples: [7] }] },
      optional: { type: 'string' },
    },
    required: ['text', 'count', 'ratio', 'mode', 'fixed', 'flag', 'tags', 'when', 'nested', 'either'],
    $defs: { Point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
  };

  it('builds the required properties only, each with a value its schema accepts', () => {
    expect(validArguments(schema)).toEqual({
      text: 'aaa',
      count: 2,
      ratio: 0.5,
      mode: 'fast',
      fixed: 42,
      flag: false,
      tags: ['a', 'a'],
      when: '2025-01-01T00:00:00Z',
      nested: { x: 1 },
      either: null,
    });
    expect(validArguments({ type: 'object' })).toEqual({});
    expect(validArguments({ type: 'object', properties: { n: { type: 'integer', maximum: -5 } }, required: ['n'] })).toEqual({ n: -5 });
    expect(validArguments({ type: 'object', properties: { s: { type: 'string', maxLength: 0 } }, required: ['s'] })).toEqual({ s: '' });
    expect(validArguments({ type: 'object', properties: { big: { type: 'string', minLength: 10_000 } }, required: ['big'] })!.big).toHaveLength(64);
  });

  it('gives up on what it cannot resolve, and stays bounded on recursive schemas', () => {
    expect(validArguments({ type: 'object', properties: { a: { $ref: 'https://example.com/x' } }, required: ['a'] })).toBeUndefined();
    const recursive = { type: 'object', properties: { next: { $ref: '#' } }, required: ['next'] };
    expect(validArguments(recursive)).toBeUndefined();
    const tree = { $defs: { Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } }, required: ['child'] } }, $ref: '#/$defs/Node' };
    expect(validArguments(tree)).toBeUndefined();
    expect(validArguments(null)).toBeUndefined();
  });

  it('breaks a schema by leaving out a required property, else by a wrong type, and never by an extra property', () => {
    expect(invalidArguments({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a', 'b'] })).toEqual({ b: 'a' });
    expect(invalidArguments({ type: 'object', properties: { limit: { type: 'integer' } } })).toEqual({ limit: 'not-a-valid-value' });
    expect(invalidArguments({ type: 'object', properties: { q: { type: 'string' } } })).toEqual({ q: 12345 });
    expect(invalidArguments({ type: 'object', additionalProperties: false })).toBeUndefined();
    expect(invalidArguments({ type: 'object' })).toBeUndefined();
  });
});

describe('tool helpers', () => {
  const readOnly = { name: 'status', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } };
  const readOnlyWithArgs = { name: 'read', inputSchema: { type: 'object', properties: { p: { type: 'string' } }, required: ['p'] }, annotations: { readOnlyHint: true } };
  const writer = { name: 'write', inputSchema: { type: 'object', properties: { t: { type: 'string' } }, required: ['t'] }, annotations: { destructiveHint: true } };
  const plain = { name: 'plain', inputSchema: { type: 'object' } };
  const tools = [readOnly, readOnlyWithArgs, writer, plain];
  const policy = { profile: 'auto', callTools: false, toolArgs: {} } as const;

  it('calls only read-only tools without required arguments, unless the user consents', () => {
    expect(callableTools(tools, policy).map((c) => [c.name, c.consent])).toEqual([['status', 'read-only']]);
    expect(callableTools(tools, { ...policy, toolArgs: { write: { t: 'x' } } }).map((c) => [c.name, c.arguments])).toEqual([
      ['status', {}],
      ['write', { t: 'x' }],
    ]);
    expect(callableTools(tools, { ...policy, callTools: true }).map((c) => [c.name, c.arguments, c.consent])).toEqual([
      ['status', {}, 'call-tools'],
      ['read', { p: 'a' }, 'call-tools'],
      ['write', { t: 'a' }, 'call-tools'],
      ['plain', {}, 'call-tools'],
    ]);
    expect(callableTools(tools, { ...policy, profile: 'fixtures' }).map((c) => c.consent)).toEqual(['fixtures', 'fixtures', 'fixtures', 'fixtures']);
    const many = Array.from({ length: MAX_READ_ONLY_CALLS + 3 }, (_, i) => ({ ...readOnly, name: `s${i}` }));
    expect(callableTools(many, policy)).toHaveLength(MAX_READ_ONLY_CALLS);
    expect(isReadOnly(readOnly) && needsNoArguments(readOnly) && !needsNoArguments(readOnlyWithArgs)).toBe(true);
  });

  it('compiles published schemas in their dialect, 2020-12 by default', () => {
    expect(compileJsonSchema({ type: 'object', properties: { a: { type: 'string' } } }).ok).toBe(true);
    expect(compileJsonSchema({ type: 'object', properties: { a: { type: 'text' } } }).ok).toBe(false);
    expect(compileJsonSchema({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', definitions: { a: { type: 'string' } } }).ok).toBe(true);
    expect(compileJsonSchema({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: { n: { type: 'number', minimum: 0, exclusiveMinimum: true } } }).ok).toBe(true);
    expect(compileJsonSchema({ $schema: 'https://example.com/my-dialect', type: 'nope' }).ok).toBe(true);
    expect(compileJsonSchema({ $schema: 7, type: 'object' }).ok).toBe(false);
    expect(compileJsonSchema(null)).toMatchObject({ ok: false });
    const compiled = compileJsonSchema({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] });
    expect(compiled.ok && compiled.validate({ n: 1 })).toEqual([]);
    expect(compiled.ok && compiled.validate({ n: 'x' })).toEqual(['/n must be integer']);
    expect(uncompilableSchemas([{ name: 'a', inputSchema: { type: 'nope' } }, plain], 'inputSchema')).toHaveLength(1);
    expect(uncompilableSchemas([plain], 'outputSchema')).toEqual([]);
  });

  it('names, duplicates and structured content as text', () => {
    expect(badToolName('admin.tools_list-v2')).toBeUndefined();
    expect(badToolName('get status')).toBe('contains " "');
    expect(badToolName('')).toMatch(/0 characters/);
    expect(badToolName('x'.repeat(129))).toMatch(/129 characters/);
    expect(duplicateNames([plain, plain, readOnly])).toEqual({ plain: 2 });
    expect(structuredAsText({ content: [{ type: 'text', text: '{ "a": 1 }' }], structuredContent: { a: 1 } })).toBe(true);
    expect(structuredAsText({ content: [{ type: 'text', text: 'a is 1' }], structuredContent: { a: 1 } })).toBe(false);
    // From 2026-07-28 structuredContent may be any JSON value, not only an object.
    expect(structuredAsText({ content: [{ type: 'text', text: '[1, "two"]' }], structuredContent: [1, 'two'] })).toBe(true);
    expect(structuredAsText({ content: [{ type: 'text', text: 'null' }], structuredContent: null })).toBe(true);
    expect(structuredAsText({ content: [{ type: 'text', text: '"x"' }], structuredContent: 'y' })).toBe(false);
    const compiled = compileJsonSchema({ type: 'array', items: { type: 'integer' } });
    expect(compiled.ok && compiled.validate([1, 2])).toEqual([]);
  });
});

describe('deep-check helpers', () => {
  it('requestsIn and notificationsIn pick frames by kind and method, with their seq', async () => {
    const { notificationsIn, requestsIn } = await import('../runner/api/index.js');
    const frames = [
      frame({ jsonrpc: '2.0', id: 's1', method: 'sampling/createMessage', params: {} }, 3),
      frame({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } }, 4),
      frame({ jsonrpc: '2.0', id: 1, result: {} }, 5),
    ];
    expect(requestsIn(frames, 'sampling/createMessage').map((r) => [r.id, r.seq])).toEqual([['s1', 3]]);
    expect(notificationsIn(frames, 'notifications/progress').map((n) => n.seq)).toEqual([4]);
    expect(notificationsIn(frames, 'notifications/message')).toEqual([]);
  });

  it('settled records absent fixtures as not applicable and failed calls as not testable', async () => {
    const { settled } = await import('../runner/api/index.js');
    const seen: string[] = [];
    const t = { notApplicable: (id: string, why: string) => seen.push(`na ${id} ${why}`), untestable: (id: string, why: string) => seen.push(`ut ${id} ${why}`) };
    expect(settled(t, { kind: 'absent', reason: 'fixture x not exposed' }, ['a', 'b'])).toBe(false);
    expect(settled(t, { kind: 'failed', reason: 'x got no result', reply: timeout }, ['c'])).toBe(false);
    expect(settled(t, { kind: 'result', result: {}, blocks: [], seq: 1 }, ['d'])).toBe(true);
    expect(seen).toEqual(['na a fixture x not exposed', 'na b fixture x not exposed', 'ut c x got no result']);
  });

  it('acceptForm fills every requested field with its default, first choice or a value of its type', async () => {
    const { acceptForm } = await import('../runner/api/index.js');
    const requestedSchema = {
      type: 'object',
      properties: {
        name: { type: 'string', default: 'Ada' },
        status: { type: 'string', enum: ['on', 'off'] },
        titled: { type: 'string', oneOf: [{ const: 'v1', title: 'One' }] },
        many: { type: 'array', items: { anyOf: [{ const: 'm1', title: 'M' }] } },
        age: { type: 'integer', minimum: 18 },
        ok: { type: 'boolean' },
        free: { type: 'string' },
      },
    };
    expect(acceptForm({ message: 'm', requestedSchema })).toEqual({
      action: 'accept',
      content: { name: 'Ada', status: 'on', titled: 'v1', many: ['m1'], age: 18, ok: true, free: 'conformance' },
    });
  });

  it('goodClient answers only what its capabilities declare', async () => {
    const { goodClient, SAMPLED_TEXT } = await import('../runner/api/index.js');
    const request = (method: string) => ({ jsonrpc: '2.0' as const, id: 1, method, params: { messages: [], maxTokens: 1 } });
    const none = goodClient('2025-11-25');
    expect(await none(request('sampling/createMessage'))).toMatchObject({ error: { code: -32601 } });
    expect(await none(request('ping'))).toEqual({ result: {} });
    const sampling = goodClient('2025-11-25', { sampling: {}, roots: {} });
    expect(await sampling(request('sampling/createMessage'))).toMatchObject({ result: { role: 'assistant', content: { type: 'text', text: SAMPLED_TEXT } } });
    expect(await sampling(request('roots/list'))).toMatchObject({ result: { roots: [{ uri: 'file:///tmp/mcp-conformance' }] } });
    expect(await sampling(request('elicitation/create'))).toMatchObject({ error: { code: -32601 } });
  });
});

describe('forgedToken', () => {
  const claims = { audience: 'http://127.0.0.1:9/mcp', issuer: 'http://127.0.0.1:8', scopes: ['mcp', 'extra'] };
  const decode = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

  it('signs with a key of its own: well-formed, the claims asked for, and refused under any other key', () => {
    const token = forgedToken(claims, 'other-key');
    const [, body] = token.split('.');
    expect(decode(body!)).toMatchObject({ iss: claims.issuer, aud: claims.audience, scope: 'mcp extra' });
    expect(readToken(newTokenKey(), token)).toEqual({ problem: 'signature' });
  });

  it('or signs nothing: alg none, an empty signature, a lifetime ahead', () => {
    const [header, body, signature] = forgedToken(claims, 'unsigned').split('.');
    expect(decode(header!)).toEqual({ alg: 'none', typ: 'at+jwt' });
    expect(signature).toBe('');
    expect(decode(body!).exp).toBeGreaterThan(Date.now() / 1000);
  });
});
