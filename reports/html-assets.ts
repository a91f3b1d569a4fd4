/**
 * The HTML report's inline style and script, and the Content-Security-Policy that allows exactly these two and
 * nothing else: no remote load of any kind, no other inline script. The script holds no report data (that is
 * in escaped markup and data attributes), so nothing a target sends can reach it; if escaping ever failed, an
 * injected `<script>` would still not run, because its hash would not be allowed.
 */
import { createHash } from 'node:crypto';
import { esc } from './html-text.js';

export const STYLE = `
:root{--ok:#1a7f37;--bad:#cf222e;--gap:#bc4c00;--skip:#6e7781;--err:#8250df;--line:#d0d7de;--soft:#f6f8fa;--ink:#1f2328;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink)}
body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem 4rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
[hidden]{display:none!important}
a{color:#0969da}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:.4rem .6rem;margin:.2rem 0;white-space:pre-wrap;overflow-wrap:anywhere;max-height:24rem;overflow:auto}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.2rem .5rem;text-align:left;vertical-align:top}th{background:var(--soft)}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{display:inline-block;font-weight:700;padding:.3rem .8rem;border-radius:4px;color:#fff;background:var(--skip)}
.verdict.conformant{background:var(--ok)}.verdict.non-conformant{background:var(--bad)}.verdict.error{background:var(--err)}
.st{display:inline-block;min-width:7.5em;font-weight:600;white-space:nowrap}
.st.passed{color:var(--ok)}.st.failed{color:var(--bad)}.st.untestable{color:var(--gap)}.st.skipped,.st.unchecked{color:var(--skip)}.st.errored{color:var(--err)}
.kw{display:inline-block;min-width:6em;font-size:.85em;font-weight:600}
details{margin:.15rem 0}summary{cursor:pointer}
.scenario{border:1px solid var(--line);border-radius:4px;padding:.3rem .6rem;margin:.4rem 0}
.scenario>summary{font-weight:600}.scenario>summary .muted{font-weight:400}
.check{margin:.2rem 0 .2rem 1rem;scroll-margin-top:7rem}
.evidence{margin:.3rem 0 .6rem 1.2rem}.evidence dt{font-weight:600;margin-top:.3rem}.evidence dd{margin:0 0 0 1rem}
.frame .meta{color:#57606a;font-size:.85em}.frames ol{padding-left:1.2rem}
.muted{color:#57606a}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}.facts dt{font-weight:600}.facts dd{margin:0;overflow-wrap:anywhere}
#filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:.6rem;position:sticky;top:0;z-index:1}
#filters label{display:flex;flex-direction:column;font-size:.85em}
#shown{font-size:.9em}
`;

/** Filtering only: everything it shows or hides is already in the page, readable without it. */
export const SCRIPT = `
(() => {
  const form = document.getElementById('filters');
  const shown = document.getElementById('shown');
  const checks = Array.from(document.querySelectorAll('.check'));
  const scenarios = Array.from(document.querySelectorAll('.scenario'));
  const revisions = Array.from(document.querySelectorAll('.checks-revision'));
  const text = new Map(checks.map((c) => [c, (c.closest('.scenario').dataset.id + ' ' + c.textContent).toLowerCase()]));
  form.hidden = false;
  function apply() {
    const f = Object.fromEntries(new FormData(form));
    const words = String(f.q || '').toLowerCase().split(/\\s+/).filter(Boolean);
    const active = words.length > 0 || ['status', 'level', 'revision', 'area', 'topic'].some((k) => f[k]);
    let count = 0;
    for (const c of checks) {
      const d = c.dataset;
      const status = !f.status || d.status === f.status || (f.status === 'failed' && d.status === 'untestable') ||
        (f.status === 'problems' && ['failed', 'untestable', 'errored'].includes(d.status));
      const ok = status && (!f.level || d.level === f.level) && (!f.revision || d.revision === f.revision) &&
        (!f.area || d.area === f.area) && (!f.topic || d.topic === f.topic) && words.every((w) => text.get(c).includes(w));
      c.hidden = !ok;
      if (ok) count++;
    }
    for (const s of scenarios) s.hidden = active && !s.querySelector('.check:not([hidden])');
    for (const r of revisions) r.hidden = active && !r.querySelector('.scenario:not([hidden])');
    for (const r of document.querySelectorAll('.coverage')) r.hidden = Boolean(f.revision) && r.dataset.revision !== f.revision;
    shown.textContent = 'showing ' + count + ' of ' + checks.length + ' checks';
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('reset', () => setTimeout(apply));
  apply();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page's policy: nothing from anywhere (no fetch, image, font, frame, form post, base change), except
 * the one inline style and the one inline script, by hash. Links still navigate: that is not a load.
 * The matrix page (reports/matrix.ts) passes its own style and script.
 */
export function contentSecurityPolicy(style: string = STYLE, script: string = SCRIPT): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(style)}`,
    `script-src ${sha256(script)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The start of a page up to `<body>`: the policy allowing exactly `style` and `script`, no referrer, and the
 * style itself. The page ends with `<script>${script}</script></body></html>`.
 */
export function pageHead(title: string, style: string = STYLE, script: string = SCRIPT): string[] {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(style, script))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
  ];
}
