import { describe, expect, it } from 'vitest';
import { decodeHeaderValue, encodeHeaderValue, standardHeaders } from '../runner/transports/mcp-headers.js';
import { META, withRequestMeta } from '../runner/wire/request-meta.js';

describe('Mcp-* header values (2026-07-28)', () => {
  it('sends plain visible ASCII as it is, and everything else in the base64 sentinel form', () => {
    expect(encodeHeaderValue('us-west1')).toBe('us-west1');
    expect(encodeHeaderValue('a b')).toBe('a b');
    for (const value of ['Hello, 世界', ' padded ', 'line1\nline2', '=?base64?literal?=', 'tab\tend\t', '']) {
      const encoded = encodeHeaderValue(value);
      expect(encoded).toMatch(/^=\?base64\?[A-Za-z0-9+/]*={0,2}\?=$/);
      expect(decodeHeaderValue(encoded)).toBe(value);
    }
  });

  it('decodes plain values as they are and refuses broken base64', () => {
    expect(decodeHeaderValue('get_weather')).toBe('get_weather');
    expect(decodeHeaderValue('=?base64?not base64!?=')).toBeUndefined();
  });

  it('mirrors the method, and the name or URI of the methods that have one', () => {
    expect(standardHeaders({ jsonrpc: '2.0', id: 1, method: 'tools/list' })).toEqual({ 'mcp-method': 'tools/list' });
    expect(standardHeaders({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'add' } })).toEqual({ 'mcp-method': 'tools/call', 'mcp-name': 'add' });
    expect(standardHeaders({ jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'file:///a b' } })['mcp-name']).toBe('file:///a b');
    expect(standardHeaders({ jsonrpc: '2.0', id: 1, method: 'prompts/get', params: { name: 'grüß' } })['mcp-name']).toBe(encodeHeaderValue('grüß'));
    expect(standardHeaders([{ method: 'x' }])).toEqual({});
  });
});

describe('per-request _meta', () => {
  it('adds the required fields and lets the caller override any of them', () => {
    const fields = { protocolVersion: '2026-07-28', clientCapabilities: {}, clientInfo: { name: 'h', version: '1' } };
    expect(withRequestMeta(undefined, fields)._meta).toEqual({ [META.protocolVersion]: '2026-07-28', [META.clientCapabilities]: {}, [META.clientInfo]: { name: 'h', version: '1' } });
    const own = withRequestMeta({ name: 'x', _meta: { [META.protocolVersion]: '1999-01-01', progressToken: 3 } }, fields);
    expect(own).toMatchObject({ name: 'x', _meta: { [META.protocolVersion]: '1999-01-01', progressToken: 3, [META.clientCapabilities]: {} } });
  });
});
