import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { launch, type LaunchedProcess } from '../runner/util/process.js';
import { StdioChannel } from '../runner/transports/stdio.js';
import type { Revision } from '../runner/revisions.js';
import { getValidator } from '../runner/validation/validator.js';
import type { JsonObject } from '../runner/util/json.js';
import { RpcSession, type PeerRequestHandler, type Received } from '../runner/wire/session.js';
import { Transcript } from '../runner/util/transcript.js';

// RpcSession over a real StdioChannel to a real child (test/support/peer-rules.mjs, rules in its header).

const PEER = fileURLToPath(new URL('./support/peer-rules.mjs', import.meta.url));
const processes: LaunchedProcess[] = [];

async function open(opts: { timeoutMs?: number; revision?: Revision; onPeerRequest?: PeerRequestHandler } = {}): Promise<RpcSession> {
  const proc = await launch({ command: `${JSON.stringify(process.execPath)} ${JSON.stringify(PEER)}` });
  processes.push(proc);
  const channel = new StdioChannel(proc, new Transcript('stdio'));
  return new RpcSession(channel, {
    validator: getValidator(opts.revision ?? '2025-11-25'),
    requestTimeoutMs: opts.timeoutMs ?? 5000,
    ...(opts.onPeerRequest ? { onPeerRequest: opts.onPeerRequest } : {}),
  });
}

afterEach(async () => {
  for (const proc of processes.splice(0)) {
    await proc.stop(500);
    expect(() => process.kill(proc.pid!, 0)).toThrow();
  }
});

const isNotification = (method: string) => (r: Received) => r.classified?.kind === 'notification' && r.classified.message.method === method;

/** The messages the peer reported receiving from us (it echoes every response back as peer/saw). */
function sawMessage(r: Received | undefined): JsonObject | undefined {
  if (r?.classified?.kind !== 'notification') return undefined;
  return r.classified.message.params?.message as JsonObject | undefined;
}

describe('RpcSession correlation', () => {
  it('settles concurrent requests by id, whatever order the answers come in', async () => {
    const session = await open();
    const [slow, fast, middle] = await Promise.all([
      session.request('echo', { tag: 'slow', delayMs: 80 }),
      session.request('echo', { tag: 'fast' }),
      session.request('echo', { tag: 'middle', delayMs: 40 }),
    ]);
    const tagOf = (r: typeof slow) => (r.kind === 'result' ? (r.result.echo as JsonObject).tag : r.kind);
    expect([tagOf(slow), tagOf(fast), tagOf(middle)]).toEqual(['slow', 'fast', 'middle']);
    expect(session.unsolicited).toEqual([]);
    expect(session.violations).toEqual([]);
  });

  it('matches the id with its type: "7" does not answer 7 and lands in unsolicited', async () => {
    const session = await open();
    const reply = await session.request('wrong-id-type', undefined, { id: 7, timeoutMs: 300 });
    expect(reply).toEqual({ kind: 'timeout', afterMs: 300 });
    // Under load the stray answer may come after the timeout: wait for the frame, not the clock.
    const stringSeven = (r: Received) => r.classified?.kind === 'result' && r.classified.message.id === '7';
    expect(await session.waitFor(stringSeven, 10_000)).toBeDefined();
    expect(session.unsolicited).toHaveLength(1);
    const stray = session.unsolicited[0]!;
    expect(stray.classified?.kind).toBe('result');
    expect(stray.classified?.kind === 'result' && stray.classified.message.id).toBe('7');
    // A well-formed response with a foreign id is not a schema violation; it is just unsolicited.
    expect(session.violations).toEqual([]);

    // The string id "7" is a different request, and its own string answer settles it.
    const echoed = await session.request('echo', { tag: 'string-seven' }, { id: '7' });
    expect(echoed.kind === 'result' && echoed.message.id).toBe('7');
    expect(session.unsolicited).toHaveLength(1);
  });

  it('resolves a silent request as a timeout after the per-request or the session default limit', async () => {
    const session = await open({ timeoutMs: 150 });
    const started = Date.now();
    expect(await session.request('silent')).toEqual({ kind: 'timeout', afterMs: 150 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await session.request('silent', undefined, { timeoutMs: 50 })).toEqual({ kind: 'timeout', afterMs: 50 });
  });

  it('resolves as closed when the peer exits mid-request, and refuses further requests', async () => {
    const session = await open();
    const waiting = session.waitFor(isNotification('never/sent'), 5000);
    const reply = await session.request('exit');
    expect(reply.kind).toBe('closed');
    expect(reply.kind === 'closed' && reply.reason).toMatch(/exited \(code 3\)/);
    expect(session.closed).toBe(true);
    expect(await waiting).toBeUndefined();
    const after = await session.request('echo', {});
    expect(after.kind).toBe('closed');
  });

  it('delivers each element of a batch response, flagging the batch where the revision has none', async () => {
    for (const [revision, violations] of [['2025-11-25', 1], ['2025-03-26', 0]] as const) {
      const session = await open({ revision });
      const [a, b] = await Promise.all([session.request('hold', {}, { id: 'a' }), session.request('hold', {}, { id: 'b' })]);
      expect(a.kind === 'result' && a.result).toEqual({ held: 'a' });
      expect(b.kind === 'result' && b.result).toEqual({ held: 'b' });
      const responses = session.received.filter((r) => r.classified?.kind === 'result');
      expect(responses).toHaveLength(2);
      expect(responses[0]!.frame.seq).toBe(responses[1]!.frame.seq);
      expect(session.violations).toHaveLength(violations);
      if (violations) expect(session.violations[0]!.issues[0]!.message).toMatch(/no JSON-RPC batches/);
    }
  });
});

describe('RpcSession and peer requests', () => {
  it('answers ping with {} and an unknown method with -32601', async () => {
    const session = await open();
    await session.notify('ask');
    const pingAnswer = await session.waitFor((r) => sawMessage(r)?.id === 'srv-ping', 3000);
    const oddAnswer = await session.waitFor((r) => sawMessage(r)?.id === 'srv-odd', 3000);
    expect(sawMessage(pingAnswer)).toEqual({ jsonrpc: '2.0', id: 'srv-ping', result: {} });
    expect(sawMessage(oddAnswer)).toMatchObject({ jsonrpc: '2.0', id: 'srv-odd', error: { code: -32601 } });
    expect(session.received.filter((r) => r.classified?.kind === 'request')).toHaveLength(2);
    expect(session.violations).toEqual([]);
    expect(session.harnessFaults).toEqual([]);
  });

  it('uses a custom onPeerRequest handler when given one', async () => {
    const session = await open({ onPeerRequest: async (request) => ({ result: { handled: request.method } }) });
    await session.notify('ask');
    const answer = await session.waitFor((r) => sawMessage(r)?.id === 'srv-odd', 3000);
    expect(sawMessage(answer)).toEqual({ jsonrpc: '2.0', id: 'srv-odd', result: { handled: 'peer/odd-request' } });
  });
});

describe('RpcSession validation', () => {
  it('records a schema violation for an initialize result without serverInfo, and still settles the request', async () => {
    const session = await open();
    const reply = await session.request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } });
    expect(reply.kind).toBe('result');
    expect(session.harnessFaults).toEqual([]);
    expect(session.violations).toHaveLength(1);
    const violation = session.violations[0]!;
    expect(violation.kind).toBe('schema');
    expect(violation.lane).toBe('stdout');
    expect(reply.kind === 'result' && violation.seq).toBe(reply.kind === 'result' && reply.seq);
    expect(JSON.stringify(violation.issues)).toMatch(/serverInfo/);
    expect(session.violationCount).toBe(1);
  });

  it('records a non-JSON line as a not-json violation and keeps going', async () => {
    const session = await open();
    const reply = await session.request('garbage');
    expect(reply.kind).toBe('result');
    expect(session.violations).toHaveLength(1);
    expect(session.violations[0]).toMatchObject({ kind: 'not-json', lane: 'stdout', raw: 'this is not json' });
    expect(session.received.some((r) => r.classified === undefined && r.frame.raw === 'this is not json')).toBe(true);
  });

  it('records a harness fault for an invalid frame sent via request, but not via sendRaw', async () => {
    const session = await open();
    const reply = await session.request('initialize', { protocolVersion: 5 } as JsonObject, { id: 'bad' });
    expect(reply.kind).toBe('result');
    expect(session.harnessFaults).toHaveLength(1);
    expect(session.harnessFaults[0]!.frame).toBe('{"jsonrpc":"2.0","id":"bad","method":"initialize","params":{"protocolVersion":5}}');
    expect(session.harnessFaults[0]!.issues.length).toBeGreaterThan(0);

    const raw = '{"jsonrpc":"2.0","id":"raw","method":"initialize","params":{"protocolVersion":5}}';
    expect(await session.sendRaw(raw)).toBeUndefined();
    const answer = await session.waitFor((r) => r.classified?.kind === 'result' && r.classified.message.id === 'raw', 3000);
    expect(answer).toBeDefined();
    expect(session.harnessFaults).toHaveLength(1);
    // Nobody was waiting for "raw": its answer is unsolicited.
    expect(session.unsolicited.map((r) => r.frame.seq)).toEqual([answer!.frame.seq]);
  });
});

describe('RpcSession.waitFor', () => {
  it('finds frames already received, frames still to come, and gives up after its timeout', async () => {
    const session = await open();
    const ready = await session.waitFor(isNotification('peer/ready'), 3000);
    expect(ready).toBeDefined();
    // A zero timeout can only succeed through the already-received path.
    expect(await session.waitFor(isNotification('peer/ready'), 0)).toBe(ready);
    const after = session.received.indexOf(ready!) + 1;
    expect(await session.waitFor(isNotification('peer/ready'), 50, after)).toBeUndefined();

    const future = session.waitFor((r) => sawMessage(r)?.id === 'srv-ping', 3000, after);
    await session.notify('ask');
    const seen = await future;
    expect(sawMessage(seen)).toEqual({ jsonrpc: '2.0', id: 'srv-ping', result: {} });
    expect(session.received.indexOf(seen!)).toBeGreaterThanOrEqual(after);
  });
});

describe('a target that exits before answering', () => {
  const NODE = JSON.stringify(process.execPath);
  /** Exits at once, saying why on stderr: the first write races the exit. */
  const QUICK_EXIT = `${NODE} -e "console.error('boom'); process.exit(3)"`;

  async function session(command: string): Promise<{ proc: LaunchedProcess; channel: StdioChannel; session: RpcSession }> {
    const proc = await launch({ command });
    processes.push(proc);
    const channel = new StdioChannel(proc, new Transcript('stdio'));
    return { proc, channel, session: new RpcSession(channel, { validator: getValidator('2025-11-25'), requestTimeoutMs: 10_000 }) };
  }

  it('is reported as its exit, with its code and stderr, even when the write fails first (EPIPE)', async () => {
    // Closes its stdin at once, then exits a little later: every write in between gets EPIPE,
    // and only the exit that follows says what happened.
    const { proc, channel, session: s } = await session(`${NODE} -e "require('fs').closeSync(0); console.error('boom'); setTimeout(() => process.exit(3), 100)"`);
    await new Promise((resolve) => proc.child.stderr.once('data', resolve));
    const reply = await s.request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } });
    expect(reply).toEqual({ kind: 'closed', reason: 'the target process exited (code 3)' });
    expect(channel.stderr).toBe('boom');
  });

  it('never yields a transport error when the first write races the exit (50 launches)', async () => {
    // Three timings, round robin: the write goes out at once, as the child is exiting (its stderr
    // has arrived), or after its exit event (its stdin pipe is certainly broken by then).
    // Five at a time, which is quicker and adds load, widening the race.
    const seen = new Map<string, number>();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < 50; i = next++) {
        const { proc, channel, session: s } = await session(QUICK_EXIT);
        if (i % 3 === 1) await new Promise((resolve) => proc.child.stderr.once('data', resolve));
        if (i % 3 === 2) await proc.exited;
        const reply = await s.request('ping');
        const summary = reply.kind === 'closed' ? `${reply.reason}; stderr ${JSON.stringify(channel.stderr)}` : JSON.stringify(reply);
        seen.set(summary, (seen.get(summary) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 5 }, worker));
    expect(Object.fromEntries(seen)).toEqual({ 'the target process exited (code 3); stderr "boom"': 50 });
  });
});
