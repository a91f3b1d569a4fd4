/**
 * The badge reporter: a flat, shields-style SVG drawn here (no network) and the same badge as a shields.io
 * endpoint JSON (https://shields.io/badges/endpoint-badge), for a README.
 *
 * What a badge says: `MCP <revision>` | `<role> <P>% MUST`, where P is the share of graded MUST and MUST NOT checks
 * that passed, rounded down (so only a clean run reads 100%). Graded means passed or failed: untestable checks and
 * failures the baseline expects count as not passed; not-applicable and errored checks are left out. Its colour
 * comes from the verdict of the checks it covers: red when they fail the run (as `failsRun` decides, under the
 * run's --fail-on), light grey when the harness broke or nothing was graded, yellow when the run passes only
 * because the baseline expects some MUST failures, bright green otherwise.
 *
 * One badge per role and revision (`badges/<role>-<revision>.svg|.json`) and one for the whole run
 * (`badge.svg|.json`).
 */
import { failsRun } from './summary.js';
import type { CheckResult, Report, Role } from './types.js';
import type { ReporterOutput } from './index.js';

/**
 * The revisions a per-revision badge may be written for: the reporter must declare its files up front
 * (Reporter.files), and reporters cannot import the runner's list. A self-test keeps the two equal.
 */
export const BADGE_REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28', 'draft'] as const;
const ROLES: readonly Role[] = ['server', 'client'];

/** Every file the badge reporter may write. */
export const BADGE_FILES: readonly string[] = [
  'badge.svg',
  'badge.json',
  ...ROLES.flatMap((role) => BADGE_REVISIONS.flatMap((rev) => [`badges/${role}-${rev}.svg`, `badges/${role}-${rev}.json`])),
];

/** A badge's words and colour, before drawing. */
export interface Badge {
  label: string;
  message: string;
  /** A shields.io named colour. */
  color: 'brightgreen' | 'yellow' | 'red' | 'lightgrey';
}

const HEX: Record<Badge['color'], string> = { brightgreen: '#4c1', yellow: '#dfb317', red: '#e05d44', lightgrey: '#9f9f9f' };

/** The badges of a report: the combined one, then one per revision run. */
export function renderBadges(report: Report): ReporterOutput[] {
  const role = report.target.role;
  const revisions = report.revisions.map((r) => r.revision);
  const outputs: ReporterOutput[] = [];
  const emit = (base: string, badge: Badge): void => {
    outputs.push({ kind: 'file', path: `${base}.svg`, content: badgeSvg(badge) });
    outputs.push({ kind: 'file', path: `${base}.json`, content: badgeJson(badge) });
  };
  emit('badge', badgeFor(report, revisionsLabel(revisions), report.scenarios.flatMap((s) => s.checks)));
  for (const revision of revisions) {
    const checks = report.scenarios.filter((s) => s.revision === revision).flatMap((s) => s.checks);
    emit(`badges/${role}-${revision}`, badgeFor(report, `MCP ${revision}`, checks));
  }
  return outputs;
}

/** The badge for some checks of a report (see the module comment for the rule). */
export function badgeFor(report: Report, label: string, checks: readonly CheckResult[]): Badge {
  const role = report.target.role;
  if (report.fatal) return { label, message: `${role} not tested`, color: 'lightgrey' };
  const { passed, graded, percent } = passRate(checks, 'must');
  const message = percent === undefined ? `${role} no MUST checks` : `${role} ${percent}% MUST`;
  const color: Badge['color'] = checks.some((c) => failsRun(c, report.options.failOn))
    ? 'red'
    : checks.some((c) => c.status === 'errored') || percent === undefined
      ? 'lightgrey'
      : passed < graded
        ? 'yellow'
        : 'brightgreen';
  return { label, message, color };
}

/** How many graded checks of a level passed; `percent` is rounded down, undefined when none was graded. */
export interface PassRate {
  passed: number;
  /** Checks of the level that passed or failed (untestable and baseline-expected failures count as failed). */
  graded: number;
  percent: number | undefined;
}

/**
 * The pass rate of one keyword level (`must`: MUST and MUST NOT; `should`: SHOULD and SHOULD NOT) as the badge
 * counts it: graded checks only (passed or failed), rounded down so that only a clean run reads 100.
 */
export function passRate(checks: readonly CheckResult[], level: 'must' | 'should'): PassRate {
  const keywords = level === 'must' ? ['MUST', 'MUST NOT'] : ['SHOULD', 'SHOULD NOT'];
  const graded = checks.filter((c) => keywords.includes(c.keyword) && (c.status === 'passed' || c.status === 'failed'));
  const passed = graded.filter((c) => c.status === 'passed').length;
  return { passed, graded: graded.length, percent: graded.length === 0 ? undefined : Math.floor((passed * 100) / graded.length) };
}

function revisionsLabel(revisions: readonly string[]): string {
  if (revisions.length === 0) return 'MCP';
  if (revisions.length === 1) return `MCP ${revisions[0]}`;
  return `MCP ${revisions[0]} to ${revisions[revisions.length - 1]}`;
}

/** The shields.io endpoint JSON (schemaVersion 1). */
export function badgeJson(badge: Badge): string {
  return JSON.stringify({ schemaVersion: 1, label: badge.label, message: badge.message, color: badge.color }, null, 2) + '\n';
}

/** Horizontal padding on each side of a text, in pixels. */
const PAD = 6;

/** A flat badge: grey label on the left, the coloured message on the right, 20 px high. */
export function badgeSvg(badge: Badge): string {
  const lw = Math.round(textWidth(badge.label)) + 2 * PAD;
  const mw = Math.round(textWidth(badge.message)) + 2 * PAD;
  const w = lw + mw;
  const title = escapeXml(`${badge.label}: ${badge.message}`);
  const text = (x: number, value: string): string => {
    const length = Math.round(textWidth(value));
    const v = escapeXml(value);
    return (
      `<text x="${x}" y="15" fill="#010101" fill-opacity=".3" textLength="${length}">${v}</text>` +
      `<text x="${x}" y="14" textLength="${length}">${v}</text>`
    );
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${HEX[badge.color]}"/><rect width="${w}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
    text(lw / 2, badge.label),
    text(lw + mw / 2, badge.message),
    `</g>`,
    `</svg>`,
    '',
  ].join('\n');
}

/**
 * Advance widths of Verdana's printable ASCII characters, in font units (2048 per em), space to tilde. Estimates
 * are enough: the SVG pins each text to this width with textLength, so a viewer without Verdana still fits.
 */
const VERDANA_UNITS = [
  720, 805, 942, 1704, 1302, 2200, 1522, 550, 909, 909, 1302, 1704, 745, 909, 745, 909, // space to /
  1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, // 0 to 9
  909, 909, 1704, 1704, 1704, 1112, 2048, // : to @
  1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 858, 921, 1400, 1145, 1726, 1532, 1612, 1235, 1612, 1423, 1399, 1237,
  1509, 1401, 2025, 1403, 1237, 1396, // A to Z
  909, 909, 909, 1704, 1302, 1302, // [ to `
  1229, 1260, 1064, 1260, 1192, 702, 1260, 1292, 562, 702, 1186, 562, 1980, 1292, 1217, 1260, 1260, 874, 1064, 807,
  1292, 1186, 1636, 1186, 1186, 1075, // a to z
  1300, 909, 1300, 1704, // { to ~
];

/** The estimated width of a text in Verdana 11px; characters outside ASCII count as a wide letter. */
export function textWidth(text: string): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? VERDANA_UNITS[code - 32]! : 1600;
  }
  return (units * 11) / 2048;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
