/**
 * A target that answers the handshake and then nothing (test/support/server-hangs.mjs), over stdio
 * and over Streamable HTTP: the run notices that it stopped answering, sends it nothing more, and
 * ends with a complete report in which the rest is "not testable" with that reason.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../reports/schema.js';
import type { Report } from '../reports/types.js';
import { runCli } from './support/cli.js';

const HANGS = fileURLToPath(new URL('./support/server-hangs.mjs', import.meta.url));
const reasonFor = (ms: number) => `the target stopped answering (3 requests in a row got no response within ${ms} ms)`;

/** Every check as `scenario#check: status[ (untestable)]: message or actual`, by scenario path without the revision. */
function outcomes(report: Report): Record<string, string> {
  return Object.fromEntries(
    report.scenarios.flatMap((s) =>
      s.checks.map((c) => [`${s.id.split('/').slice(2).join('/')}#${c.id}`, `${c.status}${c.untestable ? ' (untestable)' : ''}: ${c.message ?? JSON.stringify(c.actual ?? '')}`]),
    ),
  );
}

/** What every run against a target that stops answering shows, whatever the transport. */
function expectStoppedAnswering(report: Report, stdout: string, reason: string): Record<string, string> {
  expect(validateReport(report)).toEqual([]);
  expect(report.summary.exitCode).toBe(1);
  // Said once, prominently: the scenario during which the target stopped answering carries it,
  // and the console shows it.
  const notice = `${reason}: the harness sends it nothing more in this run, so the checks not made by then are not testable`;
  expect(report.scenarios.filter((s) => s.message === notice)).toHaveLength(1);
  // The console wraps it to its width, continuing on indented lines.
  expect(stdout.replace(/\n {4,}/g, ' ')).toContain(notice);
  // Every failure is either a request that went unanswered before the breaker opened (a genuine
  // failure, kept) or a check that could not be made; nothing errored.
  const all = outcomes(report);
  const failed = Object.entries(all).filter(([, o]) => o.startsWith('failed'));
  const untestable = failed.filter(([, o]) => o === `failed (untestable): Not testable: ${reason}`);
  const unanswered = failed.filter(([, o]) => /^failed: .*no response/.test(o));
  expect(failed.filter(([, o]) => !untestable.some(([, u]) => u === o) && !unanswered.some(([, u]) => u === o) && !o.includes('Not testable'))).toEqual([]);
  expect(untestable.length).toBeGreaterThan(0);
  expect(Object.values(all).filter((o) => o.startsWith('errored'))).toEqual([]);
  return all;
}

describe.concurrent('a target that stops answering after the handshake', () => {
  it('over stdio, with the default timeout: the rest of the run is not testable, with the reason', async () => {
    const run = await runCli(['server', '--command', `node ${HANGS}`]);
    expect(run.code).toBe(1);
    const all = expectStoppedAnswering(run.report!, run.stdout, reasonFor(10_000));
    // Early scenarios ran while the target was still thought alive: their timeouts are failures
    // (a scenario whose first request went unanswered may stop there, its checks not testable for
    // that reason), among them the three requests, in three scenarios at least, that opened the breaker.
    const silent = Object.entries(all).filter(([, o]) => /^failed: .*no response within 10000 ms/.test(o) || /^failed \(untestable\): Not testable: .* got no response$/.test(o));
    expect(new Set(silent.map(([key]) => key.split('#')[0])).size).toBeGreaterThanOrEqual(3);
    // The last scenarios of the plan start long after the breaker opened: nothing was tried.
    const untestable = `failed (untestable): Not testable: ${reasonFor(10_000)}`;
    for (const check of [
      'lifecycle/version-negotiation#supported-version-echoed',
      'lifecycle/version-negotiation#unknown-version-gets-latest',
      'stdio/framing#messages-single-line',
      'stdio/shutdown#exits-on-stdin-close',
      'base/parse-error#invalid-json-answered-32700',
    ]) {
      expect(all[check], check).toBe(untestable);
    }
    // A coarse guard against hanging, not a speed test (bench/ measures speed): every request
    // waiting out its 10 s took well over a minute (a shared session's opener may wait out its
    // start ping too before its first request: 40 s seen).
    expect(run.ms).toBeLessThan(60_000);
  });

  it('over Streamable HTTP, for a server that accepts every POST after initialize and never answers it', async () => {
    const run = await runCli(['server', '--command', `node ${HANGS} --http --port {port}`, '--url', 'http://127.0.0.1:{port}/mcp', '--timeout', '1']);
    expect(run.code).toBe(1);
    const all = expectStoppedAnswering(run.report!, run.stdout, reasonFor(1000));
    // Here the handshake's notifications/initialized POSTs went unanswered too: over HTTP every
    // POST gets a response (202 for a notification), so their silence counts like a request's, and
    // the first scenario's own timeouts fail it before the breaker opens.
    expect(Object.values(all).filter((o) => o.startsWith('failed') && !o.includes(reasonFor(1000))).length).toBeGreaterThanOrEqual(1);
    const untestable = `failed (untestable): Not testable: ${reasonFor(1000)}`;
    for (const check of ['http/session#session-id-visible-ascii', 'http/session#deleted-session-404', 'http/protocol-version-header#unsupported-version-header-400']) {
      expect(all[check], check).toBe(untestable);
    }
    expect(run.ms).toBeLessThan(50_000);
  });
});
