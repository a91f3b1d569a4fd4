import { describe, expect, it } from 'vitest';
import { CiProgress, outputsLine, shownPath } from '../runner/cli/status-lines.js';

describe('CiProgress: count lines for a log that is not a terminal', () => {
  it('prints at most one line per interval, when a scenario finishes, never for the last one', () => {
    let now = 1000;
    const progress = new CiProgress(() => now, 5000);
    const said: (string | undefined)[] = [];
    const finish = (done: number, status: 'passed' | 'failed' | 'errored', at: number): void => {
      now = at;
      said.push(progress.finished(done, 6, { status }));
    };
    finish(1, 'failed', 2000);
    finish(2, 'passed', 6000);
    finish(3, 'errored', 6500);
    finish(4, 'passed', 11_000);
    finish(5, 'failed', 12_000);
    finish(6, 'passed', 30_000);
    expect(said).toEqual([
      undefined,
      'mcp-conformance: 2/6 scenarios done (1 failed) after 5.0 s\n',
      undefined,
      'mcp-conformance: 4/6 scenarios done (1 failed, 1 errored) after 10.0 s\n',
      undefined,
      undefined,
    ]);
  });

  it('says nothing during a run shorter than the interval', () => {
    let now = 0;
    const progress = new CiProgress(() => now);
    const said = [1, 2, 3].map((done) => {
      now += 100;
      return progress.finished(done, 4, { status: 'passed' });
    });
    expect(said).toEqual([undefined, undefined, undefined]);
  });
});

describe('outputsLine: where the files went', () => {
  it('names the written files relative to the output folder, and the transcripts', () => {
    expect(outputsLine('/work/p/out', ['/work/p/out/report.json', '/work/p/out/junit.xml'], true, '/work/p')).toBe(
      'mcp-conformance: wrote report.json, junit.xml in out/; transcripts in out/transcripts/\n',
    );
    expect(outputsLine('/tmp/o', ['/tmp/o/report.json'], false, '/work/p')).toBe('mcp-conformance: wrote report.json in /tmp/o/\n');
    expect(outputsLine('/tmp/o', [], false, '/work/p')).toBe('');
  });

  it('counts what is beyond the first six files, and wraps within 100 columns', () => {
    const files = ['report.json', 'junit.xml', 'index.html', 'summary.md', 'badge.svg', 'badge.json', 'badges/a.svg', 'badges/a.json'];
    const text = outputsLine('/tmp/a-rather-long-output-folder-name', files.map((f) => `/tmp/a-rather-long-output-folder-name/${f}`), true, '/work');
    expect(text.replace(/\n {2}/g, ' ')).toBe(
      'mcp-conformance: wrote report.json, junit.xml, index.html, summary.md, badge.svg, badge.json, 2 more in /tmp/a-rather-long-output-folder-name/; transcripts in /tmp/a-rather-long-output-folder-name/transcripts/\n',
    );
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('shows a path inside the working folder relative to it, and any other absolute', () => {
    expect(shownPath('/work/p/out', '/work/p')).toBe('out');
    expect(shownPath('/work/p', '/work/p')).toBe('.');
    expect(shownPath('/work/other', '/work/p')).toBe('/work/other');
  });
});
