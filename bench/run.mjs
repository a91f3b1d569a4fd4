// npm run bench: wall time, checks per second and peak memory of the full default server suite
// (every stateful revision, default profile) against the reference server over stdio and over
// Streamable HTTP, and against @modelcontextprotocol/server-everything over Streamable HTTP (a real
// server with many tools, resources and prompts); the median of several runs each.
import { spawn } from 'node:child_process';
import { startHttpProcess } from '../dist/fixtures/process.js';
import { startEverythingHttp } from '../dist/fixtures/third-party/everything.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const worker = new URL('./worker.mjs', import.meta.url).pathname;
const reference = new URL('../dist/fixtures/reference-server.js', import.meta.url).pathname;

function measure(args, { conformant }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench worker exited ${code}`));
      const result = JSON.parse(out.trim().split('\n').pop());
      // The reference must pass; a third-party server may fail checks, but the harness must not break.
      if (conformant && result.exitCode !== 0) return reject(new Error(`the reference run was not conformant: ${out}`));
      if (result.exitCode === 3 || result.errored > 0) return reject(new Error(`the harness broke: ${out}`));
      resolve(result);
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function series(name, args, opts = { conformant: true }) {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await measure(args, opts));
  const wall = median(results.map((r) => r.wallMs));
  const row = {
    target: name,
    runs: RUNS,
    scenarios: results[0].scenarios,
    checks: results[0].checks,
    medianWallMs: Math.round(wall),
    checksPerSecond: Math.round((results[0].checks / wall) * 1000 * 10) / 10,
    minWallMs: Math.round(Math.min(...results.map((r) => r.wallMs))),
    maxWallMs: Math.round(Math.max(...results.map((r) => r.wallMs))),
    medianPeakRssMiB: Math.round(median(results.map((r) => r.maxRssMiB)) * 10) / 10,
  };
  console.log(JSON.stringify(row));
  return row;
}

/** One series against an HTTP server started for it, stopped afterwards whatever happens. */
async function overHttp(name, start, opts) {
  const server = await start();
  try {
    return await series(name, ['http', server.url], opts);
  } finally {
    await server.stop();
  }
}

const rows = [
  await series('reference stdio', ['stdio']),
  await overHttp('reference http', () => startHttpProcess({ name: 'reference server', argv: ['node', reference, '--http', '--port', '{port}'], path: '/mcp' })),
  await overHttp('everything http', () => startEverythingHttp(), { conformant: false }),
];
console.log(`\nfull default server suite, --spec-version all, median of ${RUNS} runs:`);
for (const row of rows) {
  console.log(
    `  ${row.target.padEnd(16)} ${String(row.medianWallMs).padStart(6)} ms wall (${row.minWallMs}-${row.maxWallMs})  ${String(row.checksPerSecond).padStart(6)} checks/s  ${row.medianPeakRssMiB} MiB peak RSS  ${row.scenarios} scenarios, ${row.checks} checks`,
  );
}
console.log(`  reference stdio / http wall-time ratio: ${(rows[0].medianWallMs / rows[1].medianWallMs).toFixed(2)}`);
