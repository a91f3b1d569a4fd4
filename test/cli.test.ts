import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../reports/json.js';
import { validateReport } from '../reports/schema.js';
import { referenceCommand, runCli, startReferenceHttp } from './support/cli.js';
import { failingRun } from './support/report-examples.js';

const PORT_FROM_ENV = join(import.meta.dirname, 'support', 'port-from-env.mjs');

describe('the CLI against the reference server', () => {
  it('names the revisions it ran, and the target', async () => {
    const run = await runCli(['server', '--command', referenceCommand(), '--spec-version', 'all', '--scenario', 'base/ping']);
    expect(run.code).toBe(0);
    const report = run.report!;
    expect(validateReport(report)).toEqual([]);
    expect(report.revisions.map((r) => [r.revision, r.supported])).toEqual([
      ['2024-11-05', true],
      ['2025-03-26', true],
      ['2025-06-18', true],
      ['2025-11-25', true],
      // The reference serves both eras; base/ping ends at 2026-07-28, so nothing of it runs there.
      ['2026-07-28', true],
      ['draft', true],
    ]);
    expect(report.target.info?.name).toBe('mcp-conformance-reference');
    // Each revision carries its requirement rollup: ping is checked, batches only exist in 2025-03-26.
    const rollup = (revision: string) => report.revisions.find((r) => r.revision === revision)!.requirements!;
    expect(rollup('2025-11-25').find((r) => r.id === 'ping/receiver-responds-promptly')).toMatchObject({ status: 'passed', checks: 2 });
    expect(rollup('2025-03-26').find((r) => r.id === 'base/receiver-accepts-batches')).toMatchObject({ status: 'unchecked', checks: 0 });
    expect(rollup('2025-11-25').find((r) => r.id === 'base/receiver-accepts-batches')).toBeUndefined();
    expect(run.stdout).toMatch(/^mcp-conformance: conformant: 0 failed, 0 errored, \d+ passed, 0 skipped; 4 scenarios; exit 0$/m);
  });

  it('reports over Streamable HTTP with a schema-valid report', async () => {
    const server = await startReferenceHttp();
    try {
      const run = await runCli(['--spec-version', '2025-06-18', server.url]);
      expect(run.code).toBe(0);
      expect(run.report!.target.transport).toBe('streamable-http');
      const ids = new Set(run.report!.scenarios.map((s) => s.id));
      expect(ids).toContain('2025-03-26/server/http/session');
      expect(ids).toContain('2025-06-18/server/http/protocol-version-header');
      expect(validateReport(run.report)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('starts an HTTP server from --command, fills in {port}, and stops it afterwards', async () => {
    const run = await runCli([
      'server',
      '--command', `${referenceCommand()} --http --port {port}`,
      '--url', 'http://127.0.0.1:{port}/mcp',
      '--scenario', 'http/session',
    ]);
    expect(run.code).toBe(0);
    const report = run.report!;
    expect(report.target.transport).toBe('streamable-http');
    expect(report.target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(report.target.command).toMatch(/--port \d+/);
    expect(report.scenarios.map((s) => s.status)).toEqual(['passed']);
    const port = /--port (\d+)/.exec(report.target.command!)![1];
    expect(pgrep(`--port ${port}( |$)`)).toEqual([]);
  });

  // Many servers take their port from the environment; both ways of giving it must reach the process.
  it.each([
    ['a leading PORT={port} in --command', [`PORT={port} node ${PORT_FROM_ENV}`]],
    ['--env PORT={port}', [`node ${PORT_FROM_ENV}`, '--env', 'PORT={port}']],
  ])('starts an HTTP server that reads its port from the environment: %s', async (_how, [command, ...env]) => {
    const run = await runCli(['server', '--command', command!, ...env, '--url', 'http://127.0.0.1:{port}/mcp', '--scenario', 'base/ping']);
    expect(run.stderr).not.toMatch(/command not found|PORT is not set/);
    expect(run.code).toBe(0);
    expect(run.report!.target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(run.report!.scenarios.map((s) => [s.id, s.status])).toEqual([['2024-11-05/server/base/ping', 'passed']]);
  });

  it('runs a stdio --command that starts with NAME=value (an assignment, not the program)', async () => {
    const run = await runCli(['server', '--command', `MCPC_PREFIX=1 ${referenceCommand()}`, '--scenario', 'base/ping']);
    expect(run.stderr).not.toMatch(/command not found/);
    expect(run.code).toBe(0);
    expect(run.report!.scenarios.map((s) => s.status)).toEqual(['passed']);
  });

  it('reports a server started from --command that never listens', async () => {
    const run = await runCli(['server', '--command', `node -e "console.error('no port for me'); process.exit(4)"`, '--url', 'http://127.0.0.1:{port}/mcp']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the server exited \(code 4\) before listening on http:\/\/127\.0\.0\.1:\d+\/mcp/);
    expect(run.stderr).toMatch(/no port for me/);
    expect(run.report?.fatal?.kind).toBe('unreachable');
  });

  it('picks the newest revision the target supports with --spec-version auto', async () => {
    const run = await runCli([referenceCommand(), '--scenario', 'lifecycle/initialize']);
    expect(run.code).toBe(0);
    expect(run.report!.revisions.map((r) => r.revision)).toEqual(['2025-11-25']);
    expect(run.report!.scenarios.map((s) => s.id)).toEqual(['2024-11-05/server/lifecycle/initialize']);
    // initialize exists in the stateful era only: auto says so, and why it chose 2025-11-25.
    expect(run.report!.revisions[0]).toMatchObject({ era: 'stateful', selection: { by: 'auto-filtered' } });
    expect(run.stdout).toContain('revision 2025-11-25  stateful era, auto with --scenario: the newest supported revision where');
  });

  it('runs the revisions --spec-version lists, and only those, each named in the report', async () => {
    const run = await runCli([referenceCommand(), '--spec-version', '2026-07-28,2024-11-05', '--scenario', 'base/ping', '--scenario', 'discover/*']);
    expect(run.code).toBe(0);
    expect(run.report!.options.specVersion).toBe('2024-11-05,2026-07-28');
    expect(run.report!.revisions.map((r) => `${r.revision} ${r.era} ${r.selection?.by}`)).toEqual(['2024-11-05 stateful named', '2026-07-28 stateless named']);
    expect(new Set(run.report!.scenarios.map((s) => s.revision))).toEqual(new Set(['2024-11-05', '2026-07-28']));
  });

  it('writes one transcript per scenario, pointing checks at real frames', async () => {
    // A failing check is the one that carries frame pointers: ping answered with a non-empty result.
    const run = await runCli([referenceCommand('ping-nonempty'), '--scenario', 'base/ping']);
    expect(run.code).toBe(1);
    const scenario = run.report!.scenarios[0]!;
    const lines = readFileSync(join(run.outDir, scenario.transcript!), 'utf8').trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as { seq: number; dir: string; lane: string; frame: string });
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const check = scenario.checks.find((c) => c.id === 'ping-empty-result')!;
    expect(check.status).toBe('failed');
    expect(check.frames).toHaveLength(1);
    const evidence = entries.find((e) => e.seq === check.frames![0]);
    expect(evidence).toMatchObject({ dir: 'recv', lane: 'stdout' });
    const answer = JSON.parse(evidence!.frame) as { id: unknown; result: Record<string, unknown> };
    // The ping it answers (a shared session's turns are bracketed by pings of the harness's own).
    const ping = entries.find((e) => e.dir === 'send' && e.frame.includes('"method":"ping"') && (JSON.parse(e.frame) as { id: unknown }).id === answer.id);
    expect(ping).toBeDefined();
    expect(Object.keys(answer.result).length).toBeGreaterThan(0);
    // The report carries the same frames, and the ping they answer, for readers without the transcript.
    expect(check.excerpt?.frames).toEqual([
      { seq: ping!.seq, dir: 'send', lane: 'stdin', text: ping!.frame, context: true },
      { seq: evidence!.seq, dir: 'recv', lane: 'stdout', text: evidence!.frame },
    ]);
  });
});

describe('bad input gets a clear message and exit code 2', () => {
  it('an unreachable URL', async () => {
    const run = await runCli(['--url', 'http://127.0.0.1:9/mcp']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/mcp-conformance: cannot reach the target: connection refused by http:\/\/127\.0\.0\.1:9\/mcp/);
    expect(run.ms).toBeLessThan(15_000);
    // The report is still written, with the reason.
    expect(run.report?.fatal?.kind).toBe('unreachable');
    expect(run.report?.summary.exitCode).toBe(2);
  });

  it('a command that does not exist', async () => {
    const run = await runCli(['server', '--command', 'no-such-binary --flag']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot launch the target: command not found: no-such-binary/);
  });

  it('a command that exits before answering, quoting its stderr', async () => {
    const run = await runCli(['server', '--command', `node -e "console.error('boom: missing config'); process.exit(3)"`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exited \(code 3\) before answering initialize/);
    expect(run.stderr).toMatch(/boom: missing config/);
  });

  it('a command that never answers, within the timeout, leaving no process behind', async () => {
    const marker = `mcpc-hang-${process.pid}-${Date.now()}`;
    const run = await runCli(['server', '--command', `node -e "setInterval(() => {}, 1000)" ${marker}`, '--timeout', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did not answer initialize within 1000 ms/);
    expect(pgrep(marker)).toEqual([]);
  });

  it('a command that floods stdout with garbage', async () => {
    const run = await runCli(['server', '--command', `node -e "setInterval(() => process.stdout.write('garbage\\n'.repeat(5000)), 1)"`, '--timeout', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did not answer initialize/);
  });

  it.each([
    [['server'], /no target/],
    [['server', '--url', 'http://127.0.0.1:{port}/mcp'], /\{port\} in --url needs a --command/],
    [['--jobs', '0', 'node x'], /--jobs must be a whole number/],
    [['--spec-version', '1999-01-01', 'node x'], /unknown --spec-version "1999-01-01"/],
    [['--spec-version', '2025-11-25,2025-11-25', 'node x'], /unknown --spec-version "2025-11-25,2025-11-25"; .*separated by commas, each once/],
    [['--spec-version', '2024-11-05,2025-11-25', 'http://127.0.0.1:9/sse'], /exists only at 2024-11-05/],
    [['--bogus', 'node x'], /Unknown argument: bogus/],
    [['--reporter', 'pdf', 'node x'], /unknown reporter "pdf"/],
    [['--url', 'ftp://example.test/mcp'], /only http:\/\/ and https:\/\/ URLs/],
    [['--header', 'no-colon', 'http://127.0.0.1:9/mcp'], /--header "no-colon" is not "Name: value"/],
    [['--auth-token', 'abcdef', 'node x'], /--auth-token applies only to URL targets/],
    [['--client-secret', 'abcdef', 'http://127.0.0.1:9/mcp'], /--client-secret needs --client-id/],
    [['--auth-token', 'Bearer abcdef', 'http://127.0.0.1:9/mcp'], /the token alone, without "Bearer "/],
    [['--auth-token', 'abcdef', '--header', 'Authorization: Bearer x', 'http://127.0.0.1:9/mcp'], /--auth-token and --header Authorization/],
    [['--auth-token', 'a', '--auth-token', 'b', 'http://127.0.0.1:9/mcp'], /--auth-token is given more than once/],
    [['report'], /Missing required argument: from/],
    [['report', '--from', 'a.json', '--from', 'b.json'], /--from is given more than once/],
    [['report', '--from', 'out/report.json', '--reporter', 'pdf'], /unknown reporter "pdf"/],
    [['report', '--from', 'out/report.json', 'extra'], /Unknown argument: extra/],
  ])('flags %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('report --from re-renders a saved report without re-running', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mcpc-report-'));
  const save = (name: string, text: string): string => {
    const path = join(scratch, name);
    writeFileSync(path, text);
    return path;
  };

  it('prints the same console output as the run, and rewrites report.json byte for byte', async () => {
    const run = await runCli(['server', '--command', referenceCommand(), '--scenario', 'base/ping']);
    expect(run.code).toBe(0);
    const path = join(run.outDir, 'report.json');
    const written = readFileSync(path);
    // No --out: file outputs go next to the --from file, so json overwrites the report it was read from.
    const again = await runCli(['report', '--from', path, '--reporter', 'console,json'], { out: false });
    expect(again.stderr).toBe(`mcp-conformance: wrote report.json in ${run.outDir}/\n`);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(run.stdout);
    expect(readFileSync(path).equals(written)).toBe(true);
  });

  it('exits with the saved run\'s exit code, writing file outputs to --out', async () => {
    const path = save('failing.json', renderJson(failingRun()));
    const again = await runCli(['report', '--from', path, '--reporter', 'json,console', '--verbose']);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^mcp-conformance: non-conformant: .*; exit 1$/m);
    expect(again.stdout).toContain('capabilities-object');
    expect(readFileSync(join(again.outDir, 'report.json'), 'utf8')).toBe(renderJson(failingRun()));
  });

  it('exits 3 when a reporter cannot write, after running the others', async () => {
    const path = save('conformant-for-blocked.json', renderJson(failingRun()));
    const blocker = save('not-a-folder', 'x');
    const again = await runCli(['report', '--from', path, '--reporter', 'json,console', '--out', blocker], { out: false });
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/^mcp-conformance: reporter "json" failed: cannot write .*not-a-folder\/report\.json: E\w+: /);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stdout).toMatch(/^mcp-conformance: non-conformant: /m);
  });

  it('a missing file: exit 2 with one line naming it', async () => {
    const missing = join(scratch, 'missing.json');
    const again = await runCli(['report', '--from', missing]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`mcp-conformance: cannot read report ${missing}: ENOENT: no such file or directory, open '${missing}'\n`);
    expect(again.stdout).toBe('');
  });

  it('a file that is not JSON: exit 2 with one line', async () => {
    const path = save('truncated.json', renderJson(failingRun()).slice(0, 40));
    const again = await runCli(['report', '--from', path]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(new RegExp(`^mcp-conformance: report ${path} is not valid JSON: [^\n]+\n$`));
  });

  it('a JSON file that is not a report: exit 2, naming the file and the schema issues', async () => {
    const broken = failingRun() as unknown as Record<string, unknown>;
    delete broken['summary'];
    const path = save('broken.json', JSON.stringify(broken));
    const again = await runCli(['report', '--from', path, '--reporter', 'console,json']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`mcp-conformance: report ${path} does not match report.schema.json (1 issue):\n  - (root) must have required property 'summary'\n`);
    expect(again.stdout).toBe('');
  });
});

describe('informational commands', () => {
  it('list shows scenarios, revisions and requirements', async () => {
    const run = await runCli(['list'], { out: false });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2024-11-05\/server\/lifecycle\/version-negotiation\s+2024-11-05\.\.<2026-07-28/);
    expect(run.stdout).toMatch(/lifecycle\/server-echoes-supported-version\s+MUST/);
    expect(run.stdout).toMatch(/^ {2}2026-07-28/m);
  });

  it('--version prints the package version', async () => {
    const run = await runCli(['--version'], { out: false });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

/**
 * The pids of running processes whose command line matches `pattern` (an extended regular expression).
 * Only pgrep's "nothing matched" (exit status 1) means none: any other failure (pgrep missing, an option
 * it cannot parse) throws, so that a broken probe cannot pass a "nothing left running" check.
 */
function pgrep(pattern: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', '--', pattern], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch (err) {
    if ((err as { status?: unknown }).status === 1) return [];
    throw err;
  }
}

describe('the pgrep probe the leftover-process checks rely on', () => {
  it('finds a running process by a pattern that starts with dashes, and then no longer finds it', async () => {
    const marker = `mcpc-pgrep-${process.pid}-${Date.now()}`;
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', `--port ${marker}`], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(pgrep(`--port ${marker}( |$)`)).toEqual([String(child.pid)]);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    expect(pgrep(`--port ${marker}( |$)`)).toEqual([]);
  });
});
