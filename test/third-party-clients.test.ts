/**
 * Real clients under test, their verdicts pinned (fixtures/third-party/NOTES.md, "Clients under test", says why
 * each failure is genuine): the SDK client fixture (@modelcontextprotocol/sdk 1.x Client) over Streamable HTTP at
 * every revision, over its own stdio, spawning its server through {server}, and over legacy HTTP+SSE; the SDK OAuth
 * client fixture (the same Client with an OAuthClientProvider) through the authorization scenarios (client --auth);
 * mcp-remote-client (mcp-remote 0.15.1, a packaged headless client) through its wrapper, over Streamable HTTP
 * and legacy HTTP+SSE; the v2 SDK client fixture (@modelcontextprotocol/client 2.x) over Streamable HTTP and
 * spawning its server through {server}, at 2026-07-28. A verdict that changes is news: a harness change, or a new version of the client.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failedChecks, root, runCli } from './support/cli.js';

const sdkClient = join(root, 'dist', 'fixtures', 'third-party', 'sdk-client.js');
const remoteClient = join(root, 'dist', 'fixtures', 'third-party', 'mcp-remote-client.js');
const sdk2Client = join(root, 'dist', 'fixtures', 'third-party', 'sdk2-client.js');
const sdkOauthClient = join(root, 'dist', 'fixtures', 'third-party', 'sdk-oauth-client.js');

const CASES = [
  {
    name: 'the SDK client over Streamable HTTP',
    args: ['--command', `node ${sdkClient}`, '--spec-version', 'all'],
    supported: ['2025-03-26', '2025-06-18', '2025-11-25'],
    // Its transport gives up on a 404 for its session instead of initializing a new one.
    fails: ['http/session-expired#new-session-after-404'],
  },
  {
    name: 'the SDK client over its own stdio',
    args: ['--command', `node ${sdkClient} --stdio`, '--transport', 'stdio', '--spec-version', '2025-11-25'],
    supported: ['2025-11-25'],
    fails: [],
  },
  {
    name: 'the SDK client spawning its server ({server})',
    args: ['--command', `node ${sdkClient} --spawn '{server}'`, '--transport', 'stdio', '--spec-version', '2025-11-25'],
    supported: ['2025-11-25'],
    fails: [],
  },
  {
    name: 'the SDK client over legacy HTTP+SSE (its SSEClientTransport)',
    args: ['--command', `node ${sdkClient}`, '--transport', 'sse'],
    supported: ['2024-11-05'],
    fails: [],
  },
  {
    // The SDK client with an OAuthClientProvider of ours (headless: it takes the code from the 302), against the
    // harness's protected endpoint and authorization server, at the revisions with authorization it speaks.
    name: 'the SDK OAuth client (client --auth)',
    args: ['--command', `node ${sdkOauthClient}`, '--auth', '--spec-version', '2025-03-26,2025-06-18,2025-11-25', '--scenario', 'auth'],
    supported: ['2025-03-26', '2025-06-18', '2025-11-25'],
    fails: [
      // MUST (RFC 8414 §3.3, which basic/authorization cites): metadata whose issuer is not the one it was looked
      // up for is not used. Its discovery takes the document as it comes and goes on to register and authorize.
      'auth/metadata-issuer-mismatch#refuses-metadata',
      'auth/oauth-metadata-issuer-mismatch#refuses-metadata',
      // MUST (2025-11-25 basic/authorization#authorization-code-protection): without code_challenge_methods_supported
      // in the metadata a client refuses to go on; it sends its S256 challenge anyway.
      'auth/pkce-not-advertised#refuses',
      // SHOULD (2025-11-25 basic/authorization#step-up-authorization-flow): on 403 insufficient_scope it runs its
      // auth() again, which, holding a refresh token, refreshes (a refresh cannot widen the scope, RFC 6749 §6)
      // instead of asking for the challenged scope; the retried call gets the same 403.
      'auth/scope-step-up#steps-up',
    ],
  },
  {
    // @modelcontextprotocol/client 2.x in its `auto` negotiation (server/discover, then 2026-07-28).
    name: 'the v2 SDK client over Streamable HTTP at 2026-07-28',
    args: ['--command', `node ${sdk2Client}`, '--spec-version', '2026-07-28'],
    supported: ['2026-07-28'],
    // A POST response stream that ends before its response is waited on until the request times out, never sent again.
    // A 400 carrying MissingRequiredClientCapability (-32021) or HeaderMismatch (-32020) makes it fall back to initialize:
    // its probe classifier counts only -32022 as a sign of a modern server (-32020 and -32021 "are not era evidence"),
    // where the transport page names both among the modern errors a 400 may carry, after which a client does not fall back.
    fails: [
      'http/broken-stream#reissue-new-id',
      'http/broken-stream#reissues-request',
      'http/modern-error-400#no-fallback-header-mismatch',
      'http/modern-error-400#no-fallback-missing-capability',
    ],
  },
  {
    // It probes with server/discover on a first spawn of its server, then spawns it again for the session.
    name: 'the v2 SDK client spawning its server ({server}) at 2026-07-28',
    args: ['--command', `node ${sdk2Client} --spawn '{server}'`, '--transport', 'stdio', '--spec-version', '2026-07-28'],
    supported: ['2026-07-28'],
    fails: [],
  },
  {
    // It tries Streamable HTTP first (POST initialize to the SSE URL, refused with 405) and falls back to the stream.
    name: 'mcp-remote-client over legacy HTTP+SSE',
    args: ['--command', `node ${remoteClient}`, '--transport', 'sse'],
    supported: ['2024-11-05'],
    fails: [
      ...['capabilities/server-requests', 'legacy-sse/absolute-endpoint', 'legacy-sse/requests', 'lifecycle/initialize'].map((s) => `${s}#capabilities-negotiated`),
      'capabilities/server-requests#ping-answered-empty',
      'capabilities/server-requests#roots-answered',
      'capabilities/server-requests#sampling-answered',
      'capabilities/server-requests#roots-file-uris',
    ],
  },
  {
    name: 'mcp-remote-client',
    args: ['--command', `node ${remoteClient}`, '--spec-version', '2025-11-25'],
    supported: ['2025-11-25'],
    fails: [
      // It lists resources of a server that declared only tools, in every session.
      ...['capabilities/server-requests', 'http/protocol-version', 'http/requests', 'http/resume', 'lifecycle/initialize'].map((s) => `${s}#capabilities-negotiated`),
      // It calls no tool: what needs a call in progress cannot be tested.
      'capabilities/server-requests#ping-answered-empty',
      'capabilities/server-requests#roots-answered',
      'capabilities/server-requests#sampling-answered',
      'capabilities/server-requests#roots-file-uris',
      'http/requests#handles-json-and-sse',
      'http/resume#get-accepts-sse',
      'http/resume#reconnects-after-close',
      'http/resume#sends-last-event-id',
      'http/resume#waits-retry',
      // It exits without ending its session, and gives up on a 404 instead of starting a new session.
      'http/requests#deletes-session',
      'http/session-expired#new-session-after-404',
    ],
  },
];

describe.concurrent('third-party clients, verdicts pinned', () => {
  it.each(CASES)('$name', async ({ args, supported, fails }) => {
    const run = await runCli(['client', ...args, '--reporter', 'json', '--jobs', '2'], { timeoutMs: 150_000 });
    const report = run.report!;
    expect(report.fatal, run.stderr).toBeUndefined();
    expect(report.revisions.filter((r) => r.supported).map((r) => r.revision)).toEqual(supported);
    expect(failedChecks(report)).toEqual([...fails].sort());
    expect(report.summary.exitCode).toBe(fails.length > 0 ? 1 : 0);
  }, 150_000);
});
