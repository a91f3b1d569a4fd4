/** Running a compiled script of the repository (a fixture client) to its end, as a harness that gives it no stdin would. */
import { spawn } from 'node:child_process';

export interface ScriptExit {
  code: number | null;
  stderr: string;
}

/** Runs `node script ...args` with stdin at EOF and stdout ignored until it exits; `env` is merged over process.env. */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ScriptExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A safety net for a hung client, not a timing assertion: each run takes about a second.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
