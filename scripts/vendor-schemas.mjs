#!/usr/bin/env node
// Vendors the official MCP JSON schemas into schemas/<rev>/schema.json, byte for byte, the heading
// anchors of each revision's spec pages into schemas/<rev>/headings.json (what `npm run gen` checks
// every requirement's link against), and writes schemas/SOURCE (provenance plus a sha256 per file,
// which `gen --check` uses to catch hand edits).
//
//   node scripts/vendor-schemas.mjs [--from DIR] [--check]
//
// DIR is the upstream spec checkout (default: ../shared/spec beside the repository), laid out as
// schema/<rev>/schema.json and docs/<rev>/**/*.mdx, with a SOURCE file naming the upstream
// repository, commit and date.
// --check compares instead of writing (for a machine that has the upstream material at hand).
// Run `npm run gen` afterwards: types and catalogues derive from the vendored files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRevisions } from './gen.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  console.error(`vendor-schemas: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { from: resolve(root, '../shared/spec'), check: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') args.check = true;
    else if (argv[i] === '--from' && argv[i + 1]) args.from = resolve(argv[++i]);
    else fail(`unknown argument ${argv[i]} (usage: vendor-schemas.mjs [--from DIR] [--check])`);
  }
  return args;
}

/** Reads "Upstream: owner/name, commit <sha> (<date>)." from the spec checkout's SOURCE. */
function readUpstream(from) {
  const file = join(from, 'SOURCE');
  if (!existsSync(file)) fail(`no ${file}: point --from at the upstream spec material`);
  const match = /Upstream:\s*([\w.-]+\/[\w.-]+),\s*commit\s+([0-9a-f]{40})\s*\(([^)]+)\)/.exec(readFileSync(file, 'utf8'));
  if (!match) fail(`${file} does not say "Upstream: owner/name, commit <sha> (<date>)"`);
  return { repository: match[1], commit: match[2], date: match[3] };
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * A heading's anchor as the spec site makes it: lower case, punctuation (backticks, `_`, `$`, `/`, `&`)
 * dropped, spaces as hyphens; a repeated heading on one page gets -1, -2, ...
 */
export function headingAnchor(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every heading anchor of one page, outside code fences, in order. */
export function pageAnchors(text) {
  const anchors = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = headingAnchor(heading[1]);
    let anchor = base;
    for (let n = 1; anchors.includes(anchor); n++) anchor = `${base}-${n}`;
    anchors.push(anchor);
  }
  return anchors;
}

/** { "<page>": [anchors] } for one revision's docs: `basic/index.mdx` is the page `basic`. */
function headingsOf(docsDir) {
  const pages = {};
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.mdx')) {
        const page = entry.name === 'index.mdx' ? prefix.replace(/\/$/, '') : `${prefix}${entry.name.slice(0, -'.mdx'.length)}`;
        pages[page] = pageAnchors(readFileSync(path, 'utf8'));
      }
    }
  };
  walk(docsDir, '');
  return Object.fromEntries(Object.entries(pages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sourceText(upstream, files) {
  return [
    'Official Model Context Protocol JSON schemas, one folder per protocol revision.',
    '',
    `Repository: https://github.com/${upstream.repository}`,
    `Commit: ${upstream.commit}`,
    `Date: ${upstream.date}`,
    '',
    'Each <rev>/schema.json is a verbatim, byte-identical copy of schema/<rev>/schema.json at that commit;',
    'each <rev>/headings.json lists the heading anchors of every page of docs/<rev>/ at that commit.',
    'Never edit them by hand: re-run `node scripts/vendor-schemas.mjs` and then `npm run gen`.',
    'Everything else under schemas/ (types.ts, catalogue.json) is generated from them by `npm run gen`.',
    '',
    'sha256 (checked by `npm run gen:check`):',
    ...files.map((f) => `${f.sha256}  ${f.path}`),
    '',
  ].join('\n');
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const upstream = readUpstream(args.from);
  const outputs = [];
  for (const rev of readRevisions()) {
    const source = join(args.from, 'schema', rev, 'schema.json');
    if (!existsSync(source)) fail(`missing upstream schema ${source}`);
    const bytes = readFileSync(source);
    JSON.parse(bytes.toString('utf8')); // refuse to vendor something that is not JSON
    outputs.push({ path: `${rev}/schema.json`, bytes, sha256: sha256(bytes) });
    const docs = join(args.from, 'docs', rev);
    if (!existsSync(docs)) fail(`missing upstream docs ${docs}`);
    const headings = Buffer.from(`${JSON.stringify(headingsOf(docs), null, 2)}\n`, 'utf8');
    outputs.push({ path: `${rev}/headings.json`, bytes: headings, sha256: sha256(headings) });
  }
  outputs.push({ path: 'SOURCE', bytes: Buffer.from(sourceText(upstream, outputs), 'utf8') });

  const stale = [];
  for (const out of outputs) {
    const target = join(root, 'schemas', out.path);
    const same = existsSync(target) && readFileSync(target).equals(out.bytes);
    if (same) continue;
    if (args.check) stale.push(relative(root, target));
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, out.bytes);
      console.log(`wrote ${relative(root, target)}`);
    }
  }
  if (args.check && stale.length > 0) {
    fail(`vendored schemas differ from ${args.from}:\n  ${stale.join('\n  ')}\nrun node scripts/vendor-schemas.mjs`);
  }
  if (args.check) console.log(`vendor-schemas: schemas/ matches ${upstream.repository}@${upstream.commit.slice(0, 12)}`);
}

// Run as a script, not when imported (the heading rules are shared with the requirement links' check).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
