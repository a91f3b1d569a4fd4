/**
 * Runs command lines of the built CLI (dist/runner/cli/commands.js) for test/support/cli.ts `runInProcess`,
 * in a worker thread of the test's process: loaded once per test file, by Node as it is (not by Vite, and
 * without the test process's `--conditions`, so that `#api` resolves to dist/ as in the published CLI).
 */
import { parentPort } from 'node:worker_threads';

const { cli } = await import(new URL('../../dist/runner/cli/commands.js', import.meta.url).href);

parentPort.on('message', async ({ id, args, env }) => {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env,
    stdoutTTY: false,
    stderrTTY: false,
  };
  try {
    const code = await cli(args, io);
    parentPort.postMessage({ id, code, stdout, stderr });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error), stdout, stderr });
  }
});
