/**
 * Two real reports for the matrix self-tests: the reference server and the same server with the `ping-error`
 * defect, both over stdio at 2025-11-25, filtered to the base and lifecycle scenarios (so one column fails where
 * the other passes).
 */
import type { Report } from '../../reports/types.js';
import { referenceCommand, runCli, type CliRun } from './cli.js';

export const MATRIX_DEFECT = 'ping-error';

export interface MatrixRun extends CliRun {
  report: Report;
}

export async function matrixRuns(): Promise<[MatrixRun, MatrixRun]> {
  const args = ['--spec-version', '2025-11-25', '--scenario', 'base', '--scenario', 'lifecycle', '--reporter', 'json'];
  const runs = await Promise.all([undefined, MATRIX_DEFECT].map((defect) => runCli(['server', '--command', referenceCommand(defect), ...args])));
  for (const run of runs) if (!run.report) throw new Error(`no report.json: ${run.stderr}`);
  return runs as [MatrixRun, MatrixRun];
}
