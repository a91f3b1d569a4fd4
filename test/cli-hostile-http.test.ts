/**
 * Hostile Streamable HTTP servers (test/support/hostile-http.mjs, a real process on 127.0.0.1) cannot keep a run
 * alive, nor make the harness send anything elsewhere: a body or stream that trickles a byte every 5 s, a stream of
 * events that never brings the response, and redirects. Each run ends with a report and the exit code its verdict
 * calls for. A second loopback server stands for "elsewhere" and records every request that reaches it: none may.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../reports/types.js';
import { erroredItems, failedChecks, root, runCli, type CliRun } from './support/cli.js';

const HOSTILE = join(root, 'test', 'support', 'hostile-http.mjs');
const SECRET = 'Bearer hostile-test-s3cret-token';

let elsewhere: Server;
let elsewhereUrl: string;
const hits: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    hits.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  elsewhere.closeAllConnections();
  await new Promise((resolve) => elsewhere.close(resolve));
});

/**
 * The CLI against the hostile server in `mode` with a 2 s timeout and the user's Authorization header, at 2025-11-25
 * (or at the revisions the target answers, with `auto`).
 */
function hostileRun(mode: string, scenario: string, extra: string[] = [], spec = '2025-11-25'): Promise<CliRun> {
  const command = `node ${HOSTILE} --port {port} --mode ${mode} --location ${elsewhereUrl} ${extra.join(' ')}`;
  return runCli(['server', '--command', command, '--url', 'http://127.0.0.1:{port}/mcp', '--timeout', '2', '--spec-version', spec, '--scenario', scenario, '--header', `Authorization: ${SECRET}`], {
    timeoutMs: 60_000,
  });
}

function finished(run: CliRun): Report {
  expect(run.report, run.stderr).toBeDefined();
  expect(run.code).toBe(run.report!.summary.exitCode);
  expect(erroredItems(run.report!)).toEqual([]);
  return run.report!;
}

describe.concurrent('a hostile server cannot keep a run alive', () => {
  it.each(['trickle-json', 'trickle-sse', 'endless-sse'])('%s: the request times out, the run ends with its verdict', async (mode) => {
    const report = finished(await hostileRun(mode, '2024-11-05/server/base/ping'));
    expect(failedChecks(report)).toContain('base/ping#ping-answered');
    const answered = report.scenarios.flatMap((s) => s.checks).find((c) => c.id === 'ping-answered')!;
    expect(answered.actual).toBe('no response within 2000 ms');
    expect(report.summary.exitCode).toBe(1);
  });

  it('a trickled answer to initialize ends the run as unreachable (exit 2), saying nothing answered in time', async () => {
    const run = await hostileRun('trickle-all', '2024-11-05/server/base/ping', [], 'auto');
    expect(run.code).toBe(2);
    expect(run.report?.fatal?.kind).toBe('unreachable');
    expect(run.stderr).toContain('the target did not answer initialize within 2000 ms');
  });
});

describe.concurrent('a redirect is never followed', () => {
  // The channel's own test shows 301, 302, 307 and 308 alike (test/runner-http.test.ts); one of them end to end here.
  it.each(['307'])('HTTP %s after initialize fails http/endpoint, saying where it pointed, and nothing reaches the other origin', async (status) => {
    const report = finished(await hostileRun('redirect', '2025-03-26/server/http/endpoint', ['--status', status]));
    expect(failedChecks(report)).toEqual(['http/endpoint#served-in-place']);
    const check = report.scenarios.flatMap((s) => s.checks).find((c) => c.id === 'served-in-place')!;
    expect(check.requirement).toBe('streamable-http/server-single-endpoint');
    expect(check.message).toMatch(/^the harness does not follow redirects/);
    expect(check.actual).toEqual(expect.arrayContaining([`POST answered HTTP ${status} to ${elsewhereUrl}`, `GET answered HTTP ${status} to ${elsewhereUrl}`]));
    expect(report.summary.exitCode).toBe(1);
    expect(hits).toEqual([]);
  });

  it('a redirected initialize ends the run as unreachable (exit 2) with a message naming the redirect, and nothing reaches the other origin', async () => {
    const run = await hostileRun('redirect-all', '2025-03-26/server/http/endpoint', ['--status', '307'], 'auto');
    expect(run.code).toBe(2);
    expect(run.report?.fatal?.kind).toBe('unreachable');
    expect(run.stderr).toContain(`answered initialize with a redirect (HTTP 307 to ${elsewhereUrl}); mcp-conformance never follows redirects`);
    expect(run.stderr).not.toContain('hostile-test-s3cret');
    expect(hits).toEqual([]);
  });
});
