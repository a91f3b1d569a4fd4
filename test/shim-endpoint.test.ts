import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { parse } from 'shell-quote';
import { afterEach, describe, expect, it } from 'vitest';
import { ShimEndpoint } from '../runner/targets/shim-endpoint.js';
import type { InboundFrame } from '../runner/transports/types.js';
import { Transcript } from '../runner/util/transcript.js';

// The {server} stand-in (dist/runner/cli/stdio-shim.js, built by `npm run build`) spawned for real, as a
// client would spawn it, against the harness's ShimEndpoint: a client that ends its server and spawns it
// again stays in one conversation.

const children: ChildProcessWithoutNullStreams[] = [];
let shim: ShimEndpoint | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await shim?.close();
  shim = undefined;
});

/** Spawns the stand-in as a client would, from `{server}`'s command line (no shell in between, so a signal reaches it). */
function spawnServer(endpoint: ShimEndpoint): ChildProcessWithoutNullStreams {
  const [command, ...args] = parse(endpoint.serverCommand).map(String);
  const child = spawn(command!, args, { stdio: 'pipe' });
  children.push(child);
  return child;
}

/** Resolves once `n` frames have arrived. */
function frames(endpoint: ShimEndpoint, n: number, into: InboundFrame[]): Promise<InboundFrame[]> {
  return new Promise((resolve) => {
    if (into.length >= n) return resolve(into);
    endpoint.onFrame(() => {
      if (into.length >= n) resolve(into);
    });
  });
}

describe('ShimEndpoint: a client that spawns its server more than once', () => {
  it('hears every spawn in order on one channel, refuses one spawned while another runs, and ends when the client exits', async () => {
    const transcript = new Transcript('stdio');
    shim = new ShimEndpoint(transcript);
    await shim.start();
    const received: InboundFrame[] = [];
    shim.onFrame((frame) => received.push(frame));

    // The probe: one request, then its stdin closed.
    const probe = spawnServer(shim);
    probe.stdin.write('{"jsonrpc":"2.0","id":0,"method":"server/discover"}\n');
    await frames(shim, 1, received);
    probe.stdin.end();
    await once(probe, 'exit');
    expect(shim.closed).toBe(false);

    // The session: same id again, answered through the stand-in's stdout.
    const server = spawnServer(shim);
    server.stdin.write('{"jsonrpc":"2.0","id":0,"method":"ping"}\n');
    await frames(shim, 2, received);
    const answer = once(server.stdout, 'data');
    await shim.send('{"jsonrpc":"2.0","id":0,"result":{}}');
    expect(String((await answer)[0])).toBe('{"jsonrpc":"2.0","id":0,"result":{}}\n');

    // A third one while the second still runs is refused.
    const intruder = spawnServer(shim);
    await once(intruder, 'exit');
    expect(shim.record.spawns).toBe(3);

    // The client signals the last one instead of closing its stdin, then exits.
    server.kill('SIGTERM');
    await once(server, 'exit');
    const reason = new Promise<string>((resolve) => shim!.onClose(resolve));
    shim.clientExited();
    expect(await reason).toMatch(/the client exited; .*\(the last of 2\) \(signal SIGTERM\)/);

    expect(received.map((f) => [f.spawn, (f.value as { method: string }).method])).toEqual([
      [1, 'server/discover'],
      [2, 'ping'],
    ]);
    expect(shim.record).toMatchObject({ connected: true, spawns: 3, ending: 'signal SIGTERM', servers: [{ ending: 'stdin-closed' }, { ending: 'signal SIGTERM' }] });
  });

  it('waits for the server still running when the client exits, and ends on its last word', async () => {
    shim = new ShimEndpoint(new Transcript('stdio'));
    await shim.start();
    const server = spawnServer(shim);
    const received: InboundFrame[] = [];
    shim.onFrame((frame) => received.push(frame));
    server.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    await frames(shim, 1, received);
    shim.clientExited();
    expect(shim.closed).toBe(false);
    const reason = new Promise<string>((resolve) => shim!.onClose(resolve));
    server.stdin.end();
    expect(await reason).toBe('the client exited; it ended its server (stdin-closed)');
    expect(shim.record.ending).toBe('stdin-closed');
  });
});
