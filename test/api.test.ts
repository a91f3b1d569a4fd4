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
