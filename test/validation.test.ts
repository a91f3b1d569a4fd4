import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeRevision, REVISIONS, type Revision } from '../runner/revisions.js';

const isStateful = (revision: Revision): boolean => describeRevision(revision).stateful;
import { formatIssue, getValidator } from '../runner/validation/validator.js';
import type { SchemaIssue } from '../runner/validation/types.js';

// Canned messages only: the upstream spec material is not part of a CI clone.

const serverInfo = { name: 'canned-server', version: '1.0.0' };
const clientInfo = { name: 'canned-client', version: '1.0.0' };

/** The opening request of a session: initialize up to 2025-11-25, server/discover in stateless revisions. */
function openingRequest(revision: Revision, id: string | number = 1) {
  return isStateful(revision)
    ? { jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: revision, capabilities: {}, clientInfo } }
    : {
        jsonrpc: '2.0',
        id,
        method: 'server/discover',
        params: {
          _meta: {
            'io.modelcontextprotocol/protocolVersion': revision,
            'io.modelcontextprotocol/clientInfo': clientInfo,
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      };
}

function openingResult(revision: Revision): Record<string, unknown> {
  return isStateful(revision)
    ? { protocolVersion: revision, capabilities: { tools: {} }, serverInfo }
    : {
        resultType: 'complete',
        supportedVersions: [revision],
        capabilities: { tools: {} },
        ttlMs: 0,
        cacheScope: 'private',
        _meta: { 'io.modelcontextprotocol/serverInfo': serverInfo },
      };
}

const texts = (issues: SchemaIssue[]) => issues.map(formatIssue);

describe.each(REVISIONS)('schema validation, %s', (revision) => {
  const v = getValidator(revision);
  const opening = isStateful(revision) ? 'initialize' : 'server/discover';

  it('accepts a correct opening request, as a message and against its method', () => {
    const request = openingRequest(revision);
    expect(v.message(request)).toEqual([]);
    expect(v.methodMessage(request)).toEqual([]);
  });

  it('accepts a correct opening result, alone and inside a response', () => {
    expect(v.result(opening, openingResult(revision))).toEqual([]);
    expect(v.message({ jsonrpc: '2.0', id: 1, result: openingResult(revision) })).toEqual([]);
  });

  it('accepts numeric and string ids', () => {
    expect(v.message(openingRequest(revision, 7))).toEqual([]);
    expect(v.message(openingRequest(revision, 'req-7'))).toEqual([]);
  });

  it('rejects a wrong jsonrpc version, in the envelope and against the method', () => {
    const request = { ...openingRequest(revision), jsonrpc: '1.0' };
    expect(texts(v.message(request))).toEqual(['/jsonrpc must be "2.0"']);
    expect(texts(v.methodMessage(request))).toContain('/jsonrpc must be "2.0"');
  });

  it('rejects a request whose id is null', () => {
    const issues = v.message({ ...openingRequest(revision), id: null });
    expect(texts(issues)).toEqual(['/id must be string or integer']);
    expect(issues[0]?.definition).toBe('JSONRPCRequest');
  });

  it('reports the missing member of a response, not the other envelope shapes', () => {
    expect(texts(v.message({ jsonrpc: '2.0', id: 1 }))).toEqual(["must have required property 'result'"]);
    expect(v.message({ jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } })).toEqual([]);
    expect(texts(v.message('hello'))).toEqual(['must be object']);
  });

  it('checks params against the method definition', () => {
    const request = openingRequest(revision);
    const params = { ...request.params } as Record<string, unknown>;
    delete params[isStateful(revision) ? 'clientInfo' : '_meta'];
    const issues = v.methodMessage({ ...request, params });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.path.startsWith('/params'))).toBe(true);
  });

  it('rejects a notification that carries an id', () => {
    const cancelled = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 3 } };
    expect(v.methodMessage(cancelled)).toEqual([]);
    expect(texts(v.methodMessage({ ...cancelled, id: 4 }))).toEqual([
      '/id must be absent: notifications/cancelled is a notification',
    ]);
  });

  it('leaves methods it does not know to the envelope check', () => {
    const vendor = { jsonrpc: '2.0', id: 1, method: 'vendor/extension', params: {} };
    expect(v.methodMessage(vendor)).toEqual([]);
    expect(v.message(vendor)).toEqual([]);
  });

  it('rejects tools/list results whose tools lack an inputSchema', () => {
    const issues = v.result('tools/list', { tools: [{ name: 'x' }] });
    expect(texts(issues)).toContain("/tools/0 must have required property 'inputSchema'");
    expect(issues.every((i) => i.definition === 'ListToolsResult')).toBe(true);
  });

  it('reports one complaint for a broken content block instead of one per content type', () => {
    const issues = v.result('tools/call', { content: [{ type: 'text' }] }).filter((i) => i.path.startsWith('/content'));
    expect(texts(issues)).toEqual(["/content/0 must have required property 'text'"]);
    const unknown = v.result('tools/call', { content: [{ type: 'video' }] }).filter((i) => i.path.startsWith('/content'));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]?.message).toMatch(/^must match one of TextContent, ImageContent.* and matches none$/);
  });

  it('throws for definitions the revision does not have', () => {
    expect(v.hasDefinition('JSONRPCNotification')).toBe(true);
    expect(v.hasDefinition('NoSuchThing')).toBe(false);
    expect(() => v.definition('NoSuchThing', {})).toThrow(/NoSuchThing/);
  });

  it('is cached per revision', () => {
    expect(getValidator(revision)).toBe(v);
    expect(v.catalogue.revision).toBe(revision);
  });
});

describe.each(REVISIONS.filter(isStateful))('initialize handshake, %s', (revision) => {
  const v = getValidator(revision);

  it('names serverInfo when an initialize result lacks it', () => {
    const issues = v.result('initialize', { protocolVersion: revision, capabilities: {} });
    expect(issues).toEqual([
      { path: '', message: "must have required property 'serverInfo'", definition: 'InitializeResult' },
    ]);
  });

  it('locates a wrongly typed member', () => {
    const issues = v.result('initialize', { protocolVersion: revision, capabilities: 'all', serverInfo });
    expect(texts(issues)).toEqual(['/capabilities must be object']);
  });

  it('accepts an empty result for ping', () => {
    expect(v.result('ping', {})).toEqual([]);
  });

  it('catalogues the handshake and the server-sent requests', () => {
    const method = (name: string) => v.catalogue.methods.find((m) => m.method === name);
    expect(method('initialize')).toMatchObject({
      kind: 'request',
      definition: 'InitializeRequest',
      result: 'InitializeResult',
      senders: ['client'],
    });
    expect(method('notifications/initialized')).toMatchObject({ kind: 'notification', senders: ['client'] });
    expect(method('sampling/createMessage')).toMatchObject({ kind: 'request', senders: ['server'], result: 'CreateMessageResult' });
    expect(method('ping')).toMatchObject({ result: 'EmptyResult', senders: ['client', 'server'] });
    expect(method('logging/setLevel')?.result).toBe('EmptyResult');
    expect(method('resources/subscribe')?.result).toBe('EmptyResult');
  });
});

describe('revision specifics', () => {
  it('2025-11-25 catalogues tasks, sent by either side', () => {
    const catalogue = getValidator('2025-11-25').catalogue;
    expect(catalogue.methods.find((m) => m.method === 'tasks/get')).toMatchObject({
      kind: 'request',
      definition: 'GetTaskRequest',
      result: 'GetTaskResult',
      senders: ['client', 'server'],
    });
    expect(catalogue.methods.find((m) => m.method === 'tasks/result')?.result).toBe('GetTaskPayloadResult');
  });

  it('params definitions are named from 2025-11-25 and absent where params are inline', () => {
    const initialize = (rev: Revision) => getValidator(rev).catalogue.methods.find((m) => m.method === 'initialize');
    expect(initialize('2025-11-25')?.params).toBe('InitializeRequestParams');
    expect(initialize('2024-11-05')?.params).toBeUndefined();
  });

  it('stateless revisions have no initialize and no server-to-client requests', () => {
    for (const rev of ['2026-07-28', 'draft'] as const) {
      const methods = getValidator(rev).catalogue.methods;
      expect(methods.find((m) => m.method === 'initialize')).toBeUndefined();
      expect(methods.find((m) => m.method === 'server/discover')).toMatchObject({ result: 'DiscoverResult', senders: ['client'] });
      expect(methods.filter((m) => m.kind === 'request' && m.senders.includes('server'))).toEqual([]);
      expect(methods.find((m) => m.method === 'notifications/cancelled')?.senders).toEqual(['client', 'server']);
    }
  });

  it('2026-07-28 accepts an InputRequiredResult where the schema allows one, and only then', () => {
    const v = getValidator('2026-07-28');
    const inputRequired = { resultType: 'input_required', requestState: 'opaque-state' };
    expect(v.result('tools/call', inputRequired)).toEqual([]);
    expect(texts(v.result('tools/call', { resultType: 'complete' }))).toEqual(["must have required property 'content'"]);
    expect(v.result('tools/list', inputRequired).length).toBeGreaterThan(0);
  });

  it('only 2025-03-26 accepts JSON-RPC batches', () => {
    const batch = [openingRequest('2025-03-26', 1), { jsonrpc: '2.0', method: 'notifications/initialized' }];
    expect(getValidator('2025-03-26').message(batch)).toEqual([]);
    expect(texts(getValidator('2025-03-26').message([{ ...batch[0], id: null }]))).toEqual(['/0/id must be string or integer']);
    expect(texts(getValidator('2025-03-26').message([batch[0], { jsonrpc: '2.0', id: 2, result: {} }]))).toEqual([
      'must hold only requests and notifications, or only responses',
    ]);
    expect(texts(getValidator('2024-11-05').message(batch))).toEqual(['must be object (2024-11-05 has no JSON-RPC batches)']);
  });

  it('rejects a response carrying both result and error', () => {
    const issues = getValidator('2025-06-18').message({ jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } });
    expect(texts(issues)).toEqual(["must not have both 'result' and 'error'"]);
  });

  it('judges answers to unknown methods or to notifications sent as requests as plain Results', () => {
    const v = getValidator('2025-06-18');
    expect(v.result('notifications/initialized', {})).toEqual([]);
    expect(v.result('vendor/thing', { anything: 1 })).toEqual([]);
    expect(texts(v.result('vendor/thing', []))).toEqual(['must be object']);
    expect(getValidator('2026-07-28').result('ping', {})[0]?.definition).toBe('Result'); // resultType is required there
  });
});

describe('requirement catalogue generation', () => {
  interface Row { id: string; keyword: string; role: string; url: string; summary: string }
  type Headings = Record<string, Record<string, string[]>>;
  type Build = (source: unknown, revisions: readonly string[], headings?: Headings) => Map<string, { revision: string; requirements: Row[] }>;
  // A plain .mjs build script without type declarations: imported by URL so the compiler leaves it alone.
  const load = async (): Promise<Build> => {
    const url = new URL('../scripts/gen-requirements.mjs', import.meta.url).href;
    return ((await import(url)) as { buildRequirements: Build }).buildRequirements;
  };
  const row = (over: Record<string, unknown> = {}) => ({
    id: 'lifecycle/server-echoes-supported-version',
    keyword: 'MUST',
    role: 'server',
    since: '2024-11-05',
    page: 'basic/lifecycle',
    anchor: 'version-negotiation',
    summary: 'one line',
    ...over,
  });

  it('projects rows onto revisions with since <= rev < until, sorted, with links', async () => {
    const build = await load();
    const docs = build(
      {
        requirements: [
          row({ id: 'z/last', until: '2025-06-18', anchors: { '2025-03-26': 'renamed' } }),
          row({ id: 'a/first', page: '', anchor: 'overview', since: '2025-03-26' }),
          row({ id: 'j/json-rpc', page: 'https://www.jsonrpc.org/specification', anchor: 'request_object', pages: {} }),
          row({ id: 'p/prose', keyword: 'SHOULD', prose: true, since: '2025-06-18' }),
        ],
      },
      REVISIONS,
    );
    expect(docs.get('2024-11-05')?.requirements.map((r) => r.id)).toEqual(['j/json-rpc', 'z/last']);
    const mid = docs.get('2025-03-26')?.requirements ?? [];
    expect(mid.map((r) => r.url)).toEqual([
      'https://modelcontextprotocol.io/specification/2025-03-26#overview',
      'https://www.jsonrpc.org/specification#request_object',
      'https://modelcontextprotocol.io/specification/2025-03-26/basic/lifecycle#renamed',
    ]);
    expect(docs.get('2025-06-18')?.requirements.map((r) => r.id)).toEqual(['a/first', 'j/json-rpc', 'p/prose']);
    expect(docs.get('2025-06-18')?.requirements[2]).toMatchObject({ keyword: 'SHOULD', prose: true });
    expect(Object.keys(mid[0] ?? {})).toEqual(['id', 'keyword', 'role', 'url', 'summary']);
  });

  it('refuses an invalid source, naming every problem', async () => {
    const build = await load();
    const bad = {
      requirements: [
        row(),
        row(),
        row({ id: 'Bad Id', keyword: 'MUSTN', since: '2023-01-01', untill: 'draft' }),
        row({ id: 'x/y', until: '2024-11-05' }),
        row({ id: 'x/prose', prose: true }),
      ],
    };
    expect(() => build(bad, REVISIONS)).toThrow(/invalid requirement source/);
    let message = '';
    try {
      build(bad, REVISIONS);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const fragment of ['duplicate id', 'id must match', 'keyword "MUSTN"', 'since "2023-01-01"', 'unknown field "untill"', 'until must be a later revision', 'prose row (no RFC 2119 keyword in the text) is graded SHOULD']) {
      expect(message).toContain(fragment);
    }
  });
});

describe('requirement links', () => {
  const url = new URL('../scripts/gen-requirements.mjs', import.meta.url).href;
  const headingsUrl = new URL('../scripts/vendor-schemas.mjs', import.meta.url).href;
  const row = { id: 'stdio/x', keyword: 'MUST', role: 'server', since: '2025-11-25', page: 'basic/transports', anchor: 'stdio', summary: 'one line' };

  it('must name a page of each revision the row is in, and a heading on it ("" for the opening text)', async () => {
    const { buildRequirements: build } = (await import(url)) as { buildRequirements: (s: unknown, r: readonly string[], h: unknown) => Map<string, { requirements: { url: string }[] }> };
    const headings = { '2025-11-25': { 'basic/transports': ['stdio'] }, '2026-07-28': { 'basic/transports': ['messages'], 'basic/transports/stdio': ['shutdown'] } };
    const revisions = ['2025-11-25', '2026-07-28'];
    expect(() => build({ requirements: [row] }, revisions, headings)).toThrow('stdio/x: at 2026-07-28 the page "basic/transports" has no heading #stdio');
    expect(() => build({ requirements: [{ ...row, pages: { '2026-07-28': 'basic/stdio' } }] }, revisions, headings)).toThrow('stdio/x: at 2026-07-28 there is no page "basic/stdio"');
    const docs = build({ requirements: [{ ...row, pages: { '2026-07-28': 'basic/transports/stdio' }, anchors: { '2026-07-28': '' } }] }, revisions, headings);
    expect(docs.get('2026-07-28')?.requirements[0]?.url).toBe('https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio');
  });

  it('are checked against anchors made as the spec site makes them', async () => {
    const { pageAnchors } = (await import(headingsUrl)) as { pageAnchors: (text: string) => string[] };
    const page = ['# Title', '### `_meta`', '## Security & Endpoint', '```', '# not a heading', '```', '### `$ref` Resolution', '## Example', '## Example'].join('\n');
    expect(pageAnchors(page)).toEqual(['title', 'meta', 'security--endpoint', 'ref-resolution', 'example', 'example-1']);
  });
});

describe('generated files', () => {
  it('are up to date (npm run gen:check)', () => {
    const script = fileURLToPath(new URL('../scripts/gen.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
