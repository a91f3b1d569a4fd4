/**
 * A report carrying a hostile target's strings everywhere the target can put them (its name, scenario and check
 * messages, actual values, frames), and a spec link that is not http(s): for the HTML reporter's escaping tests,
 * in vitest and in the real browser. Each payload, if it ever became markup, would set `window.__pwned` or load
 * something, which the tests watch for.
 */
import type { Report } from '../../reports/types.js';

/** Strings that become script, an element, an attribute or a closed container if not escaped. */
export const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src="x" onerror="window.__pwned = \'img\'">',
  '"><svg onload="window.__pwned=\'attr\'">',
  "'><iframe src=\"https://example.invalid/\"></iframe>",
  '</pre></dd></dl></div></details><script>window.__pwned = "closed"</script>',
  '</textarea></title></style><script>window.__pwned = "raw"</script>',
  '\u202eevil\u202c\u0007 &amp; <!-- comment',
] as const;

/** The text every payload joins into. */
export const HOSTILE = PAYLOADS.join(' ');

/** A copy of `report` with {@link HOSTILE} in every place the target controls, and a `javascript:` spec link. */
export function hostileReport(report: Report): Report {
  const copy = structuredClone(report);
  copy.target.info = { ...copy.target.info, name: HOSTILE, version: HOSTILE };
  copy.target.command = HOSTILE;
  copy.fatal = { kind: 'unreachable', message: HOSTILE };
  copy.targetExit = { scenario: HOSTILE, revision: HOSTILE, exit: HOSTILE, stderr: [HOSTILE], scenarios: 1 };
  for (const scenario of copy.scenarios) {
    scenario.title = HOSTILE;
    scenario.message = HOSTILE;
    for (const check of scenario.checks) {
      check.message = HOSTILE;
      check.expected = HOSTILE;
      check.actual = { [HOSTILE]: HOSTILE };
      check.specUrl = 'javascript:window.__pwned="href"';
      if (check.excerpt) for (const frame of check.excerpt.frames) Object.assign(frame, { text: HOSTILE, lane: HOSTILE });
    }
  }
  return copy;
}
