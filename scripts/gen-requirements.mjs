// The requirement half of `npm run gen`: validates the hand-written requirements/source.json and
// projects it onto each revision (rows with since <= rev < until), with a link to that revision's
// spec text. Kept apart from gen.mjs so that each file stays small; gen.mjs is the entry point.
//
// Source row: { id, keyword, role, since, until?, page, pages?, anchor, anchors?, summary }
//   page     spec page under https://modelcontextprotocol.io/specification/<rev>/ ("" = the revision
//            root), or an absolute https:// address for external documents (e.g. JSON-RPC), used as-is
//   pages    { "<rev>": page } where a revision keeps the text on another page
//   anchors  { "<rev>": anchor } where a revision names the heading differently

const SPEC_BASE = 'https://modelcontextprotocol.io/specification';
const KEYWORDS = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];
const ROLES = ['server', 'client', 'both'];
const ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;
const PAGE = /^(?:|[a-z0-9-]+(?:\/[a-z0-9-]+)*|https:\/\/[^\s#]+)$/;
const ANCHOR = /^[^\s#]+$/;
// Unknown fields are errors: a typo such as "untill" would otherwise silently widen a row's range.
const FIELDS = new Set(['id', 'keyword', 'role', 'since', 'until', 'page', 'pages', 'anchor', 'anchors', 'summary']);

const usageError = (message) => Object.assign(new Error(message), { usage: true });

/** What gen seeds requirements/source.json with when it does not exist yet. */
export function exampleSource() {
  return {
    requirements: [
      {
        id: 'lifecycle/server-echoes-supported-version',
        keyword: 'MUST',
        role: 'server',
        since: '2024-11-05',
        until: '2026-07-28',
        page: 'basic/lifecycle',
        anchor: 'version-negotiation',
        summary: 'A server that supports the protocol version the client requested answers initialize with that same version.',
      },
      {
        id: 'messages/request-id-not-null',
        keyword: 'MUST NOT',
        role: 'both',
        since: '2024-11-05',
        page: 'basic',
        pages: { '2024-11-05': 'basic/messages' },
        anchor: 'requests',
        summary: 'A request id is a string or an integer, never null.',
      },
    ],
  };
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkRow(row, index, revisions, seen) {
  const where = `requirements/source.json: row ${index}${typeof row?.id === 'string' ? ` (${row.id})` : ''}`;
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
  if (typeof row.anchor !== 'string' || !ANCHOR.test(row.anchor)) bad('anchor must be a non-empty heading anchor without "#"');
  if (typeof row.summary !== 'string' || row.summary.trim() === '') bad('summary must be a non-empty line');
  else if (row.summary.includes('\n')) bad('summary must be one line');
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
  if (page.startsWith('https://')) return `${page}#${anchor}`;
  return `${SPEC_BASE}/${rev}${page === '' ? '' : `/${page}`}#${anchor}`;
}

/**
 * Validates the source and returns, per revision, the document to write as requirements/<rev>.json.
 * Throws (with every problem listed) when the source is invalid.
 */
export function buildRequirements(source, revisions) {
  if (!isPlainObject(source) || !Array.isArray(source.requirements)) {
    throw usageError('requirements/source.json must be { "requirements": [ ... ] }');
  }
  const seen = new Map();
  const errors = source.requirements.flatMap((row, index) => checkRow(row, index, revisions, seen));
  if (errors.length > 0) throw usageError(`invalid requirement source:\n  ${errors.join('\n  ')}`);

  const rows = [...source.requirements].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const documents = new Map();
  for (const rev of revisions) {
    documents.set(rev, {
      generated: 'generated by npm run gen from requirements/source.json, do not edit',
      revision: rev,
      requirements: rows
        .filter((row) => inRange(revisions, rev, row.since, row.until))
        .map((row) => ({ id: row.id, keyword: row.keyword, role: row.role, url: urlFor(row, rev), summary: row.summary })),
    });
  }
  return documents;
}
