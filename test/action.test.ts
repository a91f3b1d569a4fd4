/**
 * The GitHub Action: action.yml and the workflows parsed (GitHub itself cannot run here), and scripts/action.mjs run
 * the way the runner runs it (inputs in INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY pointing at temp
 * files) against the reference server, with and without a defect. The project CI's check step and the example
 * workflow's badge-publishing step are run too, with bash and git, on what those runs produced.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { passRate } from '../reports/badge.js';
import { GITHUB_OUTPUTS, githubOutputs, renderGithubOutput } from '../reports/github-output.js';
import { REPORTERS } from '../reports/index.js';
import type { Report } from '../reports/types.js';
import { actionPlan, ALWAYS_REPORTERS, inputVariable, INPUTS, outputEntry, SCRIPT_OUTPUTS } from '../scripts/action.mjs';
import { referenceServer, root } from './support/cli.js';
import { conformantRun, failingRun } from './support/report-examples.js';

const exec = promisify(execFile);
const SCRIPT = join(root, 'scripts', 'action.mjs');
const WORKFLOWS = join(root, '.github', 'workflows');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { steps: Step[]; if?: string }>;
}
interface Action {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
}

const readYaml = <T>(path: string): T => parse(readFileSync(path, 'utf8')) as T;
const action = readYaml<Action>(join(root, 'action.yml'));
const workflows = Object.fromEntries(readdirSync(WORKFLOWS).map((f) => [f, readYaml<Workflow>(join(WORKFLOWS, f))]));
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps);
/** Steps that run this action: `uses: ./` here, the published one in the example. */
const usesAction = (s: Step): boolean => s.uses === './' || /^mcp-conformance\/mcp-conformance@/.test(s.uses ?? '');

/** Parses a $GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks. */
function readOutputs(path: string): Record<string, string> {
  const lines = readFileSync(path, 'utf8').split('\n');
  const outputs: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      outputs[block[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

interface ActionRun {
  code: number | null;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  outDir: string;
}

/** Runs scripts/action.mjs as the composite step does: `node $GITHUB_ACTION_PATH/scripts/action.mjs`, inputs in env. */
function runAction(inputs: Record<string, string>): Promise<ActionRun> {
  const temp = mkdtempSync(join(tmpdir(), 'mcpc-action-'));
  const outDir = join(temp, 'report');
  const files = { GITHUB_OUTPUT: join(temp, 'output'), GITHUB_STEP_SUMMARY: join(temp, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: root, GITHUB_WORKSPACE: root, ...files };
  // Every declared input is set, to its default unless given, as the composite's env: block does.
  for (const [name, spec] of Object.entries(action.inputs)) env[inputVariable(name)] = inputs[name] ?? spec.default ?? '';
  env[inputVariable('out')] = inputs.out ?? outDir;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stderr, outputs: readOutputs(files.GITHUB_OUTPUT), summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), outDir }),
    );
  });
}

describe('action.yml', () => {
  it('is a composite action with one step that runs the script, inputs passed only through env', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps).toHaveLength(1);
    const [step] = action.runs.steps;
    expect(step!.id).toBe('run');
    expect(step!.run).toBe('node "$GITHUB_ACTION_PATH/scripts/action.mjs"');
    expect(step!.env).toEqual(Object.fromEntries(Object.keys(action.inputs).map((name) => [inputVariable(name), `\${{ inputs.${name} }}`])));
  });

  it('declares exactly the inputs the script reads and the outputs the script and the github-output reporter write', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUTS].sort());
    expect(Object.keys(action.outputs).sort()).toEqual([...SCRIPT_OUTPUTS, ...GITHUB_OUTPUTS].sort());
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value).toBe(`\${{ steps.run.outputs.${name} }}`);
    for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)]) expect(spec.description.length).toBeGreaterThan(10);
  });

  it('no run: step of the action or of a workflow interpolates ${{ }} into shell source', () => {
    const runs = [...action.runs.steps, ...Object.values(workflows).flatMap(steps)].flatMap((s) => (s.run ? [s.run] : []));
    expect(runs.length).toBeGreaterThan(3);
    for (const run of runs) expect(run).not.toContain('${{');
  });

  it('the workflows use only declared inputs and outputs of the action', () => {
    expect(Object.keys(workflows).sort()).toEqual(['ci.yml', 'example-conformance.yml']);
    const uses = Object.values(workflows).flatMap((w) => steps(w).filter(usesAction));
    expect(uses.map((s) => s.uses).sort()).toEqual(['./', './', 'mcp-conformance/mcp-conformance@v0']);
    for (const step of uses) {
      expect(step.id).toBeTruthy();
      for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    }
    const ids = new Set(uses.map((s) => s.id));
    const text = Object.keys(workflows).map((f) => readFileSync(join(WORKFLOWS, f), 'utf8')).join('\n');
    const referenced = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)].filter((m) => ids.has(m[1]!));
    expect(referenced.length).toBeGreaterThan(3);
    for (const m of referenced) expect(Object.keys(action.outputs)).toContain(m[2]);
  });

  it("the project's CI runs the action from this checkout after building it", () => {
    const job = Object.values(workflows['ci.yml']!.jobs).find((j) => j.steps.some((s) => s.uses === './'))!;
    const runs = job.steps.map((s) => s.run ?? s.uses ?? '');
    expect(runs.indexOf('npm run build')).toBeGreaterThanOrEqual(0);
    expect(runs.indexOf('npm run build')).toBeLessThan(runs.indexOf('./'));
    expect(job.steps.find((s) => s.id === 'reference')?.with?.command).toBe('node dist/fixtures/reference-server.js');
  });
});

describe('the github-output reporter', () => {
  it('appends verdict and the badge pass rates to $GITHUB_OUTPUT, one line each', () => {
    const report = failingRun();
    const checks = report.scenarios.flatMap((s) => s.checks);
    expect(REPORTERS['github-output'].render(report, { color: false, verbose: false })).toEqual([{ kind: 'append', env: 'GITHUB_OUTPUT', content: renderGithubOutput(report) }]);
    expect(githubOutputs(report)).toEqual({
      verdict: 'non-conformant',
      'must-pass-rate': String(passRate(checks, 'must').percent),
      'should-pass-rate': String(passRate(checks, 'should').percent ?? ''),
    });
    expect(renderGithubOutput(conformantRun())).toBe('verdict=conformant\nmust-pass-rate=100\nshould-pass-rate=\n');
  });

  it('leaves the rates empty for a run that ended early', () => {
    const run = conformantRun();
    const report = { ...run, summary: { ...run.summary, verdict: 'error' as const, exitCode: 2 as const }, fatal: { kind: 'unreachable' as const, message: 'connection refused' } };
    expect(githubOutputs(report)).toEqual({ verdict: 'error', 'must-pass-rate': '', 'should-pass-rate': '' });
  });
});

describe('the action script, planned', () => {
  const base = { GITHUB_ACTION_PATH: root, GITHUB_WORKSPACE: root, [inputVariable('command')]: 'node server.js' };

  it('runs the checked-out build when the action is this workspace (uses: ./), with the inputs as flags', () => {
    const plan = actionPlan({ ...base, [inputVariable('reporters')]: 'html, json', [inputVariable('args')]: '--scenario\n  lifecycle \n\n--timeout\n5\n', [inputVariable('baseline')]: 'b.yml' });
    expect(plan.file).toBe(process.execPath);
    expect(plan.args).toEqual([
      join(root, 'dist', 'runner', 'cli', 'main.js'),
      'server',
      ...['--command', 'node server.js', '--spec-version', 'auto', '--baseline', 'b.yml'],
      ...['--reporter', ['html', ...ALWAYS_REPORTERS].join(','), '--fail-on', 'should', '--out', join(root, 'mcp-conformance-report')],
      ...['--scenario', 'lifecycle', '--timeout', '5'],
    ]);
    expect(plan.reportPath).toBe(join(root, 'mcp-conformance-report', 'report.json'));
  });

  it('runs the published package through npx at the action’s version when used from elsewhere', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'mcpc-workspace-'));
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const plan = actionPlan({ ...base, GITHUB_WORKSPACE: elsewhere, [inputVariable('url')]: 'http://127.0.0.1:{port}/mcp', [inputVariable('out')]: 'r' });
    expect(plan.file).toBe('npx');
    expect(plan.args.slice(0, 7)).toEqual(['--yes', `mcp-conformance@${version}`, 'server', '--command', 'node server.js', '--url', 'http://127.0.0.1:{port}/mcp']);
    expect(plan.outDir).toBe(join(elsewhere, 'r'));
    expect(actionPlan({ ...base, GITHUB_WORKSPACE: elsewhere, [inputVariable('version')]: 'next' }).args[1]).toBe('mcp-conformance@next');
    expect(() => actionPlan({ ...base, GITHUB_WORKSPACE: elsewhere, [inputVariable('version')]: 'file:../evil' })).toThrow(/not a version or a dist-tag/);
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('refuses a run without a server, and a local use without a build', () => {
    expect(() => actionPlan({ GITHUB_ACTION_PATH: root, GITHUB_WORKSPACE: root })).toThrow(/give the server to test/);
    const bare = mkdtempSync(join(tmpdir(), 'mcpc-action-path-'));
    expect(() => actionPlan({ ...base, GITHUB_ACTION_PATH: bare, GITHUB_WORKSPACE: bare })).toThrow(/is not built: run npm ci and npm run build/);
    rmSync(bare, { recursive: true, force: true });
  });

  it('writes a value that spans lines as a delimited block', () => {
    expect(outputEntry('a', 'b')).toBe('a=b\n');
    const block = outputEntry('p', 'x\ny=z');
    expect(readOutputsOf(block)).toEqual({ p: 'x\ny=z' });
  });
});

function readOutputsOf(text: string): Record<string, string> {
  const path = join(mkdtempSync(join(tmpdir(), 'mcpc-out-')), 'o');
  writeFileSync(path, text);
  return readOutputs(path);
}

describe('the action script, run as the runner runs it, on the reference server', () => {
  let reference: ActionRun;
  let defect: ActionRun;
  const common = { 'spec-version': '2025-11-25' };

  beforeAll(async () => {
    [reference, defect] = await Promise.all([
      runAction({ ...common, command: `node ${referenceServer}`, args: '--scenario\nlifecycle\n--scenario\nbase' }),
      runAction({ ...common, command: `node ${referenceServer} --defect ping-error`, reporters: 'console,badge', args: '--scenario\nbase' }),
    ]);
  }, 240_000);

  afterAll(() => {
    for (const run of [reference, defect]) if (run) rmSync(join(run.outDir, '..'), { recursive: true, force: true });
  });

  it('a conformant server: exit 0, every declared output set, the reports written, the job summary appended', () => {
    expect(reference.code, reference.stderr).toBe(0);
    expect(reference.stderr).toContain('mcp-conformance action: running the checked-out build (dist/runner/cli/main.js)');
    expect(Object.keys(reference.outputs).sort()).toEqual(Object.keys(action.outputs).sort());
    expect(reference.outputs).toEqual({
      verdict: 'conformant',
      'must-pass-rate': '100',
      'should-pass-rate': '100',
      'exit-code': '0',
      report: join(reference.outDir, 'report.json'),
      'out-dir': reference.outDir,
    });
    for (const file of ['report.json', 'junit.xml', 'index.html', 'badge.svg', 'badge.json', 'summary.md']) expect(existsSync(join(reference.outDir, file)), file).toBe(true);
    expect(reference.summary.split('\n')[0]).toBe('## MCP conformance: ✅ conformant');
    expect(reference.summary).toBe(readFileSync(join(reference.outDir, 'summary.md'), 'utf8'));
  });

  it('a defect: exit 1, non-conformant, the MUST pass rate of the badge, the failure in the job summary', () => {
    expect(defect.code, defect.stderr).toBe(1);
    const report = JSON.parse(readFileSync(defect.outputs.report!, 'utf8')) as Report;
    const checks = report.scenarios.flatMap((s) => s.checks);
    const must = passRate(checks, 'must');
    expect(must.percent).toBeLessThan(100);
    expect(defect.outputs).toMatchObject({ verdict: 'non-conformant', 'exit-code': '1', 'must-pass-rate': String(must.percent) });
    expect(defect.summary.split('\n')[0]).toBe('## MCP conformance: ❌ non-conformant');
    expect(defect.summary).toContain('### Failed checks');
    expect(readFileSync(join(defect.outDir, 'badge.json'), 'utf8')).toContain(`"message": "server ${must.percent}% MUST"`);
  });

  it("the project CI's check step accepts these outputs", async () => {
    const check = steps(workflows['ci.yml']!).find((s) => s.name === "Check the action's outputs")!;
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(check.env!)) {
      const m = /^\$\{\{ steps\.(reference|defect)\.(outputs\.([\w-]+)|outcome) \}\}$/.exec(value);
      expect(m, value).not.toBeNull();
      const run = m![1] === 'reference' ? reference : defect;
      env[name] = m![3] ? run.outputs[m![3]]! : run.code === 0 ? 'success' : 'failure';
    }
    await expect(exec('bash', ['-c', check.run!], { env: { PATH: process.env.PATH, ...env } })).resolves.toBeDefined();
    // And it would catch a defect passing.
    await expect(exec('bash', ['-c', check.run!], { env: { PATH: process.env.PATH, ...env, DEFECT_VERDICT: 'conformant' } })).rejects.toThrow();
  });

  it("the example workflow's badge step publishes the badges as the one commit of a badges branch", async () => {
    const publish = steps(workflows['example-conformance.yml']!).find((s) => s.name === 'Publish the badges to the badges branch')!;
    const temp = mkdtempSync(join(tmpdir(), 'mcpc-badges-'));
    const git = (cwd: string, ...args: string[]) => exec('git', args, { cwd });
    await git(temp, 'init', '-q', '--bare', 'origin.git');
    await git(temp, 'clone', '-q', 'origin.git', 'work');
    const work = join(temp, 'work');
    writeFileSync(join(work, 'README.md'), 'server\n');
    await git(work, 'add', 'README.md');
    await git(work, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'main');
    mkdirSync(join(temp, 'runner'));
    const env = { PATH: process.env.PATH, HOME: temp, OUT_DIR: reference.outDir, RUNNER_TEMP: join(temp, 'runner'), GITHUB_SHA: 'abc123' };
    for (let i = 0; i < 2; i++) await exec('bash', ['-c', publish.run!], { cwd: work, env });
    const origin = join(temp, 'origin.git');
    const { stdout: files } = await git(origin, 'ls-tree', '-r', '--name-only', 'badges');
    expect(files.trim().split('\n')).toEqual(['badge.json', 'badge.svg', 'badges/server-2025-11-25.json', 'badges/server-2025-11-25.svg']);
    expect((await git(origin, 'rev-list', '--count', 'badges')).stdout.trim()).toBe('1');
    expect((await git(origin, 'show', 'badges:badge.json')).stdout).toBe(readFileSync(join(reference.outDir, 'badge.json'), 'utf8'));
    expect((await git(work, 'status', '--porcelain')).stdout).toBe('');
    rmSync(temp, { recursive: true, force: true });
  });

  it('a usage mistake: exit 2 and verdict error, with no report', async () => {
    const run = await runAction({ command: `node ${referenceServer}`, 'fail-on': 'sometimes' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/fail-on/);
    expect(run.outputs).toMatchObject({ verdict: 'error', 'exit-code': '2', report: '' });
    const none = await runAction({});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('mcp-conformance action: give the server to test');
    expect(none.outputs).toMatchObject({ verdict: 'error', 'exit-code': '2' });
  });
});
