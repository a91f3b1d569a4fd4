/** The helpers scenarios build their assertions with (runner/api), on plain data. */
import { describe, expect, it } from 'vitest';
import { classify } from '../runner/wire/jsonrpc.js';
import { equals, errorCode, exchangeEvidence, isAnswered, isError, isResponse, isResult, responsesIn, resultOf, that, type Received, type Reply } from '../runner/api/index.js';

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

describe('exchangeEvidence', () => {
  it('names the status, optionally the content type, and a clipped body; or why nothing came back', () => {
    expect(exchangeEvidence({ status: 404, body: 'not here', contentType: 'text/plain' })).toBe('HTTP 404 not here');
    expect(exchangeEvidence({ status: 200, body: '', contentType: '' }, { contentType: true })).toBe('HTTP 200 Content-Type: (none)');
    expect(exchangeEvidence({ status: undefined, error: 'connection refused', body: '', contentType: '' })).toBe('no response: connection refused');
    expect(exchangeEvidence({ status: 400, body: 'x'.repeat(500), contentType: '' }).length).toBe('HTTP 400 '.length + 200);
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
