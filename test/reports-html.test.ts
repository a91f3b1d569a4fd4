import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../reports/index.js';
import { renderHtml } from '../reports/html.js';
import { esc, href } from '../reports/html-text.js';
import { conformantRun, exampleReport, failingRun, fullReport, UNCITED_REQUIREMENT } from './support/report-examples.js';
import { HOSTILE, hostileReport, PAYLOADS } from './support/hostile.js';

function between(page: string, open: string, close: string): string {
  const start = page.indexOf(open) + open.length;
  return page.slice(start, page.indexOf(close, start));
}
const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('renderHtml', () => {
  it('is the html reporter: index.html, pure, the same bytes every time, the report untouched', () => {
    const report = fullReport();
    const options = { color: false, verbose: false };
    expect(REPORTERS.html.files).toEqual(['index.html']);
    expect(REPORTERS.html.render(report, options)).toEqual([{ kind: 'file', path: 'index.html', content: renderHtml(report) }]);
    expect(renderHtml(report)).toBe(renderHtml(fullReport()));
    expect(report).toEqual(fullReport());
  });

  it('loads nothing: one inline style and one inline script, allowed by hash and nothing else', () => {
    const page = renderHtml(fullReport());
    const csp = between(page, '<meta http-equiv="Content-Security-Policy" content="', '">');
    const style = between(page, '<style>', '</style>');
    const script = between(page, '<script>', '</script>');
    expect(csp.replace(/&#39;/g, "'")).toBe(
      `default-src 'none'; style-src ${hash(style)}; script-src ${hash(script)}; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page.match(/<style/g)).toHaveLength(1);
    expect(page).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|\bstyle="|\bon[a-z]+=/i);
  });

  it('shows the verdict, the problems, the coverage and the evidence with the frames excerpt', () => {
    const page = renderHtml(fullReport());
    expect(page).toContain('id="verdict">error</span>');
    expect(page).toContain('the runner crashed after the last scenario');
    // Problems link to their checks; the failed check is open, its frames one click further.
    expect(page).toContain('<a href="#c-0-0">lifecycle/initialize#echoes-requested-version</a>');
    expect(page).toMatch(/<details class="check" id="c-0-0" data-status="failed" data-level="must" data-revision="2025-06-18" data-area="lifecycle" data-topic="lifecycle" open>/);
    expect(page).toContain('<details class="frames"><summary>Frames (2 cited) in <code>transcripts/a.jsonl</code></summary>');
    expect(page).toContain('#1 sent → POST POST 200 (context: the request it answers, not cited)');
    expect(page).toContain('… 40 more characters in the transcript');
    expect(page).toContain('1 more cited frame(s) not in this excerpt.');
    expect(page).toContain('data-status="untestable"');
    // Coverage names the requirement no check cites.
    expect(page).toMatch(new RegExp(`not checked</span></td><td><code>${UNCITED_REQUIREMENT.id}</code>`));
    expect(page).toContain('&quot;protocolVersion&quot;: &quot;1999-01-01&quot;');
  });

  it('keeps a conformant run quiet: no problems list, nothing open', () => {
    const page = renderHtml(conformantRun());
    expect(page).toContain('id="verdict">conformant</span>');
    expect(page).not.toContain('id="problems"');
    expect(page).not.toMatch(/<details[^>]* open>/);
  });

  it('a run that ended before any scenario says why, with nothing else to show', () => {
    const page = renderHtml(exampleReport([], { revisions: [], fatal: { kind: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:9' } }));
    expect(page).toContain('id="verdict">error</span> <span class="muted">exit code 2</span>');
    expect(page).toContain('<p><strong>The run ended early (unreachable):</strong></p><pre>connect ECONNREFUSED 127.0.0.1:9</pre>');
    expect(page).not.toContain('class="check"');
  });

  it('a check that cites frames but carries no excerpt (an older report) names them in the transcript', () => {
    const page = renderHtml(failingRun());
    expect(page).toContain('Frames #1, #2 in <code>transcripts/init.jsonl</code> (this report holds no excerpt of them).');
  });

  it('escapes every string the target controls, and links only http(s)', () => {
    const page = renderHtml(hostileReport(fullReport()));
    for (const payload of PAYLOADS) expect(page).not.toContain(payload);
    expect(page).toContain(esc(HOSTILE));
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<(img|svg|iframe)\b|javascript:window/i);
    expect(esc('\u202e<b>')).toBe('\\u202e&lt;b&gt;');
    expect(href('javascript:alert(1)')).toBeUndefined();
    expect(href('https://example.com/a?b="c"')).toBe('https://example.com/a?b=&quot;c&quot;');
  });
});
