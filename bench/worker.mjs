// One measured run of the whole suite in a fresh process, so peak memory is this run's alone.
// Prints one JSON line: wall time, peak RSS of the harness (the target's own processes are not counted),
// and the run's verdict.
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
    checks: report.summary.checks.passed + report.summary.checks.failed,
    exitCode: report.summary.exitCode,
  }),
);
