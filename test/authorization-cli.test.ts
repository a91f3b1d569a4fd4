/**
 * `mcp-conformance authorization --url ISSUER` through the built CLI (in a worker thread): the
 * reference authorization server passes every check at every revision with authorization, and each
 * of its defects (fixtures/reference/defects/auth-server.ts) fails exactly the checks its proofs
 * name. The servers run in this process (their options are the defect's), on 127.0.0.1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CIMD_CA_FILE } from '../runner/api/authorization-server.js';
import { makeThrowawayCa } from '../runner/auth/throwaway-ca.js';
import { AS_DEFECTS } from '../fixtures/reference/defects/auth-server.js';
import { startAuthorizationServer, type AuthorizationServerOptions, type RunningAuthorizationServer } from '../runner/auth/authorization-server.js';
import type { Report } from '../reports/types.js';
import { erroredItems, failedChecks, runInProcess } from './support/cli.js';

/**
 * The reference authorization server as the standalone fixture starts it: Client ID Metadata Documents
 * supported, trusting the CA the harness writes to the run's folder (`outDir`).
 */
function reference(outDir: string): AuthorizationServerOptions {
  return { cimd: true, cimdTrustCaFile: join(outDir, CIMD_CA_FILE) };
}

async function authorizationRun(options: AuthorizationServerOptions, args: string[], records?: (as: RunningAuthorizationServer) => void): Promise<Report> {
  const outDir = mkdtempSync(join(tmpdir(), 'mcpc-out-'));
  const as = await startAuthorizationServer({ ...reference(outDir), ...options });
  try {
    const run = await runInProcess(['authorization', '--url', as.issuer, '--reporter', 'json', '--timeout', '5', ...args], { outDir });
    expect(run.report, `no report.json (exit ${run.code}): ${run.stderr}`).toBeDefined();
    records?.(as);
    return run.report!;
  } finally {
    await as.close();
  }
}

describe('authorization --url against the reference authorization server', () => {
  it('passes every check at every revision with authorization, none errored', async () => {
    let registrations = 0;
    const report = await authorizationRun({}, ['--spec-version', 'all'], (as) => (registrations = as.records.registrations.length));
    expect(failedChecks(report)).toEqual([]);
    expect(erroredItems(report)).toEqual([]);
    expect(new Set(report.scenarios.map((s) => s.revision))).toEqual(new Set(['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28', 'draft']));
    // The one scenario that needs a page: the reference approves at once.
    expect([...new Set(report.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id.split('/').slice(2).join('/')} ${s.status}`))]).toEqual(['authorization-server/consent-page skipped']);
    // One client per run and registration endpoint (two: the probes' own and a second one), shared by
    // every scenario; the rest are the registration scenario's own, one per revision.
    const own = report.scenarios.filter((s) => s.id.endsWith('/dcr')).length;
    expect(registrations).toBe(2 + own);
  });

  it('a registration limit (HTTP 429) leaves checks not testable with the status, never failed', async () => {
    const report = await authorizationRun({ registrationLimit: 1 }, ['--spec-version', '2025-11-25']);
    const failed = report.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'failed'));
    expect(failed.length).toBeGreaterThan(0);
    for (const check of failed) {
      expect(check.untestable).toBe(true);
      expect(check.message).toMatch(/HTTP 429 \(too many requests\) to POST http:\/\/127\.0\.0\.1:\d+\/register, Retry-After: 3600/);
    }
    expect(erroredItems(report)).toEqual([]);
  });

  it('an authorization server that cannot fetch the harness\'s documents leaves the CIMD checks not testable, never failed', async () => {
    // It trusts another CA than the run's: its fetches end in a failed TLS handshake, as a real server's would.
    const other = join(mkdtempSync(join(tmpdir(), 'mcpc-ca-')), 'other-ca.pem');
    writeFileSync(other, makeThrowawayCa().caPem);
    const report = await authorizationRun({ cimdTrustCaFile: other }, ['--spec-version', '2026-07-28', '--scenario', 'authorization-server/cimd']);
    const checks = report.scenarios[0]!.checks.filter((c) => !['frames-schema-valid', 'messages-utf8'].includes(c.id));
    expect(checks.filter((c) => c.status === 'passed').map((c) => c.id)).toEqual(['cimd-advertised']);
    for (const check of checks.filter((c) => c.id !== 'cimd-advertised')) {
      expect(check.untestable, check.id).toBe(true);
      // The server's own words say why; the host's record of the failed handshake may come after the server's
      // answer (two sockets, no order between them), so the reason names it only when it came first.
      expect(check.message).toMatch(/never fetched the harness's metadata document https:\/\/127\.0\.0\.1:\d+\/clients\/.* it said: ".*could not be fetched.*"(; TLS handshakes with the harness's host failed: [^)]*)?\)\. .* trust .*cimd-ca\.pem/);
    }
  });

  // The browser path of the checks: a server that shows a consent page gives codes through headless Chromium.
  it('with a consent page: the checks get their codes through headless Chromium', async () => {
    const report = await authorizationRun({ consentPage: true }, ['--spec-version', '2025-11-25', '--scenario', 'authorization-server/pkce', '--scenario', 'authorization-server/responses']);
    expect(failedChecks(report)).toEqual([]);
    expect(erroredItems(report)).toEqual([]);
    expect(report.scenarios.map((s) => s.status)).toEqual(['passed', 'passed']);
  }, 120_000);

  const proofs = AS_DEFECTS.flatMap((defect) => defect.proofs.map((proof) => [`${defect.name} at ${proof.revision}`, defect, proof] as const));
  it.each(proofs)('%s fails exactly its checks', async (_name, defect, proof) => {
    const scenarios = [...new Set(proof.fails.map((key) => key.slice(0, key.indexOf('#'))))];
    const report = await authorizationRun(defect.override, ['--spec-version', proof.revision, ...scenarios.flatMap((s) => ['--scenario', s])]);
    expect(failedChecks(report)).toEqual([...proof.fails].sort());
  });
});
