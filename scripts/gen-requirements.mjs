// The requirement half of `npm run gen`: validates the hand-written requirements/source/<topic>.json and
// projects it onto each revision (rows with since <= rev < until), with a link to that revision's
// spec text. Kept apart from gen.mjs so that each file stays small; gen.mjs is the entry point.
//
// One file per topic (the part of the id before the slash), each { "requirements": [ rows ] }.
//
// Source row: { id, keyword, role, since, until?, page, pages?, anchor, anchors?, prose?, summary }
//   page     spec page under https://modelcontextprotocol.io/specification/<rev>/ ("" = the revision
//            root), or an absolute https:// address for external documents (e.g. JSON-RPC), used as-is
//   pages    { "<rev>": page } where a revision keeps the text on another page
//   anchor   the heading the text is under, as the spec site spells its anchor; "" for a page's
//            opening text (before any heading). Checked against schemas/<rev>/headings.json.
//   anchors  { "<rev>": anchor } where a revision names the heading differently
//   prose    true when the text states the behaviour as plain normative prose, without an RFC 2119
//            keyword ("unknown tools are protocol errors"). Such a row is graded SHOULD (keyword must
//            be SHOULD), so `--fail-on must` leaves it out, and its summary says so.
//   unchecked  one line: why no check enforces the row (the harness cannot observe it, or it binds
//            a role the suites do not test yet). `list coverage` shows it; a self-test fails when a
//            row with a reason is cited by a check, so the reason cannot go stale silently.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SPEC_BASE = 'https://modelcontextprotocol.io/specification';
const KEYWORDS = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];
const ROLES = ['server', 'client', 'both'];
const ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;
const PAGE = /^(?:|[a-z0-9-]+(?:\/[a-z0-9-]+)*|https:\/\/[^\s#]+)$/;
const ANCHOR = /^[^\s#]*$/;
// Unknown fields are errors: a typo such as "untill" would otherwise silently widen a row's range.
const FIELDS = new Set(['id', 'keyword', 'role', 'since', 'until', 'page', 'pages', 'anchor', 'anchors', 'prose', 'summary', 'unchecked']);

const usageError = (message) => Object.assign(new Error(message), { usage: true });

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkRow(row, index, revisions, seen) {
  const where = `requirements/source: row ${index}${typeof row?.id === 'string' ? ` (${row.id})` : ''}`;
  if (!isPlainObject(row)) return [`${where}: must be an object`];
  const errors = [];
  const bad = (message) => errors.push(`${where}: ${message}`);
  for (const key of Object.keys(row)) if (!FIELDS.has(key)) bad(`unknown field "${key}"`);
  if (typeof row.id !== 'string' || !ID.test(row.id)) bad(`id must match ${ID} (topic/actor-behaviour)`);
  else if (seen.has(row.id)) bad(`duplicate id (also row ${seen.get(row.id)})`);
  else seen.set(row.id, index);
  if (!KEYWORDS.includes(row.keyword)) bad(`keyword ${JSON.stringify(row.keyword)} is not one of ${KEYWORDS.join(', ')}`);
  if (!ROLES.includes(row.role)) bad(`role ${JSON.stringify(row.role)} is not one of ${ROLES.join(', ')}`);
  if (!revisions.includes(row.since)) bad(`since ${JSON.stringify(row.since)} is not a known revision`);
  if (row.until !== undefined) {
    if (!revisions.includes(row.until)) bad(`until ${JSON.stringify(row.until)} is not a known revision`);
    else if (revisions.indexOf(row.until) <= revisions.indexOf(row.since)) bad('until must be a later revision than since');
  }
  if (typeof row.page !== 'string' || !PAGE.test(row.page)) bad('page must be "", a path such as basic/lifecycle, or an https:// address');
  if (typeof row.anchor !== 'string' || !ANCHOR.test(row.anchor)) bad('anchor must be a heading anchor without "#" ("" for the opening text)');
  if (row.prose !== undefined && row.prose !== true) bad('prose must be true when present');
  if (row.prose === true && row.keyword !== 'SHOULD') bad('a prose row (no RFC 2119 keyword in the text) is graded SHOULD');
  if (typeof row.summary !== 'string' || row.summary.trim() === '') bad('summary must be a non-empty line');
  else if (row.summary.includes('\n')) bad('summary must be one line');
  if (row.unchecked !== undefined && (typeof row.unchecked !== 'string' || row.unchecked.trim() === '' || row.unchecked.includes('\n'))) {
    bad('unchecked must be a non-empty line (why no check enforces the row)');
  }
  for (const [field, pattern] of [['pages', PAGE], ['anchors', ANCHOR]]) {
    if (row[field] === undefined) continue;
    if (!isPlainObject(row[field])) {
      bad(`${field} must be an object keyed by revision`);
      continue;
    }
    for (const [rev, value] of Object.entries(row[field])) {
      if (!revisions.includes(rev)) bad(`${field} names unknown revision ${JSON.stringify(rev)}`);
      else if (revisions.includes(row.since) && !inRange(revisions, rev, row.since, row.until)) {
        bad(`${field} names ${rev}, outside the row's since..until range`);
      }
      if (typeof value !== 'string' || !pattern.test(value)) bad(`${field}.${rev} is not a valid value`);
    }
  }
  return errors;
}

function inRange(revisions, rev, since, until) {
  const at = revisions.indexOf(rev);
  return at >= revisions.indexOf(since) && (until === undefined || at < revisions.indexOf(until));
}

/** The spec link of a row for one revision. */
function urlFor(row, rev) {
  const page = row.pages?.[rev] ?? row.page;
  const anchor = row.anchors?.[rev] ?? row.anchor;
  const fragment = anchor === '' ? '' : `#${anchor}`;
  if (page.startsWith('https://')) return `${page}${fragment}`;
  return `${SPEC_BASE}/${rev}${page === '' ? '' : `/${page}`}${fragment}`;
}

/**
 * Every revision a row is in names a page of that revision's text and a heading on it (headings:
 * { "<rev>": { "<page>": [anchors] } }, vendored from the spec's docs). External pages are not checked.
 */
function checkLinks(rows, revisions, headings) {
  const errors = [];
  for (const row of rows) {
    for (const rev of revisions.filter((r) => inRange(revisions, r, row.since, row.until))) {
      const page = row.pages?.[rev] ?? row.page;
      const anchor = row.anchors?.[rev] ?? row.anchor;
      if (page.startsWith('https://')) continue;
      const anchors = headings[rev]?.[page];
      if (!anchors) errors.push(`${row.id}: at ${rev} there is no page "${page}" (give "pages": { "${rev}": ... })`);
      else if (anchor !== '' && !anchors.includes(anchor)) errors.push(`${row.id}: at ${rev} the page "${page}" has no heading #${anchor} (give "anchors": { "${rev}": ... })`);
    }
  }
  return errors;
}

/**
 * Validates the source (and, given the vendored headings, every row's link) and returns, per revision, the document to write as requirements/<rev>.json.
 * Throws (with every problem listed) when the source is invalid.
 */
export function buildRequirements(source, revisions, headings) {
  if (!isPlainObject(source) || !Array.isArray(source.requirements)) {
    throw usageError('a requirement source must be { "requirements": [ ... ] }');
  }
  const seen = new Map();
  const errors = source.requirements.flatMap((row, index) => checkRow(row, index, revisions, seen));
  if (errors.length > 0) throw usageError(`invalid requirement source:\n  ${errors.join('\n  ')}`);
  const broken = headings ? checkLinks(source.requirements, revisions, headings) : [];
  if (broken.length > 0) throw usageError(`requirement links to no heading of the spec text:\n  ${broken.join('\n  ')}`);

  const rows = [...source.requirements].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const documents = new Map();
  for (const rev of revisions) {
    documents.set(rev, {
      generated: 'generated by npm run gen from requirements/source/, do not edit',
      revision: rev,
      requirements: rows
        .filter((row) => inRange(revisions, rev, row.since, row.until))
        .map((row) => ({
          id: row.id,
          keyword: row.keyword,
          ...(row.prose ? { prose: true } : {}),
          role: row.role,
          url: urlFor(row, rev),
          summary: row.summary,
          ...(row.unchecked !== undefined ? { unchecked: row.unchecked } : {}),
        })),
    });
  }
  return documents;
}

/**
 * Reads requirements/source/<topic>.json into one source. A row must live in the file of its topic,
 * so that a topic's rows are found in one place (and parallel work on two topics never collides).
 */
export function readSources(dir) {
  const requirements = [];
  const misplaced = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const topic = name.slice(0, -'.json'.length);
    const file = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    if (!isPlainObject(file) || !Array.isArray(file.requirements)) throw usageError(`requirements/source/${name} must be { "requirements": [ ... ] }`);
    for (const row of file.requirements) {
      if (typeof row?.id === 'string' && row.id.split('/')[0] !== topic) misplaced.push(`${row.id} is in requirements/source/${name}; it belongs in ${row.id.split('/')[0]}.json`);
      requirements.push(row);
    }
  }
  if (misplaced.length > 0) throw usageError(`invalid requirement source:\n  ${misplaced.join('\n  ')}`);
  return { requirements };
}
