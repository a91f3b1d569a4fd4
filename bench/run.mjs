// npm run bench: wall time and peak memory of the full suite (every stateful revision) against the
// reference server, over stdio and over Streamable HTTP; the median of several runs each.
import { spawn } from 'node:child_process';
import { startHttpProcess } from '../dist/fixtures/process.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const worker = new URL('./worker.mjs', import.meta.url).pathname;
const reference = new URL('../dist/fixtures/reference-server.js', import.meta.url).pathname;

function measure(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench worker exited ${code}`));
      const result = JSON.parse(out.trim().split('\n').pop());
      if (result.exitCode !== 0) return reject(new Error(`the reference run was not conformant: ${out}`));
      resolve(result);
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function series(name, args) {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await measure(args));
  const row = {
    transport: name,
    runs: RUNS,
    scenarios: results[0].scenarios,
    checks: results[0].checks,
    medianWallMs: Math.round(median(results.map((r) => r.wallMs))),
    minWallMs: Math.round(Math.min(...results.map((r) => r.wallMs))),
    maxWallMs: Math.round(Math.max(...results.map((r) => r.wallMs))),
    medianPeakRssMiB: Math.round(median(results.map((r) => r.maxRssMiB)) * 10) / 10,
  };
  console.log(JSON.stringify(row));
  return row;
}

const stdio = await series('stdio', ['stdio']);
const server = await startHttpProcess({ name: 'reference server', argv: ['node', reference, '--http', '--port', '{port}'], path: '/mcp' });
let http;
try {
  http = await series('streamable-http', ['http', server.url]);
} finally {
  await server.stop();
}
console.log(`\nfull suite, --spec-version all, median of ${RUNS} runs:`);
for (const row of [stdio, http]) {
  console.log(`  ${row.transport.padEnd(16)} ${String(row.medianWallMs).padStart(6)} ms wall (${row.minWallMs}-${row.maxWallMs})  ${row.medianPeakRssMiB} MiB peak RSS  ${row.scenarios} scenarios, ${row.checks} checks`);
}
console.log(`  stdio / http wall-time ratio: ${(stdio.medianWallMs / http.medianWallMs).toFixed(2)}`);
