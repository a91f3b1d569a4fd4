// One measured run in a fresh process, so that its peak memory is this run's alone. It does what the CLI does for
// `mcp-conformance TARGET ...` (parse the arguments, run, render the default console and json reports) minus the
// writing of report files, and prints one JSON line on stdout: the time to the first finished scenario and to the end of
// the run, peak RSS of this process (the harness; the target's own processes are not counted), the checks made,
// and the run's verdict. The wall time of the whole process is measured by bench/run.mjs around it.
//
//   node bench/worker.mjs TARGET [CLI options]     TARGET: a stdio command line or a Streamable HTTP URL
//   node bench/worker.mjs client --command CMD [--transport T] [CLI options]   a client under test
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from '../dist/runner/cli/args.js';
import { run } from '../dist/runner/index.js';
import { REPORTERS } from '../dist/reports/index.js';
import { TOOL_VERSION } from '../dist/runner/version.js';

const { command: cmd } = await parseArgs(process.argv.slice(2), TOOL_VERSION);
if (cmd?.kind !== 'server' && cmd?.kind !== 'client') throw new Error(`bench worker: not a conformance run: ${process.argv.slice(2).join(' ')}`);
const target =
  cmd.kind === 'client' ? { kind: 'client', command: cmd.command, transport: cmd.transport } : cmd.url !== undefined ? { kind: 'url', url: cmd.url, headers: {} } : { kind: 'command', command: cmd.command };
// The CLI always writes the transcripts (into --out); so does this run, into a folder removed afterwards.
const outDir = mkdtempSync(join(tmpdir(), 'bench-run-'));
const started = performance.now();
let firstScenarioMs;
const report = await run({
  target,
  specVersion: cmd.specVersion,
  scenarios: cmd.scenario,
  jobs: cmd.jobs,
  // --isolate, once the CLI has it (`npm run bench -- -- --isolate`); absent, the engine's default.
  ...(cmd.isolate !== undefined ? { isolate: cmd.isolate } : {}),
  timeoutMs: Math.round(cmd.timeout * 1000),
  ...(cmd.kind === 'server' ? { policy: { profile: cmd.profile, callTools: cmd.callTools, toolArgs: cmd.toolArgs } } : {}),
  failOn: cmd.failOn,
  outDir,
  onProgress: () => (firstScenarioMs ??= performance.now() - started),
});
const runMs = performance.now() - started;
// The default reporters' rendering is part of what a run costs (console text, report.json); it is not written.
for (const name of ['console', 'json']) REPORTERS[name].render(report, { color: false, verbose: false });
rmSync(outDir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    runMs,
    firstScenarioMs: firstScenarioMs ?? null,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    revisions: [...new Set(report.scenarios.map((s) => s.revision))],
    scenarios: report.scenarios.length,
    // Checks that ran (passed or failed): skipped and not-applicable ones cost next to nothing.
    checks: report.summary.checks.passed + report.summary.checks.failed,
    errored: report.summary.checks.errored,
    exitCode: report.summary.exitCode,
    fatal: report.fatal?.message ?? null,
  }),
);
