/**
 * A read-only tool called only to sample its result may be slow by design. The harness cancels it
 * after its budget (SAMPLE_CALL_BUDGET_MS, or --timeout when shorter), says so in the transcript, and
 * goes on: the wait neither fails a check nor counts towards the target having stopped answering.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { root, runCli } from './support/cli.js';

const server = `node ${join(root, 'test', 'support', 'slow-tool-server.mjs')}`;

it('cancels a slow read-only tool after its budget and carries on', { timeout: 60_000 }, async () => {
  const run = await runCli(['server', '--command', server, '--spec-version', '2025-11-25', '--scenario', 'tools/calls', '--timeout', '2', '--reporter', 'json']);
  const report = run.report!;
  const scenario = report.scenarios.find((s) => s.id.endsWith('tools/calls'))!;
  expect(scenario.status).not.toBe('errored');
  expect(scenario.message ?? '').not.toContain('stopped answering');
  const transcript = readFileSync(join(run.outDir, scenario.transcript!), 'utf8');
  // The budget is --timeout here (2 s), shorter than the default budget.
  expect(transcript).toContain('slow_lookup was still running after 2000 ms: cancelled, its result not judged');
  // The cancellation went out, named the call, and the target read it (its stderr says so).
  expect(transcript).toMatch(/notifications\/cancelled.*sample-call-1/);
  expect(transcript).toContain('cancelled \\"sample-call-1\\"');
});
