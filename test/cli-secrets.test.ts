/**
 * Secrets never leave the process: a real server that echoes every credential it was given (the
 * Authorization header, a URL key, an environment token) in headers, results, errors and stderr, run
 * through the built CLI and the programmatic API. Each test also finds the redaction marker where the
 * echo landed, so it cannot pass because the echo never happened.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../reports/types.js';
import { run } from '../runner/engine/run.js';
import { tamperedToken } from '../runner/api/auth.js';
import { newTokenKey } from '../runner/auth/tokens.js';
import { REDACTED, Redactor } from '../runner/util/redact.js';
import { referenceTokens, root, runCli, runInProcess, startReferenceHttp, type CliRun } from './support/cli.js';

const echoServer = join(root, 'test', 'support', 'echo-server.mjs');

/** A fresh random secret: no output can contain it by chance. */
function secret(label: string): string {
  return `${label}-${randomBytes(12).toString('hex')}`;
}

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [{ path, text: readFileSync(path, 'utf8') }];
  });
}

/** Every place (stdout, stderr, a file under --out) where one of the secrets shows, as `place: secret`. */
function leaks(cli: CliRun, secrets: readonly string[]): string[] {
  const places = [
    { path: 'stdout', text: cli.stdout },
    { path: 'stderr', text: cli.stderr },
    ...filesUnder(cli.outDir),
  ];
  return places.flatMap(({ path, text }) => secrets.filter((s) => text.includes(s)).map((s) => `${path}: ${s}`));
}

/** The transcripts of a run, concatenated. */
function transcripts(outDir: string): string {
  return filesUnder(join(outDir, 'transcripts'))
    .map((f) => f.text)
    .join('\n');
}

describe('secrets a target echoes are redacted everywhere', () => {
  it('over Streamable HTTP: the Authorization header, a URL key and an env token show nowhere, [redacted] where they were echoed', async () => {
    const [token, key, envToken] = [secret('bearer'), secret('urlkey'), secret('envtok')];
    const cli = await runCli([
      'server',
      '--command', `node ${echoServer} --http --port {port}`,
      '--url', `http://127.0.0.1:{port}/mcp?api_key=${key}`,
      '--header', `Authorization: Bearer ${token}`,
      '--env', `API_TOKEN=${envToken}`,
      '--spec-version', '2025-06-18',
    ]);
    expect(cli.stderr).not.toMatch(/harness error|warning/);
    expect(cli.code).toBeLessThanOrEqual(1);
    expect(leaks(cli, [token, key, envToken])).toEqual([]);

    const report = cli.report!;
    expect(report.target.info?.version).toBe(`1.0.0 API_TOKEN=${REDACTED} Authorization=${REDACTED} URL=/mcp?api_key=${REDACTED}`);
    expect(report.target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp\?api_key=\[redacted\]$/);
    const wire = transcripts(cli.outDir);
    expect(wire).toContain(`"x-echo-authorization":"${REDACTED}"`);
    expect(wire).toContain(`You connected with API_TOKEN=${REDACTED} Authorization=${REDACTED}`);
    expect(wire).toContain(`Echoes its input; configured with API_TOKEN=${REDACTED} Authorization=${REDACTED}`);
    expect(wire).toContain(`Method not found: `);
    expect(cli.stdout).toContain(`Authorization=${REDACTED}`);
  });

  it('a secret-named variable the launched server inherits from the harness shows nowhere, and needs no warning when short', async () => {
    const inherited = secret('inherited');
    const cli = await runCli(['server', '--command', `node ${echoServer}`, '--spec-version', '2025-11-25', '--scenario', 'lifecycle/initialize'], {
      env: { API_TOKEN: inherited, OTHER_PASS: 'ab' },
    });
    expect(cli.code).toBeLessThanOrEqual(1);
    expect(leaks(cli, [inherited])).toEqual([]);
    expect(cli.report!.target.info?.version).toBe(`1.0.0 API_TOKEN=${REDACTED}`);
    expect(cli.stderr).not.toContain('warning');
  });

  it('over stdio: an env token shows nowhere, [redacted] where it was echoed; a secret too short to redact is warned about once', async () => {
    const envToken = secret('envtok');
    const cli = await runCli(['server', '--command', `node ${echoServer}`, '--env', `API_TOKEN=${envToken}`, '--env', 'DB_PASS=abc', '--spec-version', '2025-11-25']);
    expect(cli.code).toBeLessThanOrEqual(1);
    expect(leaks(cli, [envToken])).toEqual([]);
    expect(cli.stderr.match(/warning/g)).toHaveLength(1);
    expect(cli.stderr).toContain('mcp-conformance: warning: cannot redact --env DB_PASS: shorter than 4 characters');

    expect(cli.report!.target.info?.version).toBe(`1.0.0 API_TOKEN=${REDACTED}`);
    const wire = transcripts(cli.outDir);
    expect(wire).toContain(`"lane":"stderr","frame":"echo-server: starting with API_TOKEN=${REDACTED}"`);
    expect(wire).toContain(`Method not found: `);
    expect(wire).toContain(`(API_TOKEN=${REDACTED})`);
    expect(wire).toContain(`configured with API_TOKEN=${REDACTED}`);
    expect(cli.stdout).toContain(`API_TOKEN=${REDACTED}`);
  });

  it.each([
    ['over stdio', ['--command', `node ${echoServer} --crash`]],
    ['started for HTTP', ['--command', `node ${echoServer} --http --port {port} --crash`, '--url', 'http://127.0.0.1:{port}/mcp']],
  ])('a target %s that dies quoting the secret on stderr: the fatal message is redacted in report.json and on stderr', async (_how, target) => {
    const envToken = secret('envtok');
    const cli = await runCli(['server', ...target, '--env', `API_TOKEN=${envToken}`]);
    expect(cli.code).toBe(2);
    expect(leaks(cli, [envToken])).toEqual([]);
    const quoted = `API_TOKEN ${REDACTED} is not accepted`;
    expect(cli.report!.fatal?.message).toContain(quoted);
    expect(cli.stderr).toContain(quoted);
  });
});

describe('access tokens, and what the authorization checks make of them', () => {
  it('show nowhere: the tokens given, their tampered copies, the query-string probe', async () => {
    const key = newTokenKey();
    const server = await startReferenceHttp(undefined, ['--auth', '--auth-key', key]);
    try {
      const flags = referenceTokens(key, server.url);
      const tokens = flags.filter((_, i) => i % 2 === 1);
      const cli = await runInProcess(['server', '--url', server.url, '--spec-version', '2025-11-25', '--scenario', 'auth/', '--reporter', 'console,json,junit,html', ...flags]);
      expect(cli.code).toBe(0);
      expect(leaks(cli, [...tokens, ...tokens.map((t) => tamperedToken(t, Redactor.of([])))])).toEqual([]);
      // The probes that carried them are there, redacted.
      expect(transcripts(cli.outDir)).toContain(`"authorization":"${REDACTED}"`);
    } finally {
      await server.stop();
    }
  });
});

describe('the programmatic API redacts too', () => {
  it('computes the secrets from the target spec, adds explicit ones, and redacts transcripts, progress results and the report', async () => {
    const envToken = secret('envtok');
    const outDir = mkdtempSync(join(tmpdir(), 'mcpc-api-'));
    const progress: ScenarioResult[] = [];
    const report = await run({
      target: { kind: 'command', command: `node ${echoServer}`, env: { API_TOKEN: envToken } },
      specVersion: '2025-11-25',
      scenarios: ['lifecycle/initialize', 'base/unknown-method'],
      // The server's name is no secret, but the caller may declare anything one.
      secrets: ['echo-server'],
      outDir,
      onProgress: (_done, _total, last) => progress.push(last),
    });
    expect(report.target.info).toMatchObject({ name: REDACTED, version: `1.0.0 API_TOKEN=${REDACTED}` });
    const everything = [JSON.stringify(report), JSON.stringify(progress), transcripts(outDir)].join('\n');
    expect(everything).not.toContain(envToken);
    expect(everything).not.toContain('echo-server');
    expect(transcripts(outDir)).toContain(`${REDACTED}: starting with API_TOKEN=${REDACTED}`);
  });
});

describe('a malformed flag that may hold a credential', () => {
  it.each([
    [['--header', 'Authorization=Bearer SECRET', 'http://127.0.0.1:9/mcp'], '--header "Authorization…" is not "Name: value"'],
    // A bare word is shown only up to 24 characters: enough to recognise, too little to leak a token.
    [['--env', 'SECRETSECRET', 'node x'], '--env "'],
  ])('is not quoted in full: %j', async (args, message) => {
    const value = secret('flag');
    const cli = await runCli(args.map((a) => a.replace(/SECRET/g, value)));
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(message);
    expect(cli.stderr).not.toContain(value);
  });
});
