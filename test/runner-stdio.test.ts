import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { launch, type LaunchedProcess } from '../runner/util/process.js';
import { FRAME_HEAD_BYTES } from '../runner/transports/frame-cap.js';
import { MAX_LINE_BYTES, StdioChannel } from '../runner/transports/stdio.js';
import type { InboundFrame } from '../runner/transports/types.js';
import { Transcript } from '../runner/util/transcript.js';

// StdioChannel on its own (no session) over real pipes to test/support/peer-rules.mjs.

const PEER = fileURLToPath(new URL('./support/peer-rules.mjs', import.meta.url));
const ORPHAN = fileURLToPath(new URL('./support/peer-orphan.mjs', import.meta.url));
const processes: LaunchedProcess[] = [];

interface Opened {
  channel: StdioChannel;
  transcript: Transcript;
  frames: InboundFrame[];
  /** Resolves once `n` frames (the peer/ready announcement included) have arrived. */
  frameCount(n: number): Promise<InboundFrame[]>;
}

async function open(args = JSON.stringify(PEER)): Promise<Opened> {
  const proc = await launch({ command: `${JSON.stringify(process.execPath)} ${args}` });
  processes.push(proc);
  const transcript = new Transcript('stdio');
  const channel = new StdioChannel(proc, transcript);
  const frames: InboundFrame[] = [];
  channel.onFrame((frame) => frames.push(frame));
  const frameCount = (n: number) => until(() => frames.length >= n).then(() => frames);
  return { channel, transcript, frames, frameCount };
}

/** Polls a condition every 5 ms; rejects after 5 s so a broken channel fails the test instead of hanging it. */
function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 5000;
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met within 5 s'));
      else setTimeout(check, 5);
    };
    check();
  });
}

afterEach(async () => {
  for (const proc of processes.splice(0)) {
    await proc.stop(500);
    expect(() => process.kill(proc.pid!, 0)).toThrow();
  }
});

const rpc = (id: number, method: string, params: object = {}) => JSON.stringify({ jsonrpc: '2.0', id, method, params });

describe('StdioChannel', () => {
  it('keeps stderr apart from frames, as a tail and on its own transcript lane, in order', async () => {
    const { channel, transcript, frames, frameCount } = await open();
    await frameCount(1); // peer/ready
    await channel.send(rpc(1, 'stderr', { lines: ['err one', 'err two'] }));
    await until(() => channel.stderr.includes('err two'));
    await channel.send(rpc(2, 'echo', { n: 2 }));
    await frameCount(2);

    expect(channel.stderr).toBe('err one\nerr two');
    expect(frames.map((f) => f.lane)).toEqual(['stdout', 'stdout']);
    expect(frames.every((f) => !f.raw.includes('err'))).toBe(true);
    expect(frames[1]!.value).toEqual({ jsonrpc: '2.0', id: 2, result: { echo: { n: 2 } } });

    const wire = transcript.entries.map((e) => [e.dir, e.lane, e.frame]);
    expect(wire).toEqual([
      ['recv', 'stdout', '{"jsonrpc":"2.0","method":"peer/ready","params":{}}'],
      ['send', 'stdin', rpc(1, 'stderr', { lines: ['err one', 'err two'] })],
      ['recv', 'stderr', 'err one'],
      ['recv', 'stderr', 'err two'],
      ['send', 'stdin', rpc(2, 'echo', { n: 2 })],
      ['recv', 'stdout', frames[1]!.raw],
    ]);
    const seqs = transcript.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(frames.map((f) => f.seq)).toEqual([seqs[0], seqs[5]]);
  });

  it('reports a line over MAX_LINE_BYTES once, as its size and head, drops it, and parses the lines after it', async () => {
    const { channel, transcript, frames, frameCount } = await open();
    await frameCount(1);
    await channel.send(rpc(1, 'huge', { bytes: MAX_LINE_BYTES + 4096 }));
    await frameCount(3);
    const [, dropped, after] = frames;
    expect(dropped!.oversize).toMatchObject({ bytes: MAX_LINE_BYTES + 4096, cap: MAX_LINE_BYTES });
    expect(dropped!.parseError).toBeUndefined();
    expect(dropped!.value).toBeUndefined();
    expect(dropped!.raw.length).toBe(FRAME_HEAD_BYTES);
    expect(dropped!.raw).toMatch(/^x+$/);
    expect(after!.parseError).toBeUndefined();
    expect(after!.value).toEqual({ jsonrpc: '2.0', id: 1, result: { after: 'huge' } });
    // Neither the frame nor the transcript holds the megabytes.
    expect(Math.max(...transcript.entries.map((e) => e.frame.length))).toBeLessThan(70 * 1024);
    // Nothing else came of the huge line: the next answer is the very next frame (a pipe keeps order).
    await channel.send(rpc(2, 'echo', { n: 2 }));
    await frameCount(4);
    expect(frames).toHaveLength(4);
    expect(frames[3]!.value).toEqual({ jsonrpc: '2.0', id: 2, result: { echo: { n: 2 } } });
  });

  it('tolerates CRLF line endings and reports a blank CRLF line without failing the next message', async () => {
    const { channel, frames, frameCount } = await open();
    await frameCount(1);
    await channel.send(rpc(4, 'crlf'));
    await frameCount(3);
    expect(frames[1]).toMatchObject({ raw: '\r', parseError: 'blank line on stdout', lane: 'stdout' });
    expect(frames[2]!.parseError).toBeUndefined();
    expect(frames[2]!.value).toEqual({ jsonrpc: '2.0', id: 4, result: { crlf: true } });
  });

  it('delivers a non-JSON line as a frame with parseError', async () => {
    const { channel, frames, frameCount } = await open();
    await frameCount(1);
    await channel.send(rpc(5, 'garbage'));
    await frameCount(3);
    expect(frames[1]).toMatchObject({ raw: 'this is not json', lane: 'stdout' });
    expect(frames[1]!.parseError).toMatch(/^not JSON: /);
    expect(frames[2]!.value).toEqual({ jsonrpc: '2.0', id: 5, result: {} });
  });

  it('reports the exit once, flushes an unterminated stderr line, and refuses to send afterwards', async () => {
    const { channel, transcript, frameCount } = await open();
    await frameCount(1);
    const reasons: string[] = [];
    channel.onClose((reason) => reasons.push(reason));
    await channel.send(rpc(6, 'partial-exit'));
    await until(() => channel.closed);
    expect(reasons).toEqual(['the target process exited (code 0)']);
    expect(channel.stderr).toBe('partial');
    const tail = transcript.entries.slice(-2).map((e) => [e.dir, e.lane, e.frame]);
    expect(tail).toEqual([
      ['recv', 'stderr', 'partial'],
      ['note', 'harness', 'process exited (code 0)'],
    ]);
    await expect(channel.send(rpc(7, 'echo'))).rejects.toThrow(/stdin of the target is closed/);
    // A listener added after the end hears about it at once.
    const late: string[] = [];
    channel.onClose((reason) => late.push(reason));
    expect(late).toEqual(reasons);
  });

  it('closeInput ends stdin, which a well-behaved peer answers by exiting', async () => {
    const { channel, transcript, frameCount } = await open();
    await frameCount(1);
    channel.closeInput();
    await until(() => channel.closed);
    expect(transcript.entries.map((e) => e.frame)).toContain('closed stdin');
    expect(await processes[0]!.exited).toEqual({ code: 0, signal: null });
  });

  it('reports an exit only once the pipes are read to their end, so the last stderr lines are kept', async () => {
    const { channel } = await open(`${JSON.stringify(ORPHAN)} late`);
    // What the channel knows at the moment it announces the end is what an error message can quote.
    const ended = new Promise<[string, string]>((resolve) => channel.onClose((reason) => resolve([reason, channel.stderr])));
    expect(await ended).toEqual(['the target process exited (code 3)', 'bye\nlast words']);
  });

  it('reports an exit within DRAIN_MS when a grandchild holds the pipes open', async () => {
    const { channel } = await open(`${JSON.stringify(ORPHAN)} linger`);
    const ended = new Promise<[string, string]>((resolve) => channel.onClose((reason) => resolve([reason, channel.stderr])));
    // Bounded by the test timeout: without the bound the channel would wait for the grandchild's minute.
    expect(await ended).toEqual(['the target process exited (code 3)', 'bye']);
  });
});
