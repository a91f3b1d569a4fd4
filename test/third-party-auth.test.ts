/**
 * The protected-resource checks against a real protected server: the SDK's own example
 * (`simpleStreamableHttp.js --oauth`, fixtures/third-party/sdk-auth-server.ts), with and without
 * `--oauth-strict`, given a valid, an expired and (where its authorization server issues one) a
 * wrong-audience token obtained as a client would (test/support/sdk-auth.ts). Each run is pinned to the
 * exact set of checks it fails, each explained below with what the server did (fixtures/third-party/NOTES.md,
 * "The SDK's protected server example"). Only the authorization scenarios run; the demo authorization
 * server is also tested alone (`authorization --url`).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSdkAuthServer, type SdkAuthTarget } from '../fixtures/third-party/sdk-auth.js';
import type { Report } from '../reports/types.js';
import { erroredItems, root, runCli } from './support/cli.js';
import { tokenSet } from './support/sdk-auth.js';

const dist = join(root, 'dist');
/** The example negotiates up to 2025-11-25; authorization exists from 2025-03-26. */
const REVISIONS = ['2025-03-26', '2025-06-18', '2025-11-25'];

/** `revision scenario#check` for every failed check. */
function failures(report: Report): string[] {
  return report.scenarios
    .flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${s.revision} ${s.id.split('/').slice(2).join('/')}#${c.id}`))
    .sort();
}
const at = (revisions: readonly string[], ...keys: string[]): string[] => revisions.flatMap((r) => keys.map((k) => `${r} ${k}`));

/**
 * MUST (authorization/server-401-invalid-or-expired, server-validates-tokens): a made-up, a tampered and
 * an expired token each get 500 `{"error":"server_error"}` with no challenge. The example's verifier
 * throws a plain Error when its introspection endpoint says no, and requireBearerAuth answers anything
 * that is not an OAuth error with 500.
 */
const refusedWith500 = at(REVISIONS, 'auth/refused-tokens#made-up-token-401', 'auth/refused-tokens#tampered-token-401', 'auth/refused-tokens#expired-token-401');
/**
 * SHOULD NOT (RFC 6750 §3.1, authorization/server-no-error-code-without-token): the challenge to a
 * request without any Authorization header carries `error="invalid_token"`.
 */
const errorCodeWithoutToken = at(REVISIONS, 'auth/unauthenticated#no-error-code-without-token');
/** SHOULD (2025-11-25, authorization/server-challenge-scope): no `scope` in the challenge (requiredScopes is empty). */
const noChallengeScope = ['2025-11-25 auth/discovery#challenge-scope'];
/**
 * MUST (RFC 8707, authorization/server-validates-audience): without --oauth-strict a token its own
 * authorization server issued for https://other.example/mcp is served (200).
 */
const anyAudience = at(['2025-06-18', '2025-11-25'], 'auth/audience#wrong-audience-401');
/**
 * MUST (schema/sender-messages-match-schema): at 2025-11-25 its serverInfo.icons[0].src is "./mcp.svg",
 * a relative reference where the schema asks for a URI (format "uri"). Only scenarios that initialize
 * look at the frames.
 */
const relativeIconSrc = ['2025-11-25 auth/unauthenticated#frames-schema-valid'];

/**
 * Its demo authorization server on its own (`authorization --url ISSUER --spec-version all`), every
 * revision with authorization, one client registered for the whole run (two, with the second client
 * the binding check needs):
 * - MUST (authorization-server/code-bound-to-client-and-redirect, OAuth 2.1 Section 4.1.3): a token
 *   request naming another redirect_uri (`/callback-other` instead of `/callback`) is given tokens:
 *   neither the SDK's token handler nor the demo provider compares it with the authorization request's;
 * - MUST (authorization-server/implements-oauth21, OAuth 2.1 Section 3.2.4): a code it never issued gets
 *   500 server_error, not 400 invalid_grant (the demo provider throws a plain Error). A reused code and
 *   another client's code get the same 500: they are denied (no token), so single use and the binding
 *   to the client hold; only the error response is wrong, and that is this check;
 * - SHOULD (2026-07-28 on, authorization-server/iss-in-response, RFC 9207): no `iss` in its redirects
 *   (so the MUST to advertise it does not apply).
 * - SHOULD (2025-11-25 on, authorization-server/supports-cimd): its metadata has no
 *   client_id_metadata_document_supported, and a URL client_id is an unknown client to it; the other
 *   Client ID Metadata Document checks are then not applicable.
 * It issues no refresh token to a public client, so rotation is not applicable.
 * Not testable, and no fault: the SDK's token endpoint allows 50 requests per 15 minutes per process
 * (its rate limiter's default). The revisions before draft take 44 token requests (11 each); in draft's
 * scenarios, run in order (--jobs 1), the limit answers 429 from the pkce scenario on, and those
 * checks say so. draft's token-error-400 is among them, so only its redirect binding and iss fail.
 */
const EVERY = ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28', 'draft'];
const demoAuthorizationServer = [
  ...at(EVERY, 'authorization-server/code-bound#other-redirect-uri-refused'),
  ...at(EVERY.slice(0, -1), 'authorization-server/responses#token-error-400'),
  ...at(['2026-07-28', 'draft'], 'authorization-server/iss#iss-in-response'),
  ...at(EVERY.slice(2), 'authorization-server/cimd#cimd-advertised'),
].sort();
const demoRateLimited = at(['draft'], 'authorization-server/pkce#wrong-verifier-refused', 'authorization-server/pkce#missing-verifier-refused', 'authorization-server/responses#token-no-store', 'authorization-server/responses#token-error-400', 'authorization-server/refresh-rotation#refresh-rotated', 'authorization-server/refresh-rotation#used-refresh-refused').sort();

const targets: SdkAuthTarget[] = [];
afterAll(async () => {
  await Promise.all(targets.map((t) => t.stop()));
});

describe.concurrent('the SDK protected server example, authorization scenarios', () => {
  for (const strict of [false, true]) {
    it(`${strict ? 'with' : 'without'} --oauth-strict`, async () => {
      const target = await startSdkAuthServer(dist, { strict, clockHook: true });
      targets.push(target);
      const tokens = await tokenSet(target);
      // With --oauth-strict its authorization server refuses to issue a token for another resource (500 at /token).
      expect(tokens.wrongAudience === undefined).toBe(strict);
      const run = await runCli(
        [
          'server',
          '--url',
          target.url,
          '--auth-token',
          tokens.valid,
          '--auth-token-expired',
          tokens.expired,
          ...(tokens.wrongAudience ? ['--auth-token-wrong-audience', tokens.wrongAudience] : []),
          '--spec-version',
          REVISIONS.join(','),
          '--scenario',
          '*/server/auth/*',
          '--jobs',
          '2',
        ],
        { timeoutMs: 120_000 },
      );
      const report = run.report;
      expect(report, run.stderr).toBeDefined();
      expect(erroredItems(report!)).toEqual([]);
      expect(failures(report!)).toEqual([...refusedWith500, ...errorCodeWithoutToken, ...noChallengeScope, ...(strict ? [] : anyAudience), ...relativeIconSrc].sort());
      // No token reaches a file: report, transcripts and console output are redacted.
      const written = JSON.stringify(report) + run.stdout + run.stderr;
      for (const token of [tokens.valid, tokens.expired, tokens.wrongAudience].filter((t) => t !== undefined)) expect(written).not.toContain(token);
    });
  }

  // The harness authorizing itself (--authorize): it registers a client with the demo authorization server
  // (DCR), gets a code from its at-once redirect and a token with PKCE and `resource`, and runs with it.
  it('with --authorize: the harness gets its own token, and the same verdicts follow at 2025-11-25', async () => {
    const target = await startSdkAuthServer(dist);
    targets.push(target);
    const run = await runCli(['server', '--url', target.url, '--authorize', '--spec-version', '2025-11-25', '--scenario', '*/server/auth/*', '--scenario', 'base/ping', '--jobs', '2'], { timeoutMs: 120_000 });
    const report = run.report;
    expect(report, run.stderr).toBeDefined();
    expect(report!.revisions[0]!.note).toMatch(/^the harness authorized itself with http:\/\/localhost:\d+\/ \(a client it registered at http:\/\/localhost:\d+\/register, authorization code with PKCE\)/);
    expect(erroredItems(report!)).toEqual([]);
    // Its own token is valid, so the tampered-copy and query-string checks run; no expired or wrong-audience token is had.
    const at25 = (keys: string[]): string[] => keys.filter((k) => k.startsWith('2025-11-25 ') && !k.includes('expired-token') && !k.includes('wrong-audience'));
    expect(failures(report!)).toEqual(at25([...refusedWith500, ...errorCodeWithoutToken, ...noChallengeScope, ...relativeIconSrc, '2025-11-25 base/ping#frames-schema-valid']).sort());
  });

  it('its demo authorization server, alone, at every revision', async () => {
    const target = await startSdkAuthServer(dist);
    targets.push(target);
    const run = await runCli(['authorization', '--url', target.issuer, '--spec-version', 'all', '--jobs', '1'], { timeoutMs: 120_000 });
    const report = run.report;
    expect(report, run.stderr).toBeDefined();
    expect(erroredItems(report!)).toEqual([]);
    const failed = report!.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => ({ key: `${s.revision} ${s.id.split('/').slice(2).join('/')}#${c.id}`, check: c })));
    expect(failed.filter((f) => !f.check.untestable).map((f) => f.key).sort()).toEqual(demoAuthorizationServer);
    const limited = failed.filter((f) => f.check.untestable);
    expect(limited.map((f) => f.key).sort()).toEqual(demoRateLimited);
    for (const { check } of limited) expect(check.message).toMatch(/HTTP 429 \(too many requests\) to POST http:\/\/localhost:\d+\/token/);
  });
});
