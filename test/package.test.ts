/**
 * The npm package as a user gets it: `npm pack` of this checkout, installed into an empty folder, then used
 * through `npx` (a stdio command, a URL) and through `import { run } from 'mcp-conformance'`. Nothing from the
 * repository is on the path: the installed copy must carry everything it needs (bin, suites, schemas,
 * requirements, the reference server).
 *
 * The runs are filtered to the lifecycle scenarios: what is proven here is that the installed copy works, not
 * the suites themselves (the rest of the self-tests prove those).
 *
 * `npm test` builds dist/ first (pretest), so the pack here skips the `prepack` build; a clean clone gets the
 * same dist/ from `prepack` (checked below by reading the script, and by `.ci/run`'s build).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORT_PLACEHOLDER, startHttpProcess, type HttpTarget } from '../fixtures/process.js';
import type { Report } from '../reports/types.js';
import { erroredItems, failedChecks, root } from './support/cli.js';

const exec = promisify(execFile);

/** The environment of a user's shell: none of the `npm_*` variables the surrounding `npm test` sets. */
const userEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries({ ...process.env, CI: '1', NO_COLOR: '1' }).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

/** The failed and errored checks of a saved report, so a failing assertion names them. */
function failures(reportPath: string): string[] {
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  return [...failedChecks(report), ...erroredItems(report)];
}

interface Packed {
  filename: string;
  files: { path: string }[];
}

describe('the npm package, packed and installed into an empty folder', () => {
  let work: string;
  let app: string;
  let packed: Packed;
  let installed: string;
  let http: HttpTarget | undefined;

  /** Runs a command in the user's folder; resolves with its exit code and output, whatever the code. */
  const inApp = async (file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await exec(file, args, { cwd: app, env: userEnv(), timeout: 150_000, maxBuffer: 16 << 20 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
    }
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'mcpc-pack-'));
    const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, env: userEnv() });
    packed = (JSON.parse(stdout) as Packed[])[0]!;
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    await exec('npm', ['install', join(work, packed.filename), '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: app,
      env: userEnv(),
      timeout: 180_000,
    });
    installed = join(app, 'node_modules', 'mcp-conformance');
  }, 240_000);

  afterAll(async () => {
    await http?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds before packing, ships a licence and the runtime, and leaves out source maps and the third-party fixtures', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.prepack).toBe('npm run build');
    const paths = packed.files.map((f) => f.path);
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/runner/cli/main.js', 'dist/runner/index.js', 'dist/runner/index.d.ts', 'dist/fixtures/reference-server.js', 'reports/report.schema.json', 'schemas/2025-11-25/schema.json']) {
      expect(paths, needed).toContain(needed);
    }
    expect(paths.filter((p) => p.endsWith('.map') || p.startsWith('dist/fixtures/third-party/') || p.startsWith('test/'))).toEqual([]);
  });

  it('`npx mcp-conformance --version` prints the package version', async () => {
    const run = await inApp('npx', ['--no-install', 'mcp-conformance', '--version']);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('`npx mcp-conformance "CMD"` tests a stdio server and writes its report', async () => {
    const reference = join(installed, 'dist', 'fixtures', 'reference-server.js');
    const run = await inApp('npx', ['--no-install', 'mcp-conformance', `node ${reference}`, '--spec-version', '2025-11-25', '--scenario', 'lifecycle']);
    expect(existsSync(join(app, 'out', 'report.json'))).toBe(true);
    expect(failures(join(app, 'out', 'report.json'))).toEqual([]);
    expect(run.stdout).toMatch(/mcp-conformance: conformant: 0 failed/);
    expect(run.code).toBe(0);
  }, 180_000);

  it('`npx mcp-conformance URL` tests a Streamable HTTP server', async () => {
    http = await startHttpProcess({
      name: 'installed reference server',
      argv: ['node', join(installed, 'dist', 'fixtures', 'reference-server.js'), '--http', '--port', PORT_PLACEHOLDER],
      path: '/mcp',
    });
    const run = await inApp('npx', ['--no-install', 'mcp-conformance', http.url, '--spec-version', '2025-06-18', '--scenario', 'lifecycle', '--out', 'out-http']);
    expect(failures(join(app, 'out-http', 'report.json'))).toEqual([]);
    expect(run.stdout).toMatch(/mcp-conformance: conformant: 0 failed/);
    expect(run.code).toBe(0);
  }, 180_000);

  it('`import { run } from "mcp-conformance"` runs a target and returns the report', async () => {
    const reference = join(installed, 'dist', 'fixtures', 'reference-server.js');
    const script = [
      "import { run, REPORTERS } from 'mcp-conformance';",
      `const report = await run({ target: { kind: 'command', command: ${JSON.stringify(`node ${reference}`)} }, specVersion: '2024-11-05', scenarios: ['lifecycle'] });`,
      "console.log(JSON.stringify({ verdict: report.summary.verdict, failed: report.summary.checks.failed, reporters: Object.keys(REPORTERS) }));",
    ].join('\n');
    writeFileSync(join(app, 'api.mjs'), script);
    const result = await inApp('node', ['api.mjs']);
    expect(result.stderr).toBe('');
    const parsed = JSON.parse(result.stdout) as { verdict: string; failed: number; reporters: string[] };
    expect(parsed).toMatchObject({ verdict: 'conformant', failed: 0 });
    expect(parsed.reporters).toContain('json');
  }, 180_000);
});
