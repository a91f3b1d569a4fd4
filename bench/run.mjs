// npm run bench: what a conformance run costs. One table: the reference server and
// @modelcontextprotocol/server-everything, each over stdio and over Streamable HTTP, each at the default revision
// set (the newest the target supports) and at every revision (--spec-version all); per series the median and
// min-max of BENCH_RUNS runs (5), each in a fresh process: wall time, checks made, checks per second, peak RSS of
// the harness process; then the CLI's cold start (the installed dist's bin, spawned BENCH_COLD_RUNS times).
// `--compare "OTHER COMMAND"` holds another conformance tool against ours on the same targets instead.
// `node bench/run.mjs --help` lists the options (bench/options.mjs).
//
// A benchmark, not a test: never part of `npm test`, and its figures depend on the machine and its load.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpProcess } from '../dist/fixtures/process.js';
import { everythingStdioCommand, startEverythingHttp } from '../dist/fixtures/third-party/everything.js';
import { BenchUsageError, fillCommand, median, parseOptions, selectRows, shellWord, spread, table, USAGE } from './options.mjs';

const worker = new URL('./worker.mjs', import.meta.url).pathname;
const cli = new URL('../dist/runner/cli/main.js', import.meta.url).pathname;
const reference = new URL('../dist/fixtures/reference-server.js', import.meta.url).pathname;
const referenceClient = new URL('../dist/fixtures/reference-client.js', import.meta.url).pathname;

/** How each target is reached: a stdio command line, or an HTTP server started once per series. */
const TARGETS = {
  reference: {
    conformant: true,
    stdio: () => `node ${shellWord(reference)}`,
    http: () => startHttpProcess({ name: 'reference server', argv: ['node', reference, '--http', '--port', '{port}'], path: '/mcp' }),
  },
  // The reference as a big server (10,000 tools, 1,000 resources, a ~100 MB frame): its read of the frame is
  // untestable by design (over the harness's frame cap), so the run exits 1; nothing may error.
  scale: {
    conformant: false,
    stdio: () => `node ${shellWord(reference)} --scale`,
    http: () => startHttpProcess({ name: 'scaled reference server', argv: ['node', reference, '--http', '--port', '{port}', '--scale'], path: '/mcp' }),
  },
  // The reference client under `mcp-conformance client`: the harness hosts the server, once per scenario.
  client: {
    conformant: true,
    client: true,
    stdio: () => `node ${shellWord(referenceClient)} --stdio`,
    http: () => `node ${shellWord(referenceClient)}`,
  },
  everything: {
    // A real server: it may fail checks (exit 1), but the harness must not break on it.
    conformant: false,
    stdio: () => everythingStdioCommand(),
    http: () => startEverythingHttp(),
  },
};

/** Runs a process to its end; resolves with its wall time (spawn to exit), exit code, stdout and stderr. */
function timed(argv, { shell = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = shell ? spawn('/bin/sh', ['-c', argv], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ wallMs: performance.now() - started, code: code ?? signal, stdout, stderr }));
  });
}

/** One series' target for its whole duration: an HTTP server is started before and stopped after, whatever happens. */
async function withTarget(row, body) {
  const how = TARGETS[row.target];
  // A client under test is a command line whatever its transport: the harness is the server.
  if (how.client) return body({ client: ['client', '--command', how[row.transport](), '--transport', row.transport === 'http' ? 'streamable-http' : 'stdio'] });
  if (row.transport === 'stdio') return body({ command: how.stdio() });
  const server = await how.http();
  try {
    return await body({ url: server.url });
  } finally {
    await server.stop();
  }
}

/** One measured run of the harness: the worker in a fresh process. Refuses a run that shows the harness broke. */
async function measureRun(row, target, extra) {
  const { wallMs, code, stdout, stderr } = await timed([process.execPath, worker, ...(target.client ?? [target.url ?? target.command]), '--spec-version', row.set, ...extra]);
  if (code !== 0) throw new Error(`${row.id}: the bench worker exited ${code}:\n${stderr}`);
  const result = JSON.parse(stdout.trim().split('\n').pop());
  const problem =
    result.fatal !== null || result.exitCode > 1 ? `the run did not complete (exit ${result.exitCode}): ${result.fatal}`
    : result.errored > 0 ? `${result.errored} errored checks (the harness broke)`
    : TARGETS[row.target].conformant && result.exitCode !== 0 ? `the reference was not conformant (exit ${result.exitCode})`
    : undefined;
  if (problem) throw new Error(`${row.id}: ${problem}\n${stdout}`);
  return { ...result, wallMs };
}

async function series(row, options) {
  return withTarget(row, async (target) => {
    const runs = [];
    for (let i = 0; i < options.runs; i++) runs.push(await measureRun(row, target, options.extra));
    const wall = runs.map((r) => r.wallMs);
    const checks = runs.map((r) => r.checks);
    return {
      id: row.id,
      runs: runs.length,
      revisions: runs[0].revisions,
      scenarios: runs[0].scenarios,
      checks: median(checks),
      checksVary: Math.min(...checks) !== Math.max(...checks),
      wallMs: wall,
      checksPerSecond: runs.map((r) => (r.checks / r.wallMs) * 1000),
      firstScenarioMs: runs.map((r) => r.firstScenarioMs ?? NaN),
      maxRssMiB: runs.map((r) => r.maxRssMiB),
    };
  });
}

/**
 * The CLI's cold start: the installed bin spawned afresh. Wall time from spawn to exit; peak RSS from the same kind
 * of spawn with a preload that reports the process's own peak on exit (measured separately, so the wall times are
 * of the bare command).
 */
const RSS_PRELOAD = 'data:text/javascript,' + encodeURIComponent("process.on('exit', () => process.stderr.write(`\\nbench-max-rss-kib=${process.resourceUsage().maxRSS}\\n`));");

async function coldStart(row, options) {
  const wall = [];
  const rss = [];
  for (let i = 0; i < options.coldRuns; i++) {
    const plain = await timed([process.execPath, cli, ...row.args]);
    if (plain.code !== 0) throw new Error(`${row.id}: exited ${plain.code}:\n${plain.stderr}`);
    wall.push(plain.wallMs);
    const probed = await timed([process.execPath, '--import', RSS_PRELOAD, cli, ...row.args]);
    const kib = /bench-max-rss-kib=(\d+)/.exec(probed.stderr)?.[1];
    if (kib === undefined) throw new Error(`${row.id}: no peak RSS reported:\n${probed.stderr}`);
    rss.push(Number(kib) / 1024);
  }
  return { id: row.id, runs: wall.length, wallMs: wall, maxRssMiB: rss };
}

/** Bare Node's start, the floor under every cold start. */
async function nodeFloor(options) {
  const wall = [];
  for (let i = 0; i < options.coldRuns; i++) wall.push((await timed([process.execPath, '-e', '0'])).wallMs);
  return wall;
}

function printTable(results, floor, options) {
  const rows = [['row', 'runs', 'wall ms', 'checks', 'checks/s', '1st scenario ms', 'peak RSS MiB']];
  for (const r of results) {
    rows.push([
      r.id,
      r.runs,
      spread(r.wallMs),
      r.checks === undefined ? '' : `${r.checks}${r.checksVary ? '*' : ''}`,
      r.checksPerSecond ? spread(r.checksPerSecond, 1) : '',
      r.firstScenarioMs ? spread(r.firstScenarioMs) : '',
      spread(r.maxRssMiB, 1),
    ]);
  }
  if (floor) rows.push(['(node -e 0)', floor.length, spread(floor), '', '', '', '']);
  console.log(table(rows));
  const series = results.filter((r) => r.checks !== undefined);
  if (series.length > 0) {
    console.log('\nmedian (min-max) per row. wall: spawn to exit of a fresh process that parses the arguments, runs and renders');
    console.log('the console and json reports; 1st scenario: from the start of the run to the first finished scenario;');
    console.log('checks: passed + failed (* when they varied between runs); peak RSS: the harness process alone.');
    for (const r of series) console.log(`  ${r.id}: ${r.scenarios} scenarios at ${r.revisions.join(', ')}`);
  }
  if (options.extra.length > 0) console.log(`our runs had extra arguments: ${options.extra.join(' ')} (not the default run's figures)`);
}

/** `--compare`: per series, OTHER and ours in alternation on the same target, A B A B; the ratio per pair. */
async function compare(rows, options) {
  const lines = [['series', 'pairs', 'ours ms', 'other ms', 'ours/other', 'other exit codes']];
  for (const row of rows) {
    const outcome = await withTarget(row, async (target) => {
      const values = { ...target, spec: row.set };
      const probe = fillCommand(options.compare, { ...values, out: 'OUT' });
      if (probe.skip) return { skip: probe.skip };
      const ours = [];
      const other = [];
      const codes = new Set();
      for (let i = 0; i < options.pairs; i++) {
        const out = mkdtempSync(join(tmpdir(), 'bench-compare-'));
        try {
          const a = await timed(
            [process.execPath, cli, target.url ?? target.command, '--spec-version', row.set, '--out', join(out, 'ours'), ...options.extra].map(shellWord).join(' '),
            { shell: true },
          );
          if (a.code !== 0 && !(a.code === 1 && !TARGETS[row.target].conformant)) throw new Error(`${row.id}: our CLI exited ${a.code}:\n${a.stderr}`);
          mkdirSync(join(out, 'other'));
          const b = await timed(fillCommand(options.compare, { ...values, out: join(out, 'other') }).command, { shell: true });
          codes.add(b.code);
          ours.push(a.wallMs);
          other.push(b.wallMs);
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      }
      return { ours, other, codes };
    });
    if (outcome.skip) {
      console.error(`bench: ${row.id} skipped: ${outcome.skip}`);
      continue;
    }
    const ratios = outcome.ours.map((ms, i) => ms / outcome.other[i]);
    lines.push([row.id, ratios.length, spread(outcome.ours), spread(outcome.other), spread(ratios, 2), [...outcome.codes].join(',')]);
    if (options.json) console.log(JSON.stringify({ id: row.id, oursMs: outcome.ours, otherMs: outcome.other, ratios, otherExitCodes: [...outcome.codes] }));
  }
  console.log(table(lines));
  console.log(`\nmedian (min-max) over pairs; each pair runs ours, then: ${options.compare}`);
  console.log('ours/other below 1: ours took less wall time. Both run through /bin/sh, on the same target (an HTTP server serves both).');
}

async function main() {
  let options;
  let rows;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
    if (options.help) {
      console.log(USAGE);
      return;
    }
    rows = selectRows(options);
  } catch (err) {
    if (!(err instanceof BenchUsageError)) throw err;
    console.error(`bench: ${err.message} (see --help)`);
    process.exitCode = 2;
    return;
  }
  if (options.compare) return compare(rows, options);
  const results = [];
  for (const row of rows) {
    console.error(`bench: ${row.id} ...`);
    const result = row.kind === 'cold' ? await coldStart(row, options) : await series(row, options);
    if (options.json) console.log(JSON.stringify(result));
    results.push(result);
  }
  const floor = rows.some((r) => r.kind === 'cold') ? await nodeFloor(options) : undefined;
  console.log('');
  printTable(results, floor, options);
}

await main();
