// The bench's command line and its pure helpers (no I/O, no clock): which rows exist, which the filters select,
// how `--compare` fills its placeholders, and the statistics printed. Unit-tested in test/bench-options.test.ts;
// the measuring itself is bench/run.mjs.

/** The conformance series: target x transport x revision set. */
export const TARGETS = ['reference', 'everything'];
export const TRANSPORTS = ['stdio', 'http'];
/** `auto`: the default run (newest revision the target supports); `all`: `--spec-version all`. */
export const REVISION_SETS = ['auto', 'all'];
/**
 * The client role: the bundled reference client under `mcp-conformance client`, over its own stdio and over Streamable
 * HTTP, at every revision (`client/stdio/all`, `client/http/all`). Not comparable with --compare (kind `client`).
 */
export const CLIENT_TARGET = 'client';
export const CLIENT_TRANSPORTS = ['stdio', 'http'];
/** The CLI cold-start rows: the installed dist's bin, started afresh each time. */
export const COLD_STARTS = ['--version', '--help', 'list'];
/**
 * The reference with `--scale` (10,000 tools, 1,000 resources, a ~100 MB frame), default run only: slow, so
 * not in the default table; a filter that starts with `scale` selects these rows.
 */
export const SCALE_TARGET = 'scale';

/** Every row id, in the order the table prints them: `reference/stdio/auto`, ..., `scale/stdio/auto`, ..., `cli/--version`, ... */
export function allRows() {
  const series = TARGETS.flatMap((target) => TRANSPORTS.flatMap((transport) => REVISION_SETS.map((set) => ({ id: `${target}/${transport}/${set}`, kind: 'series', target, transport, set }))));
  const scale = TRANSPORTS.map((transport) => ({ id: `${SCALE_TARGET}/${transport}/auto`, kind: 'series', target: SCALE_TARGET, transport, set: 'auto', optIn: true }));
  const clients = CLIENT_TRANSPORTS.map((transport) => ({ id: `${CLIENT_TARGET}/${transport}/all`, kind: 'client', target: CLIENT_TARGET, transport, set: 'all' }));
  const cold = COLD_STARTS.map((args) => ({ id: `cli/${args}`, kind: 'cold', args: args.split(' ') }));
  return [...series, ...scale, ...clients, ...cold];
}

export const USAGE = `usage: npm run bench -- [options] [-- extra CLI arguments for our runs]

Prints one table: each conformance series (target x transport x revision set) run BENCH_RUNS times in a fresh
process (median, min-max), and the CLI's cold start (--version, --help, list; spawned BENCH_COLD_RUNS times).

  --only A,B         rows whose id contains any of these (repeatable; env BENCH_ONLY), e.g.
                     reference, everything/http, /all, cli. Row ids: ${allRows().map((r) => r.id).join(' ')}
                     The scale rows (the reference with --scale: 10,000 tools, 1,000 resources, a ~100 MB
                     frame) are slow and only run when a filter starts with scale: --only scale
  --runs N           runs per series (env BENCH_RUNS, default 5)
  --cold-runs N      spawns per cold-start row (env BENCH_COLD_RUNS, default 10)
  --compare "CMD"    instead of the table: for each selected series, run CMD (through sh) and our CLI on the
                     same target in alternation, A B A B, and print the wall-time ratio per pair. Placeholders
                     in CMD: {target} (the URL over HTTP, else the stdio command line), {url} (HTTP only),
                     {command} (stdio only), {spec} (auto or all), {out} (a fresh empty folder per run);
                     each is substituted as one shell word. A series whose transport CMD cannot take (a {url}
                     on stdio, a {command} on HTTP) is skipped with a note.
  --pairs N          pairs per compared series (env BENCH_PAIRS, default 5)
  --json             also print every row as one JSON line
  -h, --help         this text

Everything after "--" is appended to our runs (e.g. -- --scenario base --jobs 4): for quick looks only, the
figures are then not the default run's.`;

export class BenchUsageError extends Error {}

function count(flag, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BenchUsageError(`${flag} wants a whole number of at least 1, not "${value}"`);
  return n;
}

/** Parses `npm run bench -- ...` (argv without node and the script) with the environment's defaults. */
export function parseOptions(argv, env = {}) {
  const options = {
    only: env.BENCH_ONLY ? splitList(env.BENCH_ONLY) : [],
    runs: count('BENCH_RUNS', env.BENCH_RUNS ?? 5),
    coldRuns: count('BENCH_COLD_RUNS', env.BENCH_COLD_RUNS ?? 10),
    pairs: count('BENCH_PAIRS', env.BENCH_PAIRS ?? 5),
    compare: undefined,
    json: false,
    help: false,
    extra: [],
  };
  let onlyFromArgs = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new BenchUsageError(`${flag} needs a value`);
      return argv[++i];
    };
    if (arg === '--') {
      options.extra = argv.slice(i + 1);
      break;
    } else if (flag === '--only') {
      // Given on the command line, the filters replace BENCH_ONLY's rather than adding to them.
      if (!onlyFromArgs) options.only = [];
      onlyFromArgs = true;
      options.only.push(...splitList(value()));
    } else if (flag === '--runs') options.runs = count(flag, value());
    else if (flag === '--cold-runs') options.coldRuns = count(flag, value());
    else if (flag === '--pairs') options.pairs = count(flag, value());
    else if (flag === '--compare') {
      options.compare = value();
      if (options.compare.trim() === '') throw new BenchUsageError('--compare wants a command');
    } else if (flag === '--json') options.json = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new BenchUsageError(`unknown option ${arg}`);
  }
  return options;
}

function splitList(value) {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The rows the filters select (all without filters), in table order. With `--compare` only series can be compared.
 * @throws BenchUsageError when a filter selects nothing (a typo would otherwise measure nothing and look fine).
 */
export function selectRows(options) {
  // An opt-in row is there only for a filter that names it from its start (`scale`, `scale/http`).
  const named = (row) => !row.optIn || options.only.some((filter) => row.id.startsWith(filter));
  const rows = allRows().filter((row) => (!options.compare || row.kind === 'series') && named(row));
  for (const filter of options.only) {
    if (!rows.some((row) => row.id.includes(filter))) throw new BenchUsageError(`--only ${filter} selects no row; rows: ${rows.map((r) => r.id).join(' ')}`);
  }
  return options.only.length === 0 ? rows : rows.filter((row) => options.only.some((filter) => row.id.includes(filter)));
}

/** One word for POSIX sh, quoted only when it needs it. */
export function shellWord(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const PLACEHOLDERS = ['target', 'url', 'command', 'spec', 'out'];

/**
 * Fills the placeholders of a `--compare` command for one run. `values` holds url or command (by the series'
 * transport), spec and out. Each value becomes one shell word.
 * @returns the command, or `{ skip }` saying why this series cannot be compared (a placeholder its transport lacks).
 */
export function fillCommand(template, values) {
  const filled = { ...values, target: values.url ?? values.command };
  for (const name of ['url', 'command']) {
    if (template.includes(`{${name}}`) && filled[name] === undefined) return { skip: `{${name}} has no value over ${values.url ? 'HTTP' : 'stdio'}` };
  }
  const command = template.replace(/\{(\w+)\}/g, (match, name) => (PLACEHOLDERS.includes(name) && filled[name] !== undefined ? shellWord(filled[name]) : match));
  return { command };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `median (min-max)` of a series of numbers, each rounded to `digits`. */
export function spread(values, digits = 0) {
  const f = (v) => v.toFixed(digits);
  return `${f(median(values))} (${f(Math.min(...values))}-${f(Math.max(...values))})`;
}

/** A plain text table: the first row is the header; columns after the first are right-aligned. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}
