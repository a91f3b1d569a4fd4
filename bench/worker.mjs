// One measured run of the whole suite in a fresh process, so peak memory is this run's alone.
// Prints one JSON line: wall time, peak RSS of the harness (the target's own processes are not counted),
// the checks made, and the run's verdict.
//
//   node worker.mjs stdio            the reference server over stdio
//   node worker.mjs http URL         a Streamable HTTP endpoint
import { run } from '../dist/runner/index.js';

const [transport, url] = process.argv.slice(2);
const reference = new URL('../dist/fixtures/reference-server.js', import.meta.url).pathname;
const target = transport === 'stdio' ? { kind: 'command', command: `node ${reference}` } : { kind: 'url', url };
const started = process.hrtime.bigint();
const report = await run({ target, specVersion: 'all' });
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
console.log(
  JSON.stringify({
    wallMs,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    scenarios: report.scenarios.length,
    // Checks that ran (passed or failed): skipped ones cost next to nothing.
    checks: report.summary.checks.passed + report.summary.checks.failed,
    errored: report.summary.checks.errored,
    exitCode: report.summary.exitCode,
  }),
);
