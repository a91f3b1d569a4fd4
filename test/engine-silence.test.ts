/**
 * The run's silence breaker: on its own (what counts, what resets, what opens it), and wired into a
 * ServerConnection over a real stdio peer (test/support/peer-rules.mjs: `silent` is never answered,
 * `echo` and `initialize` are), where it must stop a scenario before anything more is sent.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerConnection } from '../runner/engine/connection.js';
import { ScenarioStop } from '../runner/engine/scenario.js';
import { SILENCE_LIMIT, SilenceBreaker } from '../runner/engine/silence.js';
import { StdioChannel } from '../runner/transports/stdio.js';
import { launch, type LaunchedProcess } from '../runner/util/process.js';
import { Transcript } from '../runner/util/transcript.js';
import { getValidator } from '../runner/validation/validator.js';

const REASON = (ms: number) => `the target stopped answering (3 requests in a row got no response within ${ms} ms)`;

/** What `fn` threw, as [kind, reason], or 'nothing'. */
function stopOf(fn: () => unknown): [string, string] | 'nothing' {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioStop) return [err.kind, err.message];
    throw err;
  }
  return 'nothing';
}

describe('SilenceBreaker', () => {
  it('opens after three requests in a row got no response, then blocks every send', () => {
    expect(SILENCE_LIMIT).toBe(3);
    const breaker = new SilenceBreaker();
    const watch = breaker.watch();
    for (let i = 0; i < 2; i++) watch.unanswered(watch.sent(), 100);
    expect(breaker.reason).toBeUndefined();
    watch.unanswered(watch.sent(), 100);
    expect(breaker.reason).toBe(REASON(100));
    expect(stopOf(() => watch.sent())).toEqual(['blocked', REASON(100)]);
    expect(stopOf(() => watch.check())).toEqual(['blocked', REASON(100)]);
    // Another scenario's watch is stopped too: the breaker belongs to the run.
    expect(stopOf(() => breaker.watch().check())).toEqual(['blocked', REASON(100)]);
  });

  it('starts counting again after any answer', () => {
    const breaker = new SilenceBreaker();
    const watch = breaker.watch();
    for (let i = 0; i < 2; i++) watch.unanswered(watch.sent(), 100);
    watch.sent();
    watch.answered();
    for (let i = 0; i < 2; i++) watch.unanswered(watch.sent(), 100);
    expect(breaker.reason).toBeUndefined();
  });

  it('counts requests that were waiting at the same time as one silence', () => {
    const breaker = new SilenceBreaker();
    const [a, b] = [breaker.watch(), breaker.watch()];
    // Parallel scenarios: five requests out together, all timing out together.
    const together = [a.sent(), b.sent(), a.sent(), b.sent(), a.sent()];
    for (const token of together) a.unanswered(token, 100);
    b.unanswered(b.sent(), 100);
    expect(breaker.reason).toBeUndefined();
    // Sent before an answer arrived, timed out after it: the answer came later, so it does not count.
    const before = a.sent();
    b.answered();
    a.unanswered(before, 100);
    a.unanswered(a.sent(), 100);
    b.unanswered(b.sent(), 100);
    expect(breaker.reason).toBeUndefined();
    b.unanswered(b.sent(), 100);
    expect(breaker.reason).toBe(REASON(100));
  });

  it('gives the notice to the scenario in which the target stopped answering, and to no other', () => {
    const breaker = new SilenceBreaker();
    const [early, opener, later] = [breaker.watch(), breaker.watch(), breaker.watch()];
    early.unanswered(early.sent(), 100);
    early.unanswered(early.sent(), 100);
    opener.unanswered(opener.sent(), 100);
    expect(opener.notice()).toBe(`${REASON(100)}: the harness sends it nothing more in this run, so the checks not made by then are not testable`);
    expect([early.notice(), later.notice()]).toEqual([undefined, undefined]);
  });
});

describe('ServerConnection with a silence watch', () => {
  const PEER = fileURLToPath(new URL('./support/peer-rules.mjs', import.meta.url));
  const processes: LaunchedProcess[] = [];

  afterEach(async () => {
    for (const proc of processes.splice(0)) await proc.stop(500);
  });

  async function connect(breaker: SilenceBreaker): Promise<{ connection: ServerConnection; transcript: Transcript }> {
    const proc = await launch({ command: `${JSON.stringify(process.execPath)} ${JSON.stringify(PEER)}` });
    processes.push(proc);
    const transcript = new Transcript('stdio');
    const connection = new ServerConnection(new StdioChannel(proc, transcript), '2025-11-25', getValidator('2025-11-25'), 5000, breaker.watch());
    return { connection, transcript };
  }

  const silent = { timeoutMs: 50 };

  it('counts request timeouts only: not quiet waits, waitFor, notifications, nor an answered handshake', async () => {
    const breaker = new SilenceBreaker();
    const { connection } = await connect(breaker);
    expect((await connection.request('silent', {}, silent)).kind).toBe('timeout');
    // The handshake is answered; that must not hide the silence around it.
    expect((await connection.initialize()).kind).toBe('result');
    const mark = connection.mark();
    expect(await connection.since(mark, 50)).toEqual([]);
    expect(await connection.waitFor(() => false, 50, mark)).toBeUndefined();
    expect(await connection.notify('notifications/conformance/unknown')).toBeUndefined();
    expect((await connection.request('silent', {}, silent)).kind).toBe('timeout');
    expect(breaker.reason).toBeUndefined();
    expect((await connection.request('silent', {}, silent)).kind).toBe('timeout');
    expect(breaker.reason).toBe(REASON(50));
  });

  it('starts counting again when a request gets any answer, an error included', async () => {
    const breaker = new SilenceBreaker();
    const { connection } = await connect(breaker);
    for (let i = 0; i < 2; i++) await connection.request('silent', {}, silent);
    expect((await connection.liveness()).kind).toBe('error'); // peer-rules has no ping: -32601 is still an answer
    for (let i = 0; i < 2; i++) await connection.request('silent', {}, silent);
    expect(breaker.reason).toBeUndefined();
  });

  it('once open, stops the scenario before anything more is sent, whatever the move', async () => {
    const breaker = new SilenceBreaker();
    const { connection, transcript } = await connect(breaker);
    // Three at once are one silence; then two more, one after the other.
    const together = await Promise.all([1, 2, 3].map(() => connection.request('silent', {}, silent)));
    expect(together.map((r) => r.kind)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(breaker.reason).toBeUndefined();
    // The request that opens the breaker still gets its own reply: its check is a genuine failure.
    for (let i = 0; i < 2; i++) expect((await connection.request('silent', {}, silent)).kind).toBe('timeout');
    expect(breaker.reason).toBe(REASON(50));

    const sent = transcript.entries.filter((e) => e.dir === 'send').length;
    const moves = [
      () => connection.request('echo'),
      () => connection.liveness(),
      () => connection.initialize(),
      () => connection.notify('notifications/conformance/unknown'),
      () => connection.sendRaw('{}'),
    ];
    for (const move of moves) await expect(move()).rejects.toEqual(new ScenarioStop('blocked', REASON(50)));
    expect(transcript.entries.filter((e) => e.dir === 'send')).toHaveLength(sent);
  });
});
