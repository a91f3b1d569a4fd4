import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseRevisions, runnableRevisions, supportedRevisions, type ProbeResult } from '../runner/engine/bootstrap.js';
import { packageRoot } from '../runner/paths.js';
import { selectionOf } from '../runner/engine/run.js';
import { compareRevisions, describeRevision, inRange, isRevision, namedRevisions, parseRevisionChoice, REVISIONS, type Revision } from '../runner/revisions.js';

/** The revisions whose bootstrap the engine implements today (the stateful ones). */
const STATEFUL_REVISIONS = REVISIONS.filter((r) => describeRevision(r).stateful);

describe('compareRevisions and inRange', () => {
  it('orders the dated revisions by date, with draft after all of them', () => {
    const dated = REVISIONS.filter((r) => r !== 'draft');
    expect([...dated].sort()).toEqual(dated);
    const shuffled: Revision[] = ['draft', '2025-06-18', '2024-11-05', '2026-07-28', '2025-11-25', '2025-03-26'];
    expect(shuffled.sort(compareRevisions)).toEqual([...REVISIONS]);
    for (const r of dated) expect(compareRevisions(r, 'draft')).toBeLessThan(0);
    expect(compareRevisions('2025-03-26', '2024-11-05')).toBeGreaterThan(0);
    expect(compareRevisions('2025-03-26', '2025-03-26')).toBe(0);
  });

  it('treats [since, until) as half-open, and an absent until as open-ended', () => {
    expect(inRange('2025-03-26', '2025-03-26', '2025-06-18')).toBe(true);
    expect(inRange('2025-06-18', '2025-03-26', '2025-06-18')).toBe(false);
    expect(inRange('2024-11-05', '2025-03-26', '2025-06-18')).toBe(false);
    expect(inRange('2024-11-05', '2024-11-05')).toBe(true);
    expect(inRange('draft', '2024-11-05')).toBe(true);
    expect(inRange('2025-11-25', '2026-07-28')).toBe(false);
  });

  it('knows which strings are revisions', () => {
    expect(isRevision('2025-06-18')).toBe(true);
    expect(isRevision('2025-06-19')).toBe(false);
    expect(isRevision('auto')).toBe(false);
  });
});

describe('revision descriptors', () => {
  const schemaOf = (r: Revision): Record<string, unknown> => JSON.parse(readFileSync(join(packageRoot, 'schemas', r, 'schema.json'), 'utf8')) as Record<string, unknown>;

  it.each([...REVISIONS])('%s agrees with its vendored schema', (revision) => {
    const d = describeRevision(revision);
    const schema = schemaOf(revision);
    const defs = schema[d.schema.definitions] as Record<string, { anyOf?: { type?: string }[]; required?: string[]; properties?: Record<string, unknown> }>;
    expect(defs, 'definitions key').toBeDefined();
    expect(String(schema.$schema).includes('2020-12')).toBe(d.schema.dialect === '2020-12');
    expect(Object.keys(defs)).toEqual(expect.arrayContaining([d.schema.envelope.result, d.schema.envelope.error]));
    expect(defs.JSONRPCMessage!.anyOf!.some((b) => b.type === 'array'), 'batches').toBe(d.batches);
    expect(!(defs[d.schema.envelope.error]!.required ?? []).includes('id'), 'id-less errors').toBe(d.idlessErrors);
    expect('InputRequiredResult' in defs, 'input-required results').toBe(d.schema.inputRequired);
    // The liveness request exists and servers receive it.
    const catalogue = JSON.parse(readFileSync(join(packageRoot, 'schemas', revision, 'catalogue.json'), 'utf8')) as { methods: { method: string; senders: string[] }[] };
    expect(catalogue.methods.find((m) => m.method === d.liveness.method)?.senders).toContain('client');
    // Stateful revisions are those with the initialize handshake.
    expect(catalogue.methods.some((m) => m.method === 'initialize')).toBe(d.stateful);
    expect(d.bootstrap).toBe(d.stateful ? 'initialize' : 'per-request-meta');
  });

  it('spells each revision on the wire: dated ones as their date, draft as the version its text names', () => {
    for (const r of REVISIONS) if (r !== 'draft') expect(describeRevision(r).wireVersion).toBe(r);
    expect(describeRevision('draft').wireVersion).toBe('2026-07-28');
  });

  it('can run every revision: both bootstraps are implemented', () => {
    expect(runnableRevisions()).toEqual([...REVISIONS]);
  });
});

/** Probe results for every stateful revision, oldest first (as the engine sorts them): `answers[i]` for the i-th. */
function probes(answers: (string | undefined)[]): ProbeResult[] {
  return STATEFUL_REVISIONS.map((revision, i) => {
    const negotiated = answers[i];
    return negotiated === undefined
      ? { revision, answered: false, capabilities: {}, problem: 'initialize failed: -32603 boom' }
      : { revision, answered: true, negotiated, capabilities: { tools: {} } };
  });
}

const ALL_ECHOED = probes(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']);
/** Echoes up to 2025-06-18; offered 2025-11-25 it falls back to 2025-06-18. */
const UP_TO_0618 = probes(['2024-11-05', '2025-03-26', '2025-06-18', '2025-06-18']);

describe('supportedRevisions', () => {
  it('lists the revisions the target echoed, oldest first', () => {
    expect(supportedRevisions(ALL_ECHOED)).toEqual([...STATEFUL_REVISIONS]);
    expect(supportedRevisions(UP_TO_0618)).toEqual(['2024-11-05', '2025-03-26', '2025-06-18']);
    expect(supportedRevisions(probes([undefined, '2025-03-26', undefined, '2025-03-26']))).toEqual(['2025-03-26']);
    expect(supportedRevisions(probes([undefined, undefined, undefined, undefined]))).toEqual([]);
  });
});

describe('chooseRevisions', () => {
  it('auto picks the newest supported revision', () => {
    expect(chooseRevisions('auto', ALL_ECHOED)).toEqual(['2025-11-25']);
    expect(chooseRevisions('auto', UP_TO_0618)).toEqual(['2025-06-18']);
    expect(chooseRevisions('auto', probes(['2024-11-05', '2024-11-05', '2024-11-05', '2024-11-05']))).toEqual(['2024-11-05']);
  });

  it('all picks every supported revision, oldest first', () => {
    expect(chooseRevisions('all', ALL_ECHOED)).toEqual([...STATEFUL_REVISIONS]);
    expect(chooseRevisions('all', UP_TO_0618)).toEqual(['2024-11-05', '2025-03-26', '2025-06-18']);
    expect(chooseRevisions('all', probes(['2024-11-05', undefined, '2025-06-18', '2025-06-18']))).toEqual(['2024-11-05', '2025-06-18']);
  });

  it('returns a named revision as asked, even one the target does not support', () => {
    expect(chooseRevisions('2025-11-25', UP_TO_0618)).toEqual(['2025-11-25']);
    expect(chooseRevisions('2024-11-05', probes(['2025-03-26', '2025-03-26', '2025-03-26', '2025-03-26']))).toEqual(['2024-11-05']);
    expect(chooseRevisions('2025-03-26', [])).toEqual(['2025-03-26']);
  });

  it('returns several named revisions in catalogue order, whatever order they were written in', () => {
    expect(chooseRevisions(parseRevisionChoice('draft, 2024-11-05,2025-11-25')!, UP_TO_0618)).toEqual(['2024-11-05', '2025-11-25', 'draft']);
  });

  it('when nothing is echoed, falls back to the stateful revision the target named', () => {
    // Offered 2024-11-05 it says 2025-03-26; offered 2025-03-26 it says something unknown.
    const odd = probes(['2025-03-26', '1999-01-01', undefined, '2026-07-28']);
    expect(supportedRevisions(odd)).toEqual([]);
    expect(chooseRevisions('auto', odd)).toEqual(['2025-03-26']);
    expect(chooseRevisions('all', odd)).toEqual(['2025-03-26']);
  });

  it('when nothing is echoed or named, falls back to the newest stateful revision', () => {
    const newest = STATEFUL_REVISIONS[STATEFUL_REVISIONS.length - 1];
    expect(chooseRevisions('auto', probes([undefined, undefined, undefined, undefined]))).toEqual([newest]);
    // A stateless or unknown answer is not a stateful revision to fall back to.
    expect(chooseRevisions('all', probes(['2026-07-28', 'draft', '1999-01-01', undefined]))).toEqual([newest]);
    expect(chooseRevisions('auto', [])).toEqual([newest]);
  });

  it('counts a stateless revision as supported when server/discover listed its wire version, draft included', () => {
    const modern = (revision: Revision, negotiated?: string): ProbeResult => ({ revision, answered: true, capabilities: {}, ...(negotiated ? { negotiated } : {}) });
    const dualEra = [...ALL_ECHOED, modern('2026-07-28', '2026-07-28'), modern('draft', '2026-07-28')];
    expect(supportedRevisions(dualEra)).toEqual([...REVISIONS]);
    // auto takes the newest dated revision; draft runs when named or with all.
    expect(chooseRevisions('auto', dualEra)).toEqual(['2026-07-28']);
    expect(chooseRevisions('all', dualEra)).toEqual([...REVISIONS]);
    // A legacy server: server/discover listed nothing, so the stateful revisions are all there is.
    expect(chooseRevisions('auto', [...ALL_ECHOED, modern('2026-07-28'), modern('draft')])).toEqual(['2025-11-25']);
    // A stateless-only server.
    expect(chooseRevisions('all', [...probes([undefined, undefined, undefined, undefined]), modern('2026-07-28', '2026-07-28'), modern('draft', '2026-07-28')])).toEqual(['2026-07-28', 'draft']);
  });

  it('when nothing is echoed, picks the newest of several stateful revisions the target named', () => {
    const shifty = probes(['2025-03-26', '2025-06-18', '2025-03-26', '2025-03-26']);
    expect(supportedRevisions(shifty)).toEqual([]);
    expect(chooseRevisions('auto', shifty)).toEqual(['2025-06-18']);
  });
});

describe('selectionOf: why a revision ran, as the report says', () => {
  it('tells a named revision, one of all, auto alone, auto with filters and the fallback apart', () => {
    expect(selectionOf('2025-06-18', true, false).by).toBe('named');
    expect(selectionOf('all', false, true).by).toBe('all');
    expect(selectionOf('auto', false, true)).toEqual({ by: 'auto', reason: 'auto: the newest dated revision the target supports' });
    expect(selectionOf('auto', true, true).by).toBe('auto-filtered');
    // Nothing offered was supported: auto and all both fall back to a stateful revision.
    expect(selectionOf('auto', false, false).by).toBe('fallback');
    expect(selectionOf('all', true, false).by).toBe('fallback');
  });
});

describe('--spec-version as written', () => {
  it('is auto, all, one revision, or several separated by commas, each once', () => {
    expect(parseRevisionChoice('auto')).toBe('auto');
    expect(parseRevisionChoice('all')).toBe('all');
    expect(parseRevisionChoice('2025-06-18')).toBe('2025-06-18');
    expect(parseRevisionChoice('2026-07-28,2025-11-25')).toEqual(['2025-11-25', '2026-07-28']);
    for (const bad of ['', 'latest', '2025-11-25,', '2025-11-25,2025-11-25', 'auto,2025-11-25', '2025-11-25;2026-07-28']) expect(parseRevisionChoice(bad), bad).toBeUndefined();
  });

  it('names revisions for one revision and for a list, none for auto and all', () => {
    expect(namedRevisions('2025-06-18')).toEqual(['2025-06-18']);
    expect(namedRevisions(['draft', '2024-11-05'])).toEqual(['2024-11-05', 'draft']);
    expect(namedRevisions('auto')).toBeUndefined();
    expect(namedRevisions('all')).toBeUndefined();
  });
});
