/**
 * DNS-rebinding protection on a real server: the SDK's StreamableHTTPServerTransport (1.x) as shipped, and with
 * its own protection turned on (enableDnsRebindingProtection with the loopback names of its port as allowedHosts
 * and allowedOrigins). Only the Origin and endpoint scenarios run, at every revision. The full verdicts of these
 * and the other real servers are pinned in test/third-party.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSdkHttp } from '../fixtures/third-party/sdk.js';
import type { Report } from '../reports/types.js';
import { erroredItems, root, runCli } from './support/cli.js';
import { isAutomatic } from './support/proofs.js';

const dist = join(root, 'dist');
const SCENARIOS = ['2025-03-26/server/http/origin', '2025-11-25/server/http/origin-403', '2025-03-26/server/http/endpoint'];

async function originRun(dnsRebindingProtection: boolean): Promise<Report> {
  const server = await startSdkHttp(dist, { dnsRebindingProtection });
  try {
    const run = await runCli(['server', '--url', server.url, '--spec-version', 'all', ...SCENARIOS.flatMap((s) => ['--scenario', s])]);
    expect(run.report, run.stderr).toBeDefined();
    expect(run.code).toBe(run.report!.summary.exitCode);
    return run.report!;
  } finally {
    await server.stop();
  }
}

/** `revision scenario#check status` of every check the scenarios declare (the engine's automatic ones left out). */
const verdicts = (report: Report): string[] =>
  report.scenarios.flatMap((s) => s.checks.filter((c) => !isAutomatic(c.id)).map((c) => `${s.revision} ${s.id.split('/').slice(2).join('/')}#${c.id} ${c.status}`)).sort();

const FROM_0326 = ['2025-03-26', '2025-06-18', '2025-11-25'];
const everyCheck = (status: string): string[] =>
  [
    ...FROM_0326.flatMap((r) => [`${r} http/origin#foreign-origin-initialize-refused`, `${r} http/origin#foreign-origin-request-refused`, `${r} http/endpoint#served-in-place`]),
    '2025-11-25 http/origin-403#foreign-origin-initialize-403',
    '2025-11-25 http/origin-403#foreign-origin-request-403',
  ]
    .map((key) => `${key} ${key.includes('endpoint') ? 'passed' : status}`)
    .sort();

describe.concurrent('the SDK 1.x Streamable HTTP transport and DNS rebinding', () => {
  it('as shipped serves a foreign Origin: it fails the Origin checks at every revision, with what to change', async () => {
    const report = await originRun(false);
    expect(erroredItems(report)).toEqual([]);
    // MUST (basic/transports#security-warning): "Servers MUST validate the Origin header on all incoming
    // connections"; from 2025-11-25 a present and invalid Origin MUST get 403. It answers both with 200.
    expect(verdicts(report)).toEqual(everyCheck('failed'));
    const failed = report.scenarios.flatMap((s) => s.checks).filter((c) => c.status === 'failed');
    expect(new Set(failed.map((c) => c.specUrl))).toEqual(new Set(FROM_0326.map((r) => `https://modelcontextprotocol.io/specification/${r}/basic/transports#security-warning`)));
    for (const check of failed) expect(check.message).toMatch(/from Origin http:\/\/evil\.example\.com was served: validate the Origin header against an allow-list/);
    expect(report.summary.exitCode).toBe(1);
  });

  it('with enableDnsRebindingProtection, allowedHosts and allowedOrigins refuses it with 403 and passes', async () => {
    const report = await originRun(true);
    expect(erroredItems(report)).toEqual([]);
    expect(verdicts(report)).toEqual(everyCheck('passed'));
    expect(report.summary.exitCode).toBe(0);
  });
});
