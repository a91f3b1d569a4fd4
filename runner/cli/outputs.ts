/**
 * Performs reporters' outputs: the only place report formats touch stdout, files and the environment.
 * Reporters are pure (reports/index.ts); here each one is rendered and written in isolation, so a reporter
 * that throws, returns a bad path, or cannot be written is reported on stderr and the others still run.
 */
import { accessSync, appendFileSync, constants, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, win32 } from 'node:path';
import type { RenderOptions, Reporter, ReporterOutput } from '../../reports/index.js';
import type { Report } from '../../reports/types.js';

/** Where outputs go: the process by default; tests pass captures. */
export interface OutputIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment that `append` outputs look their target file up in. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface WriteReportsOptions {
  /** The output folder (`--out`); `file` outputs are written under it. Created only when a file is written. */
  outDir: string;
  render: RenderOptions;
  /** Defaults to the process's stdout, stderr and environment. */
  io?: OutputIo;
  /** When given, the absolute path of every file written is appended to it, in order (for telling the user). */
  written?: string[];
}

/** A reporter that failed, with the one-line reason printed on stderr. */
export interface ReporterFailure {
  reporter: string;
  message: string;
}

/** The output folder cannot be used (cannot be created, written, or cleared): the user's to fix, exit code 2. */
export class OutDirError extends Error {
  override readonly name = 'OutDirError';
}

/** A reporter broke the output contract; reported as that reporter's failure, never blamed on the target. */
class ContractError extends Error {
  override readonly name = 'ContractError';
}

type Planned =
  | { kind: 'stdout'; text: string }
  | { kind: 'file'; target: string; content: string }
  | { kind: 'append'; env: string; content: string };

/**
 * Renders each named reporter of `registry` and performs its outputs, in order. Every failure (the reporter
 * threw, returned an output breaking the contract, or an output could not be written) is printed at once to
 * stderr as one line naming the reporter, and the remaining reporters still run.
 * @returns the failures, in order; empty when every output was performed (or skipped, for an `append` whose
 *   variable is unset). See {@link exitCodeAfterReports}.
 */
export function writeReports<N extends string>(
  report: Report,
  names: readonly N[],
  registry: Readonly<Record<N, Reporter<N>>>,
  options: WriteReportsOptions,
): ReporterFailure[] {
  const io = options.io ?? processIo();
  const outDir = resolve(options.outDir);
  const failures: ReporterFailure[] = [];
  const fail = (reporter: string, message: string): void => {
    const failure = { reporter, message: message.replace(/\s*\r?\n\s*/g, ' ').trim() };
    failures.push(failure);
    io.stderr(`mcp-conformance: reporter "${failure.reporter}" failed: ${failure.message}\n`);
  };
  // Two outputs writing one file would silently keep only the last: a registry bug worth naming.
  const written = new Set<string>();

  for (const name of names) {
    let planned: Planned[];
    try {
      const reporter = registry[name];
      const outputs = reporter.render(report, options.render);
      if (!Array.isArray(outputs)) throw new ContractError('render did not return a list of outputs');
      planned = plan(outputs, outDir, written, reporter.files);
    } catch (error) {
      fail(name, error instanceof ContractError ? `harness bug: ${error.message}` : `threw: ${describe(error)}`);
      continue;
    }
    for (const output of planned) {
      try {
        perform(output, io);
        if (output.kind === 'file') options.written?.push(output.target);
      } catch (error) {
        fail(name, `${whereTo(output, io)}: ${describe(error)}`);
      }
    }
  }
  return failures;
}

/** The process's exit code once reports are written: 3 (harness error) when any reporter failed, else the run's. */
export function exitCodeAfterReports(runExitCode: number, failures: readonly ReporterFailure[]): number {
  return failures.length > 0 ? 3 : runExitCode;
}

/**
 * Makes the output folder ready before a run: creates it, checks that it is writable, and removes the files
 * the chosen reporters write (see {@link Reporter.files}), so that a run which ends before writing them
 * cannot leave the previous run's copy looking like its own. Nothing else in the folder is touched.
 * @throws OutDirError with a one-line reason naming the folder (the CLI maps it to a usage error, exit code 2).
 */
export function prepareOutDir<N extends string>(outDir: string, names: readonly N[], registry: Readonly<Record<N, Reporter<N>>>): void {
  const folder = resolve(outDir);
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new OutDirError(`cannot use ${folder} as the output folder (--out): ${describe(error)}`, { cause: error });
  }
  for (const name of names) {
    for (const path of registry[name].files) {
      const target = fileTarget(folder, path);
      try {
        rmSync(target, { force: true });
      } catch (error) {
        throw new OutDirError(`cannot remove the previous ${target} (--out): ${describe(error)}`, { cause: error });
      }
    }
  }
}

/** Checks a reporter's outputs before any is performed, so a reporter breaking the contract writes nothing. */
function plan(outputs: readonly ReporterOutput[], outDir: string, written: Set<string>, declared: readonly string[]): Planned[] {
  const planned = outputs.map((output): Planned => {
    switch (output.kind) {
      case 'stdout':
        return output;
      case 'append':
        return output;
      case 'file':
        if (!declared.includes(output.path)) {
          // Checked after the path itself, so an escaping path is reported as what it is.
          fileTarget(outDir, output.path);
          throw new ContractError(`file ${JSON.stringify(output.path)} is not among the files it declares`);
        }
        return { kind: 'file', target: fileTarget(outDir, output.path), content: output.content };
      default:
        throw new ContractError(`unknown output kind ${JSON.stringify((output as { kind?: unknown }).kind)}`);
    }
  });
  const targets = planned.flatMap((p) => (p.kind === 'file' ? [p.target] : []));
  for (const [i, target] of targets.entries()) {
    if (written.has(target) || targets.indexOf(target) !== i) throw new ContractError(`${target} is written twice`);
  }
  for (const target of targets) written.add(target);
  return planned;
}

/** The absolute path of a `file` output, which must be a relative path of plain names separated by `/`. */
function fileTarget(outDir: string, path: string): string {
  const segments = path.split('/');
  const plain = segments.every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\\') && !s.includes('\0'));
  if (isAbsolute(path) || win32.isAbsolute(path) || !plain) {
    throw new ContractError(`file path ${JSON.stringify(path)} is not a relative path inside the output folder`);
  }
  return join(outDir, ...segments);
}

function perform(output: Planned, io: OutputIo): void {
  switch (output.kind) {
    case 'stdout':
      io.stdout(output.text.endsWith('\n') ? output.text : `${output.text}\n`);
      return;
    case 'file':
      writeAtomically(output.target, output.content);
      return;
    case 'append': {
      const path = io.env[output.env];
      if (path) appendFileSync(path, output.content, 'utf8');
      return;
    }
  }
}

/**
 * Writes through a temporary file and a rename, so a failed write never leaves a truncated file behind: the
 * file may be the very report.json that `report --from` is re-rendering. Creates the folders it needs.
 */
export function writeAtomically(target: string, content: string): void {
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, content, 'utf8');
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The write's own error is the one worth reporting.
    }
    throw error;
  }
}

function whereTo(output: Planned, io: OutputIo): string {
  switch (output.kind) {
    case 'stdout':
      return 'cannot print to stdout';
    case 'file':
      return `cannot write ${output.target}`;
    case 'append':
      return `cannot append to ${io.env[output.env] ?? ''} (named by ${output.env})`;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

function processIo(): OutputIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
  };
}
