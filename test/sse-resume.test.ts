/**
 * The SSE, resumption and polling scenarios against real servers on 127.0.0.1: the reference
 * polling (each POST stream's connection closed after its priming event, the rest delivered on
 * resumption) passes them all, with the polling and replay checks really made; an SDK 1.x server with
 * the SDK's example event store and server-everything's Streamable HTTP have their verdicts pinned,
 * each failure explained where it is listed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTO_CHECKS } from '../runner/engine/auto-checks.js';
import type { HttpTarget } from '../fixtures/process.js';
import { duplicateEventIds, messagesOnTwoStreams, streamChains } from '../runner/api/sse.js';
import { SseStream, type SseEvent } from '../runner/transports/sse.js';
import type { HttpExchange } from '../runner/transports/streamable-http.js';
import { startEverythingHttp } from '../fixtures/third-party/everything.js';
import { startSdkHttp } from '../fixtures/third-party/sdk.js';
import type { Report } from '../reports/types.js';
import { erroredItems, root, runCli, startReferenceHttp } from './support/cli.js';

const SCENARIOS = ['http/sse-streams', 'http/resume', 'http/sse-polling'].flatMap((s) => ['--scenario', s]);

/** The automatic checks every scenario carries (schema, UTF-8): judged elsewhere. */
const AUTOMATIC = new Set(AUTO_CHECKS.map((auto) => auto.id));

/** `revision scenario#check status` of every check the scenarios declare, sorted. */
function verdicts(report: Report): string[] {
  return report.scenarios
    .flatMap((s) => s.checks.filter((c) => !AUTOMATIC.has(c.id)).map((c) => `${s.revision} ${s.id.split('/').slice(-2).join('/')}#${c.id} ${c.status}`))
    .sort();
}

async function run(server: HttpTarget, revisions: string): Promise<Report> {
  try {
    const cli = await runCli(['server', '--url', server.url, '--spec-version', revisions, '--jobs', '2', ...SCENARIOS], { timeoutMs: 120_000 });
    expect(cli.report, cli.stderr).toBeDefined();
    return cli.report!;
  } finally {
    await server.stop();
  }
}

/** An exchange that got an SSE stream of these events (each `[id, data]`), `lastEventId` sent when it resumes. */
function exchange(method: 'POST' | 'GET', events: [string | undefined, string][], lastEventId?: string): HttpExchange {
  const sse = new SseStream(() => undefined);
  let seq = Math.floor(Math.random() * 1e6);
  const frames = events.flatMap(([id, data]) => {
    const event: SseEvent = { ...(id !== undefined ? { id } : {}), data, seq: ++seq };
    sse.add(event);
    return data === '' ? [] : [{ raw: data, value: JSON.parse(data) as unknown, lane: `${method}-sse`, seq }];
  });
  const requestHeaders: Record<string, string> = lastEventId !== undefined ? { 'last-event-id': lastEventId } : {};
  return { method, requestHeaders, headers: {}, contentType: 'text/event-stream', body: '', frames, sse, seq: 0 };
}

const pong = (id: string): string => JSON.stringify({ jsonrpc: '2.0', id, result: {} });
const progress = (token: string, n: number): string => JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: n } });

describe('reading the streams of a session', () => {
  it('chains each resumption to the stream its Last-Event-ID belongs to, and leaves resumptions out of the one-stream and unique-id rules', () => {
    const a = exchange('POST', [['a0', ''], ['a1', progress('a', 1)]]);
    const b = exchange('POST', [['b0', ''], ['b1', pong('b')]]);
    const resumedA = exchange('GET', [['a1', progress('a', 1)], ['a2', pong('a')]], 'a0');
    const chains = streamChains([a, b, resumedA]);
    expect(chains.map((c) => c.links.length)).toEqual([2, 1]);
    // A replay repeats an event (its id and message): no clash, no message on two streams.
    expect(duplicateEventIds([a, b, resumedA])).toEqual([]);
    expect(messagesOnTwoStreams([a, b, resumedA])).toEqual([]);
  });

  it('finds an id given by two streams, and a message sent on two', () => {
    const a = exchange('POST', [['0', ''], ['1', progress('a', 1)]]);
    const get = exchange('GET', [['0', ''], ['2', progress('a', 1)]]);
    expect(duplicateEventIds([a, get]).map((d) => d.id)).toEqual(['0']);
    expect(messagesOnTwoStreams([a, get]).map((m) => m.key)).toEqual([`notification ${progress('a', 1)}`]);
  });
});

describe.concurrent('SSE streams and their resumption, on real servers', () => {
  it('the reference polling over SSE passes every check, the polling and replay ones made', async () => {
    const report = await run(await startReferenceHttp(undefined, ['--sse', '--poll']), '2025-11-25');
    expect(erroredItems(report)).toEqual([]);
    expect(verdicts(report)).toEqual(
      [
        'http/resume#replays-only-that-stream',
        'http/sse-polling#priming-event',
        'http/sse-polling#retry-before-close',
        'http/sse-streams#event-ids-unique',
        'http/sse-streams#message-on-one-stream',
        'http/sse-streams#no-response-on-get-stream',
        'http/sse-streams#response-on-request-stream',
        'http/sse-streams#stream-closed-after-response',
      ].map((key) => `2025-11-25 ${key} passed`),
    );
  });

  it('a server on @modelcontextprotocol/sdk 1.x with the SDK\'s example event store resumes each stream on its own', async () => {
    const report = await run(await startSdkHttp(join(root, 'dist'), { eventStore: true }), '2025-11-25');
    expect(erroredItems(report)).toEqual([]);
    // Its store replays only the events of the stream the Last-Event-ID names: the same transport as
    // server-everything's, with another store, passes.
    expect(verdicts(report)).toEqual(
      [
        'http/resume#replays-only-that-stream passed',
        'http/sse-polling#priming-event passed',
        'http/sse-polling#retry-before-close skipped',
        'http/sse-streams#event-ids-unique passed',
        'http/sse-streams#message-on-one-stream passed',
        'http/sse-streams#no-response-on-get-stream passed',
        'http/sse-streams#response-on-request-stream passed',
        'http/sse-streams#stream-closed-after-response passed',
      ].map((key) => `2025-11-25 ${key}`),
    );
  });

  it('@modelcontextprotocol/server-everything (streamableHttp) replays another stream\'s messages on resumption', async () => {
    const report = await run(await startEverythingHttp(), 'all');
    expect(erroredItems(report)).toEqual([]);
    const at = (revisions: string[], key: string, status: string): string[] => revisions.map((r) => `${r} ${key} ${status}`);
    const ALL = ['2025-03-26', '2025-06-18', '2025-11-25'];
    expect(verdicts(report)).toEqual(
      [
        // MUST NOT (basic/transports#resumability-and-redelivery): "The server MUST NOT replay messages
        // that would have been delivered on a different stream." Its InMemoryEventStore replays every
        // event stored after Last-Event-ID, whatever stream it was stored for: the response to a ping
        // POSTed on another stream comes back on the resumed one.
        ...at(ALL, 'http/resume#replays-only-that-stream', 'failed'),
        ...at(ALL, 'http/sse-streams#event-ids-unique', 'passed'),
        ...at(ALL, 'http/sse-streams#message-on-one-stream', 'passed'),
        ...at(ALL, 'http/sse-streams#no-response-on-get-stream', 'passed'),
        ...at(ALL, 'http/sse-streams#response-on-request-stream', 'passed'),
        ...at(ALL, 'http/sse-streams#stream-closed-after-response', 'passed'),
        // Its streams prime at 2025-11-25; it never closes a stream early, so there is no retry to judge.
        '2025-11-25 http/sse-polling#priming-event passed',
        '2025-11-25 http/sse-polling#retry-before-close skipped',
      ].sort(),
    );
  });
});
