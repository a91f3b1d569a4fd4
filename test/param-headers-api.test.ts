/** The calls the Mcp-Param-* scenario makes (runner/api/param-headers.ts): which tools, which arguments, which headers. */
import { describe, expect, it } from 'vitest';
import { mirroredCall, mirroredCalls, otherHeaderValue, paramHeaders } from '../runner/api/param-headers.js';
import { DEFAULT_POLICY } from '../runner/engine/scenario.js';

const tool = {
  name: 'query',
  inputSchema: {
    type: 'object',
    properties: {
      region: { type: 'string', enum: ['eu-west'], 'x-mcp-header': 'Region' },
      priority: { type: 'integer', minimum: 3, 'x-mcp-header': 'Priority' },
      query: { type: 'string' },
    },
    required: ['region', 'query'],
  },
};

describe('mirroredCall', () => {
  it('gives every top-level mirrored parameter a value its own schema accepts, and marks the ones it added', () => {
    const call = mirroredCall(tool, { region: 'eu-west', query: 'q' });
    expect(call?.arguments).toEqual({ region: 'eu-west', query: 'q', priority: 3 });
    expect(call?.mirrored).toEqual([
      { header: 'mcp-param-region', property: 'region', value: 'eu-west', optional: false },
      { header: 'mcp-param-priority', property: 'priority', value: 3, optional: true },
    ]);
    expect(paramHeaders(call!.mirrored)).toEqual({ 'mcp-param-region': 'eu-west', 'mcp-param-priority': '3' });
  });

  it('is undefined for a tool that mirrors nothing', () => {
    expect(mirroredCall({ name: 'plain', inputSchema: { type: 'object', properties: { a: { type: 'string' } } } }, {})).toBeUndefined();
  });

  it('spells values outside plain header text in the base64 form, and a different value of the same type for mismatches', () => {
    expect(paramHeaders([{ header: 'mcp-param-text', property: 'text', value: ' padded ', optional: false }])).toEqual({ 'mcp-param-text': '=?base64?IHBhZGRlZCA=?=' });
    expect([otherHeaderValue(true), otherHeaderValue(41), otherHeaderValue('a')]).toEqual(['false', '42', 'a-other']);
  });
});

describe('mirroredCalls', () => {
  it('calls a mirroring tool only with consent, or on a conformance test server under the auto profile', () => {
    expect(mirroredCalls([tool], DEFAULT_POLICY)).toEqual([]);
    expect(mirroredCalls([tool], { ...DEFAULT_POLICY, callTools: true }).map((c) => c.name)).toEqual(['query']);
    const fixtures = ['test_simple_text', 'test_image_content', 'test_error_handling'].map((name) => ({ name, inputSchema: { type: 'object' } }));
    expect(mirroredCalls([...fixtures, tool], DEFAULT_POLICY).map((c) => c.name)).toEqual(['query']);
    expect(mirroredCalls([...fixtures, tool], { ...DEFAULT_POLICY, profile: 'blackbox' })).toEqual([]);
  });

  it('leaves out a tool whose x-mcp-header annotations break the rules (here: on a number parameter)', () => {
    const invalid = { name: 'ratio', inputSchema: { type: 'object', properties: { r: { type: 'number', 'x-mcp-header': 'R' } } } };
    expect(mirroredCalls([invalid, tool], { ...DEFAULT_POLICY, callTools: true }).map((c) => c.name)).toEqual(['query']);
  });
});
