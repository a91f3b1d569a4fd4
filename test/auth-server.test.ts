/**
 * The reference server's protected mode (`--auth`) against the authorization scenarios of the
 * protected resource: it passes every one at every revision with authorization, given the three
 * tokens; without any token only the checks that need none run, the rest say what to pass; and a
 * whole run through its protection, with a valid token, is as clean as one without it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CIMD_CA_FILE } from '../runner/api/authorization-server.js';
import { erroredItems, failedChecks, runAgainst, runInProcess, startReferenceHttp } from './support/cli.js';

const AUTH = ['--auth'];

describe('the reference server in its protected mode', () => {
  it('passes every authorization check at every revision with authorization', async () => {
    const report = await runAgainst('http', ['--spec-version', 'all', '--scenario', 'auth/'], undefined, undefined, AUTH);
    expect(failedChecks(report)).toEqual([]);
    expect(erroredItems(report)).toEqual([]);
    const ran = report.scenarios.filter((s) => s.status === 'passed').map((s) => `${s.revision} ${s.id.split('/').slice(2).join('/')}`);
    expect(ran).toContain('2025-03-26 auth/unauthenticated');
    expect(ran).toContain('2026-07-28 auth/offline-access');
    const skipped = report.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'skipped' && !['frames-schema-valid', 'messages-utf8'].includes(c.id)).map((c) => `${s.id}#${c.id}`));
    expect(skipped).toEqual([]);
    expect(report.summary.exitCode).toBe(0);
  });

  it('without a token: only the authorization scenarios run, and the checks that need a token say which flag to pass', async () => {
    const server = await startReferenceHttp(undefined, AUTH);
    try {
      const run = await runInProcess(['server', '--url', server.url, '--spec-version', '2025-11-25', '--timeout', '5']);
      const report = run.report!;
      expect(run.code).toBe(0);
      expect(failedChecks(report)).toEqual([]);
      expect(report.revisions[0]!.note).toMatch(/refused every request with HTTP 401/);
      const other = report.scenarios.filter((s) => !s.id.includes('/auth/') && !s.id.includes('/authorization-server/'));
      expect(other.length).toBeGreaterThan(10);
      expect(other.every((s) => s.status === 'skipped' && /requires authorization .*--auth-token TOKEN/.test(s.message ?? ''))).toBe(true);
      const wanting = report.scenarios.filter((s) => s.id.includes('/auth/')).flatMap((s) => s.checks.filter((c) => c.status === 'skipped' && !c.automatic && /--auth-token/.test(c.message ?? '')).map((c) => c.id));
      expect(wanting.sort()).toEqual(['every-request-401', 'expired-token-401', 'insufficient-scope-403', 'query-token-refused', 'tampered-token-401', 'wrong-audience-401']);
      expect(report.scenarios.find((s) => s.id.endsWith('auth/discovery'))?.status).toBe('passed');
    } finally {
      await server.stop();
    }
  });

  it('with --authorize: the harness registers a client, obtains a token by the authorization code with PKCE, and runs everything with it, the authorization server checked too', async () => {
    // Its authorization server trusts the CA the run writes for its client metadata documents.
    const outDir = mkdtempSync(join(tmpdir(), 'mcpc-out-'));
    const server = await startReferenceHttp(undefined, [...AUTH, '--auth-trust-ca', join(outDir, CIMD_CA_FILE)]);
    try {
      const run = await runInProcess(['server', '--url', server.url, '--authorize', '--spec-version', '2025-11-25', '--timeout', '5', '--scenario', 'auth/', '--scenario', 'authorization-server', '--scenario', 'base/ping', '--scenario', 'tools/list'], { outDir });
      const report = run.report!;
      expect(run.code).toBe(0);
      expect(report.revisions[0]!.note).toMatch(/^the harness authorized itself with http:\/\/127\.0\.0\.1:\d+ \(a client it registered at .*\/register, authorization code with PKCE\)/);
      expect(failedChecks(report)).toEqual([]);
      expect(erroredItems(report)).toEqual([]);
      const passed = report.scenarios.filter((s) => s.status === 'passed').map((s) => s.id.split('/').slice(2).join('/'));
      expect(passed).toEqual(expect.arrayContaining(['base/ping', 'auth/refused-tokens', 'authorization-server/pkce', 'authorization-server/cimd']));
    } finally {
      await server.stop();
    }
  });

  // The browser path, in real Chromium: the reference authorization server shows a consent page.
  it('with --authorize and a consent page: headless Chromium approves it, and the run goes on with the token', async () => {
    const server = await startReferenceHttp(undefined, [...AUTH, '--auth-consent-page']);
    try {
      const run = await runInProcess(['server', '--url', server.url, '--authorize', '--spec-version', '2025-11-25', '--timeout', '5', '--scenario', 'base/ping']);
      expect(run.code).toBe(0);
      expect(run.report!.revisions[0]!.note).toMatch(/authorization code with PKCE, through the authorization server's page in Chromium \(\d steps?\)/);
      expect(run.report!.scenarios.map((s) => s.status)).toEqual(['passed']);
      const self = readFileSync(join(run.outDir, 'transcripts', 'probe', 'authorization-self.jsonl'), 'utf8');
      expect(self).toMatch(/browser: /);
      expect(self).not.toMatch(/[?&]code=(?!\[redacted\])[A-Za-z0-9_-]{8,}/);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
