import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../reports/types.js';
import { validateReport } from '../reports/schema.js';
import { EXCERPT_FRAME_CHARS, EXCERPT_FRAMES, withExcerpts } from '../runner/engine/excerpts.js';
import { Redactor } from '../runner/util/redact.js';
import { Transcript } from '../runner/util/transcript.js';
import { exampleCheck, exampleReport, exampleScenario } from './support/report-examples.js';

const failed = (frames?: number[]): CheckResult => exampleCheck({ status: 'failed', message: 'no', expected: 'yes', ...(frames ? { frames } : {}) });

function transcript(redactor?: Redactor): Transcript {
  const t = new Transcript('stdio', redactor);
  t.note('scenario x'); // 1
  t.record('send', 'stdin', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })); // 2
  t.record('recv', 'stdout', JSON.stringify({ jsonrpc: '2.0', id: 1, result: { extra: true } })); // 3
  t.record('recv', 'stdout', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'debug' } })); // 4
  return t;
}

describe('withExcerpts', () => {
  it('leaves checks that cite no frame as they are', () => {
    const checks = [exampleCheck(), failed()];
    expect(withExcerpts(checks, transcript().entries)).toEqual(checks);
  });

  it('copies the cited frames, with the request a cited response answers as context', () => {
    const [check] = withExcerpts([failed([3, 4])], transcript().entries);
    expect(check?.excerpt).toEqual({
      frames: [
        { seq: 2, dir: 'send', lane: 'stdin', text: '{"jsonrpc":"2.0","id":1,"method":"ping"}', context: true },
        { seq: 3, dir: 'recv', lane: 'stdout', text: '{"jsonrpc":"2.0","id":1,"result":{"extra":true}}' },
        { seq: 4, dir: 'recv', lane: 'stdout', text: '{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"debug"}}' },
      ],
    });
    // A request the check cites itself is shown once, as cited.
    expect(withExcerpts([failed([2, 3])], transcript().entries)[0]?.excerpt?.frames.map((f) => [f.seq, f.context])).toEqual([
      [2, undefined],
      [3, undefined],
    ]);
  });

  it('cuts long frames and caps the cited frames per check, counting what it left out', () => {
    const t = transcript();
    const huge = 'x'.repeat(EXCERPT_FRAME_CHARS - 1) + '😀' + 'tail';
    t.record('recv', 'stderr', huge); // 5
    for (let i = 0; i < EXCERPT_FRAMES + 2; i++) t.record('recv', 'stdout', `line ${i}`); // 6..
    const cited = [5, 6, 7, 8, 9, 10, 11, 12, 999];
    const [check] = withExcerpts([failed(cited)], t.entries);
    const frames = check?.excerpt?.frames ?? [];
    expect(frames.map((f) => f.seq)).toEqual(cited.slice(0, EXCERPT_FRAMES));
    // The cut never splits the emoji's surrogate pair, and says how much it removed.
    expect(frames[0]?.text).toBe('x'.repeat(EXCERPT_FRAME_CHARS - 1));
    expect(frames[0]?.cut).toBe(huge.length - (EXCERPT_FRAME_CHARS - 1));
    expect(check?.excerpt?.omitted).toBe(cited.length - EXCERPT_FRAMES);
  });

  it('holds only what the redacting transcript kept: a secret the target echoed stays out', () => {
    const t = transcript(Redactor.of(['sekret-token-123']));
    t.record('recv', 'stdout', '{"jsonrpc":"2.0","id":9,"error":{"code":1,"message":"bad sekret-token-123"}}'); // 5
    const [check] = withExcerpts([failed([5])], t.entries);
    expect(check?.excerpt?.frames[0]?.text).toContain('[redacted]');
    expect(JSON.stringify(check)).not.toContain('sekret-token-123');
  });

  it('gives checks that report.schema.json accepts', () => {
    const t = transcript();
    t.record('recv', 'POST', 'y'.repeat(EXCERPT_FRAME_CHARS + 5), { method: 'POST', status: 500, headers: { 'content-type': 'text/plain' } });
    const checks = withExcerpts([failed([3, 5]), exampleCheck()], t.entries);
    expect(checks[0]?.excerpt?.frames.at(-1)).toMatchObject({ http: { method: 'POST', status: 500 }, cut: 5 });
    expect(validateReport(exampleReport([exampleScenario(checks)]))).toEqual([]);
  });
});
