/**
 * The generated probe scenarios: the runtime helper (runner/api/generated.ts) on plain data, and the
 * derivation from the schemas (scripts/gen-scenarios.mjs). The wire behaviour is proven end to end
 * by the reference server and the defects in fixtures/reference/defects/generated.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProbe, completionTarget, declares, probeScenario, probeTitle, promptToGet, resourceToRead, withoutNameHeader, type ProbeSpec } from '../runner/api/generated.js';
import { replyOf } from '../runner/api/off-schema.js';
import { loadScenarios } from '../runner/engine/load.js';
import { classify } from '../runner/wire/jsonrpc.js';

interface GenScenarios {
  existingGenerated(root: string, revisions: string[]): string[];
  exampleOf(schema: unknown, node: unknown): unknown;
  typesOf(schema: unknown, node: unknown): string[];
  wrongValueFor(types: string[]): unknown;
  buildProbeScenarios(revisions: string[], load: (rev: string) => { schema: unknown; catalogue: unknown }, generatedBy: (from: string) => string, scope?: unknown[]): Map<string, string>;
}
// A plain .mjs build script without type declarations: imported by URL so the compiler leaves it alone.
const gen = (await import(new URL('../scripts/gen-scenarios.mjs', import.meta.url).href)) as GenScenarios;

const SPEC: ProbeSpec = {
  method: 'prompts/get',
  capability: 'prompts',
  params: { name: 'conformance-probe' },
  checks: {
    'declared-answered': 'lifecycle/server-honours-declared-capabilities',
    'undeclared-refused': 'lifecycle/server-refuses-undeclared-methods',
    'missing-name-32602': 'prompts/server-unknown-prompt-invalid-params',
  },
  declared: { check: 'declared-answered' },
  undeclared: { check: 'undeclared-refused' },
  invalid: [{ check: 'missing-name-32602', what: 'params without name', params: {} }],
};

describe('probeScenario', () => {
  it('declares the checks its data names, in order, and refuses a check id used twice, undeclared or unused', () => {
    expect(probeScenario(SPEC).checks).toEqual({
      'declared-answered': 'lifecycle/server-honours-declared-capabilities',
      'undeclared-refused': 'lifecycle/server-refuses-undeclared-methods',
      'missing-name-32602': 'prompts/server-unknown-prompt-invalid-params',
    });
    expect(() => checkProbe({ ...SPEC, invalid: [{ ...SPEC.invalid[0]!, check: 'declared-answered' }] })).toThrow('probe uses check declared-answered twice');
    expect(() => checkProbe({ ...SPEC, invalid: [{ ...SPEC.invalid[0]!, check: 'nowhere' }] })).toThrow('undeclared check(s) nowhere');
    expect(() => checkProbe({ ...SPEC, invalid: [] })).toThrow('never makes: missing-name-32602');
    const s = probeScenario({ ...SPEC, until: '2026-07-28' });
    expect([s.role, s.until, s.title]).toEqual(['server', '2026-07-28', 'prompts/get is served when prompts is declared and checks its params']);
    expect(probeTitle({ ...SPEC, invalid: [] })).toBe('prompts/get is served when prompts is declared');
  });

  it('every generated file loads as a generated scenario with a title of at most 80 characters, one era each', async () => {
    const generated = (await loadScenarios()).filter((s) => s.generated);
    expect(generated.length).toBeGreaterThanOrEqual(16);
    for (const s of generated) {
      expect(s.id).toMatch(/^\d{4}-\d{2}-\d{2}\/server\/generated\/[a-z-]+$/);
      expect(s.title.length, s.id).toBeLessThanOrEqual(80);
      // A stateful file stops where the stateless era begins, which has files of its own.
      expect(s.until, s.id).toBe(s.since === '2026-07-28' ? undefined : '2026-07-28');
    }
  });

  it('leaves out, over Streamable HTTP at the stateless revisions only, a probe without the string Mcp-Name mirrors', () => {
    const noName = SPEC.invalid[0]!;
    const mistyped = { check: 'name-wrong-type-32602', what: 'name as a number', params: { name: 0 } };
    const named = { check: 'x', what: 'extra member', params: { name: 'p', extra: 0 } };
    const http26 = { transport: 'streamable-http', revision: '2026-07-28' } as const;
    expect(withoutNameHeader(http26, SPEC, noName)).toMatch(/no Mcp-Name header/);
    expect(withoutNameHeader({ ...http26, revision: 'draft' }, SPEC, mistyped)).toMatch(/no Mcp-Name header/);
    expect(withoutNameHeader(http26, SPEC, named)).toBeUndefined();
    expect(withoutNameHeader({ transport: 'stdio', revision: '2026-07-28' }, SPEC, noName)).toBeUndefined();
    expect(withoutNameHeader({ ...http26, revision: '2025-11-25' }, SPEC, noName)).toBeUndefined();
    expect(withoutNameHeader(http26, { method: 'completion/complete', params: {} }, { ...noName, params: {} })).toBeUndefined();
  });

  it('reads a dotted capability path; present means any value but undefined', () => {
    expect(declares({ tools: {} }, 'tools')).toBe(true);
    expect(declares({ tools: {} }, 'prompts')).toBe(false);
    expect(declares({ tasks: { list: {} } }, 'tasks.list')).toBe(true);
    expect(declares({ tasks: { cancel: {} } }, 'tasks.list')).toBe(false);
    expect(declares({ tasks: true }, 'tasks.list')).toBe(false);
  });
});

describe('real items for a well-formed request', () => {
  it('prompts/get takes the first prompt that needs no arguments', () => {
    const prompts = [{ name: 'needs', arguments: [{ name: 'x', required: true }] }, 'junk', { name: 'free', arguments: [{ name: 'y' }] }];
    expect(promptToGet(prompts)).toMatchObject({ kind: 'params', params: { name: 'free' } });
    expect(promptToGet(prompts.slice(0, 1))).toMatchObject({ kind: 'absent' });
    expect(promptToGet([])).toMatchObject({ kind: 'absent' });
  });

  it('resources/read takes the first listed resource', () => {
    expect(resourceToRead([{ name: 'no uri' }, { uri: 'file:///a' }])).toMatchObject({ kind: 'params', params: { uri: 'file:///a' } });
    expect(resourceToRead([])).toMatchObject({ kind: 'absent' });
  });

  it('completion/complete targets a prompt argument first, else a template variable', () => {
    const prompt = { name: 'p', arguments: [{ name: 'a' }] };
    const template = { uriTemplate: 'file:///{+path}', name: 't' };
    expect(completionTarget([{ name: 'bare' }, prompt], [template])).toMatchObject({
      kind: 'params',
      params: { ref: { type: 'ref/prompt', name: 'p' }, argument: { name: 'a', value: '' } },
    });
    expect(completionTarget([], [{ uriTemplate: 'fixed://x' }, template])).toMatchObject({
      kind: 'params',
      params: { ref: { type: 'ref/resource', uri: 'file:///{+path}' }, argument: { name: 'path', value: '' } },
    });
    expect(completionTarget([{ name: 'bare' }], [])).toMatchObject({ kind: 'absent' });
  });
});

describe('replyOf (runner/api/off-schema.ts)', () => {
  const received = (value: Record<string, unknown>) => ({ frame: { raw: JSON.stringify(value), value, lane: 'stdout', seq: 4 }, classified: classify(value) });
  it('turns a response frame into the reply a correlated request would get, and no frame into a timeout', () => {
    expect(replyOf(received({ jsonrpc: '2.0', id: 'p', error: { code: -32602, message: 'bad' } }), 10)).toMatchObject({ kind: 'error', error: { code: -32602 }, seq: 4 });
    expect(replyOf(received({ jsonrpc: '2.0', id: 'p', result: {} }), 10)).toMatchObject({ kind: 'result', result: {}, seq: 4 });
    expect(replyOf(undefined, 10)).toEqual({ kind: 'timeout', afterMs: 10 });
  });
});

describe('derivation from the schema (scripts/gen-scenarios.mjs)', () => {
  const schema = {
    $defs: {
      Level: { type: 'string', enum: ['alert', 'debug'] },
      Ref: { anyOf: [{ $ref: '#/$defs/A' }, { $ref: '#/$defs/B' }] },
      A: { type: 'object', properties: { type: { const: 'a' }, name: { type: 'string' }, extra: { type: 'string' } }, required: ['type', 'name'] },
      B: { type: 'object', properties: { uri: { type: 'string', format: 'uri' } }, required: ['uri'] },
    },
  };

  it('makes a valid example: const, first enum member, first union branch, required members only', () => {
    expect(gen.exampleOf(schema, { $ref: '#/$defs/Level' })).toBe('alert');
    expect(gen.exampleOf(schema, { $ref: '#/$defs/Ref' })).toEqual({ type: 'a', name: 'conformance-probe' });
    expect(gen.exampleOf(schema, { $ref: '#/$defs/B' })).toEqual({ uri: 'conformance://probe' });
    expect(() => gen.exampleOf(schema, {})).toThrow('no example');
  });

  it('knows the JSON types a fragment allows, and picks a value of another type', () => {
    expect(gen.typesOf(schema, { $ref: '#/$defs/Ref' })).toEqual(['object']);
    expect(gen.typesOf(schema, { type: ['string', 'integer'] })).toEqual(['string', 'number']);
    expect(gen.typesOf(schema, {})).toEqual([]);
    expect(gen.wrongValueFor(['string'])).toBe(0);
    expect(gen.wrongValueFor(['object'])).toBe('conformance-probe');
    expect(gen.wrongValueFor(['string', 'number'])).toBe(false);
    expect(gen.wrongValueFor([])).toBeUndefined();
  });

  it('finds the generated files on disk, so that gen can remove (and --check report) those it no longer writes', () => {
    const root = mkdtempSync(join(tmpdir(), 'mcpc-gen-'));
    try {
      mkdirSync(join(root, 'suites/r2/server/generated'), { recursive: true });
      writeFileSync(join(root, 'suites/r2/server/generated/old-method.ts'), '');
      writeFileSync(join(root, 'suites/r2/server/generated/notes.md'), '');
      expect(gen.existingGenerated(root, ['r1', 'r2'])).toEqual(['suites/r2/server/generated/old-method.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses to write one file for revisions whose schemas disagree on a method', () => {
    const capabilities = { ServerCapabilities: { type: 'object', properties: { prompts: { type: 'object' } } } };
    const at = (nameType: string) => ({
      schema: {
        $defs: {
          ...capabilities,
          GetPromptRequest: { type: 'object', properties: { params: { type: 'object', properties: { name: { type: nameType } }, required: ['name'] } } },
        },
      },
      catalogue: {
        methods: [
          { method: 'initialize', kind: 'request', senders: ['client'] },
          { method: 'prompts/get', kind: 'request', definition: 'GetPromptRequest', senders: ['client'] },
        ],
      },
    });
    const scope = [{ method: 'prompts/get', capability: 'prompts' }];
    const build = (revisions: Record<string, ReturnType<typeof at>>) => gen.buildProbeScenarios(Object.keys(revisions), (rev) => revisions[rev]!, (from) => `generated from ${from}`, scope);
    const same = build({ r1: at('string'), r2: at('string') });
    expect([...same.keys()]).toEqual(['suites/r1/server/generated/prompts-get.ts']);
    expect(same.get('suites/r1/server/generated/prompts-get.ts')).toMatch(/^\/\/ generated from schemas\/r1\/schema.json and schemas\/r1\/catalogue.json\n/);
    expect(() => build({ r1: at('string'), r2: at('integer') })).toThrow(/prompts\/get: r2 derives other probe data than r1/);
  });

  it('gives each era a file of its own, citing that era\'s rows, and refuses an era that comes back', () => {
    const stateful = { schema: { $defs: { ServerCapabilities: { type: 'object', properties: { tools: { type: 'object' } } }, ListToolsRequest: { type: 'object', properties: {} } } } };
    const catalogue = (handshake: boolean) => ({
      methods: [...(handshake ? [{ method: 'initialize', kind: 'request', senders: ['client'] }] : []), { method: 'tools/list', kind: 'request', definition: 'ListToolsRequest', senders: ['client'] }],
    });
    const revisions: Record<string, { schema: unknown; catalogue: unknown }> = {
      r1: { ...stateful, catalogue: catalogue(true) },
      r2: { ...stateful, catalogue: catalogue(true) },
      r3: { ...stateful, catalogue: catalogue(false) },
      r4: { ...stateful, catalogue: catalogue(false) },
    };
    const scope = [{ method: 'tools/list', capability: 'tools', declared: { stateless: 'tools/own-row' } }];
    const out = gen.buildProbeScenarios(Object.keys(revisions), (rev) => revisions[rev]!, (from) => `generated from ${from}`, scope);
    expect([...out.keys()]).toEqual(['suites/r1/server/generated/tools-list.ts', 'suites/r3/server/generated/tools-list.ts']);
    const early = out.get('suites/r1/server/generated/tools-list.ts')!;
    const late = out.get('suites/r3/server/generated/tools-list.ts')!;
    expect(early).toMatch(/until: 'r3'/);
    expect(early).toMatch(/'declared-answered': 'lifecycle\/server-honours-declared-capabilities'/);
    expect(early).toMatch(/'undeclared-refused': 'lifecycle\/server-refuses-undeclared-methods'/);
    expect(late).not.toMatch(/until/);
    expect(late).toMatch(/The schemas of r3, r4 all give/);
    expect(late).toMatch(/'declared-answered': 'tools\/own-row'/);
    expect(late).toMatch(/'undeclared-32601': 'base\/server-unadvertised-method-not-found'/);
    const back: typeof revisions = { ...revisions, r5: { ...stateful, catalogue: catalogue(true) } };
    expect(() => gen.buildProbeScenarios(Object.keys(back), (rev) => back[rev]!, (from) => from, scope)).toThrow(/r5: the stateful era comes back/);
  });
});
