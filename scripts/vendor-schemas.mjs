#!/usr/bin/env node
// Vendors the official MCP JSON schemas into schemas/<rev>/schema.json, byte for byte, and writes
// schemas/SOURCE (provenance plus a sha256 per file, which `gen --check` uses to catch hand edits).
//
//   node scripts/vendor-schemas.mjs [--from DIR] [--check]
//
// DIR is the upstream spec checkout (default: ../shared/spec beside the repository), laid out as
// schema/<rev>/schema.json with a SOURCE file naming the upstream repository, commit and date.
// --check compares instead of writing (for a machine that has the upstream material at hand).
// Run `npm run gen` afterwards: types and catalogues derive from the vendored files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

function sourceText(upstream, files) {
  return [
    'Official Model Context Protocol JSON schemas, one folder per protocol revision.',
    '',
    `Repository: https://github.com/${upstream.repository}`,
    `Commit: ${upstream.commit}`,
    `Date: ${upstream.date}`,
    '',
    'Each <rev>/schema.json is a verbatim, byte-identical copy of schema/<rev>/schema.json at that commit.',
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

main();
