import { describe, expect, it } from 'vitest';
import { chooseRevisions, supportedRevisions, type ProbeResult } from '../runner/engine/probe.js';
import { compareRevisions, inRange, isRevision, isStateful, REVISIONS, STATEFUL_REVISIONS, type Revision } from '../runner/revisions.js';

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

  it('knows which revisions are stateful and which strings are revisions', () => {
    expect(REVISIONS.filter(isStateful)).toEqual([...STATEFUL_REVISIONS]);
    expect(isStateful('2026-07-28')).toBe(false);
    expect(isStateful('draft')).toBe(false);
    expect(isRevision('2025-06-18')).toBe(true);
    expect(isRevision('2025-06-19')).toBe(false);
    expect(isRevision('auto')).toBe(false);
  });
});

/** Probe results for every stateful revision, oldest first (as the engine sorts them): `answers[i]` for the i-th. */
function probes(answers: (string | undefined)[]): ProbeResult[] {
  return STATEFUL_REVISIONS.map((revision, i) => {
    const negotiated = answers[i];
    return negotiated === undefined
      ? { revision, capabilities: {}, problem: 'initialize failed: -32603 boom' }
      : { revision, negotiated, capabilities: { tools: {} } };
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

  it('when nothing is echoed, picks the newest of several stateful revisions the target named', () => {
    const shifty = probes(['2025-03-26', '2025-06-18', '2025-03-26', '2025-03-26']);
    expect(supportedRevisions(shifty)).toEqual([]);
    expect(chooseRevisions('auto', shifty)).toEqual(['2025-06-18']);
  });
});
