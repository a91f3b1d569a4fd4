#!/usr/bin/env node
/**
 * The GitHub Action's logic (action.yml runs it in its one step). It reads the action's inputs from
 * INPUT_<NAME> environment variables (action.yml maps each input there: inputs never reach shell source),
 * runs mcp-conformance, and writes the step outputs and the job summary.
 *
 * Which mcp-conformance runs: when the action is this repository itself (`uses: ./`, its folder inside the
 * workspace), the checked-out build, dist/runner/cli/main.js (build it first); otherwise the published package,
 * `npx --yes mcp-conformance@<version>`, where version is the `version` input or this action's own
 * package.json version.
 *
 * Outputs: the run adds the `github-output` reporter (verdict, must-pass-rate, should-pass-rate, from the
 * report), `markdown` (it appends the summary to $GITHUB_STEP_SUMMARY) and `json`; this script adds
 * `exit-code`, `report` (the report.json path, empty when the run wrote none) and `out-dir`. The step's exit
 * code is the CLI's, so a non-conformant run fails the step.
 *
 * Node built-ins only: when the action is used from another repository, nothing of it is installed.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The action's inputs, as action.yml declares them. */
export const INPUTS = ['url', 'command', 'spec-version', 'baseline', 'reporters', 'fail-on', 'out', 'args', 'version'];

/** The outputs this script writes itself; the `github-output` reporter writes the others. */
export const SCRIPT_OUTPUTS = ['exit-code', 'report', 'out-dir'];

/** Reporters every action run adds to the `reporters` input: the report file, the job summary, the step outputs. */
export const ALWAYS_REPORTERS = ['json', 'markdown', 'github-output'];

/** The environment variable action.yml passes an input in: `spec-version` in INPUT_SPEC_VERSION. */
export function inputVariable(name) {
  return `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** A usage mistake in the inputs: exit code 2, like the CLI's. */
export class ActionError extends Error {
  name = 'ActionError';
}

/**
 * What to run for these inputs, without running it.
 * @param {Record<string, string | undefined>} env the step's environment
 * @returns {{ file: string, args: string[], launcher: string, outDir: string, reportPath: string }}
 */
export function actionPlan(env) {
  const input = (name) => (env[inputVariable(name)] ?? '').trim();
  const actionPath = resolve(env.GITHUB_ACTION_PATH || join(dirname(fileURLToPath(import.meta.url)), '..'));
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const url = input('url');
  const command = input('command');
  if (!url && !command) throw new ActionError('give the server to test: the `url` input, the `command` input, or both (command starts it, url is where it listens)');
  const out = input('out') || 'mcp-conformance-report';
  const outDir = resolve(workspace, out);
  const reporters = [...new Set([...input('reporters').split(','), ...ALWAYS_REPORTERS].map((r) => r.trim()).filter(Boolean))];
  const cliArgs = [
    'server',
    ...(command ? ['--command', command] : []),
    ...(url ? ['--url', url] : []),
    '--spec-version', input('spec-version') || 'auto',
    ...(input('baseline') ? ['--baseline', input('baseline')] : []),
    '--reporter', reporters.join(','),
    '--fail-on', input('fail-on') || 'should',
    '--out', outDir,
    // One argument per line, so that no quoting is needed and nothing is split by a shell.
    ...(env[inputVariable('args')] ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
  ];
  const inside = relative(workspace, actionPath);
  const local = inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
  if (local) {
    const cli = join(actionPath, 'dist', 'runner', 'cli', 'main.js');
    if (!existsSync(cli)) throw new ActionError(`the action runs from this checkout (uses: ./), but ${relative(workspace, cli)} is not built: run npm ci and npm run build before it`);
    return { file: process.execPath, args: [cli, ...cliArgs], launcher: `the checked-out build (${relative(workspace, cli)})`, outDir, reportPath: join(outDir, 'report.json') };
  }
  const version = input('version') || packageVersion(actionPath);
  if (!/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(version)) throw new ActionError(`the version input "${version}" is not a version or a dist-tag`);
  return { file: 'npx', args: ['--yes', `mcp-conformance@${version}`, ...cliArgs], launcher: `npx mcp-conformance@${version}`, outDir, reportPath: join(outDir, 'report.json') };
}

function packageVersion(actionPath) {
  try {
    return JSON.parse(readFileSync(join(actionPath, 'package.json'), 'utf8')).version;
  } catch (error) {
    throw new ActionError(`cannot read the action's version from ${join(actionPath, 'package.json')} (${error.message}); set the version input`);
  }
}

/**
 * One step output in $GITHUB_OUTPUT's syntax: `name=value`, or a delimited block when the value spans lines
 * (a path could), with a delimiter the value cannot contain.
 */
export function outputEntry(name, value) {
  if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Runs the plan with the step's stdio; resolves with the exit code (3 when it could not start or was killed). */
function execute(plan, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(plan.file, plan.args, { stdio: 'inherit', env });
    child.on('error', (error) => {
      process.stderr.write(`mcp-conformance action: cannot start ${plan.launcher}: ${error.message}\n`);
      resolvePromise(3);
    });
    child.on('close', (code) => resolvePromise(code ?? 3));
  });
}

async function main() {
  const env = process.env;
  const write = (text) => void (env.GITHUB_OUTPUT && appendFileSync(env.GITHUB_OUTPUT, text, 'utf8'));
  let plan;
  try {
    plan = actionPlan(env);
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    process.stderr.write(`mcp-conformance action: ${error.message}\n`);
    write(outputEntry('verdict', 'error') + outputEntry('exit-code', '2'));
    return 2;
  }
  // A report.json left by an earlier run must not pass for this run's, should this one stop before writing its own.
  rmSync(plan.reportPath, { force: true });
  process.stderr.write(`mcp-conformance action: running ${plan.launcher}\n`);
  const code = await execute(plan, env);
  const wrote = existsSync(plan.reportPath);
  // Without a report the reporters did not run (a usage error before the run), so no verdict was written.
  write((wrote ? '' : outputEntry('verdict', 'error')) + outputEntry('exit-code', String(code)) + outputEntry('report', wrote ? plan.reportPath : '') + outputEntry('out-dir', plan.outDir));
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`mcp-conformance action: ${error?.stack ?? error}\n`);
      process.exitCode = 3;
    },
  );
}
