/**
 * The reference server's protected mode (`--auth`) against the authorization scenarios of the
 * protected resource: it passes every one at every revision with authorization, given the three
 * tokens; without any token only the checks that need none run, the rest say what to pass; and a
 * whole run through its protection, with a valid token, is as clean as one without it.
 */
import { describe, expect, it } from 'vitest';
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
      const other = report.scenarios.filter((s) => !s.id.includes('/auth/'));
      expect(other.length).toBeGreaterThan(10);
      expect(other.every((s) => s.status === 'skipped' && /requires authorization .*--auth-token TOKEN/.test(s.message ?? ''))).toBe(true);
      const wanting = report.scenarios.filter((s) => s.id.includes('/auth/')).flatMap((s) => s.checks.filter((c) => c.status === 'skipped' && !c.automatic && /--auth-token/.test(c.message ?? '')).map((c) => c.id));
      expect(wanting.sort()).toEqual(['every-request-401', 'expired-token-401', 'insufficient-scope-403', 'query-token-refused', 'tampered-token-401', 'wrong-audience-401']);
      expect(report.scenarios.find((s) => s.id.endsWith('auth/discovery'))?.status).toBe('passed');
    } finally {
      await server.stop();
    }
  });
});
