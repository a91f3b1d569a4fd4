/** The x-mcp-header walk (runner/transports/mcp-param-headers.ts): which parameters are mirrored, and which annotations make a tool invalid. */
import { describe, expect, it } from 'vitest';
import { headerTextOf, mirroredParameters, paramHeaderProblems, valueAt } from '../runner/transports/mcp-param-headers.js';

const schema = (properties: object) => ({ type: 'object', properties });

describe('x-mcp-header parameters', () => {
  it('are found through properties, nested objects included, and read from the arguments as header text', () => {
    const s = schema({ region: { type: 'string', 'x-mcp-header': 'Region' }, opts: { type: 'object', properties: { dry: { type: 'boolean', 'x-mcp-header': 'Dry' } } }, n: { type: 'integer' } });
    expect(mirroredParameters(s)).toEqual([
      { path: ['region'], header: 'Region' },
      { path: ['opts', 'dry'], header: 'Dry' },
    ]);
    expect(paramHeaderProblems(s)).toEqual([]);
    const args = { region: 'us-west1', opts: { dry: false } };
    expect(mirroredParameters(s).map((p) => headerTextOf(valueAt(args, p.path)))).toEqual(['us-west1', 'false']);
    expect(headerTextOf(valueAt({}, ['region']))).toBeUndefined();
    expect(headerTextOf(1.5)).toBeUndefined();
  });

  it.each([
    ['a number parameter', schema({ a: { type: 'number', 'x-mcp-header': 'A' } }), /type "number"/],
    ['a value that is no header token', schema({ a: { type: 'string', 'x-mcp-header': 'A B' } }), /no header token/],
    ['an empty value', schema({ a: { type: 'string', 'x-mcp-header': '' } }), /no header token/],
    ['two values alike but for case', schema({ a: { type: 'string', 'x-mcp-header': 'Tenant' }, b: { type: 'string', 'x-mcp-header': 'tenant' } }), /repeats/],
    ['an annotation inside items', schema({ list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string', 'x-mcp-header': 'A' } } } } }), /only a chain of properties/],
    ['an annotation inside anyOf', schema({ a: { anyOf: [{ type: 'string', 'x-mcp-header': 'A' }] } }), /only a chain of properties/],
  ])('make a tool invalid: %s', (_name, s, problem) => {
    expect(paramHeaderProblems(s).join('\n')).toMatch(problem);
  });
});
