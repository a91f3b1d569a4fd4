/**
 * Notifications of no request: the api helpers that find their route, wait for them and establish
 * their absence (on a scripted connection), and the end-to-end rule that a server refusing the GET
 * stream with 405 makes the checks that need it not applicable, never failed.
 */
import { describe, expect, it } from 'vitest';
import {
  awaitAnnouncement,
  isNotification,
  openNotificationRoute,
  quietAfter,
  type HttpExchange,
  type Received,
  type Reply,
  type ScenarioConnection,
} from '../runner/api/index.js';
import { classify } from '../runner/wire/jsonrpc.js';
import { runCli, startReferenceHttp } from './support/cli.js';

const UPDATED = { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'test://watched-resource' } };

function frame(value: Record<string, unknown>, seq: number, lane = 'stdout'): Received {
  return { frame: { raw: JSON.stringify(value), value, lane, seq }, classified: classify(value) };
}

/**
 * A connection whose target answers each ping (seq from `seq`) after `script` adds what the server
 * sends before that answer: enough of ScenarioConnection for these helpers.
 */
function scripted(script: (received: Received[], nextSeq: () => number) => void, http?: { status: number; contentType: string }): ScenarioConnection {
  const received: Received[] = [];
  let seq = 0;
  const nextSeq = (): number => ++seq;
  const pong = (): Reply => {
    script(received, nextSeq);
    const s = nextSeq();
    received.push(frame({ jsonrpc: '2.0', id: s, result: {} }, s));
    return { kind: 'result', result: {}, message: { jsonrpc: '2.0', id: s, result: {} }, seq: s };
  };
  const exchange = (status: number, contentType: string): HttpExchange => ({ method: 'GET', requestHeaders: {}, status, headers: {}, contentType, body: '', frames: [], seq: nextSeq() });
  return {
    liveness: async () => pong(),
    mark: () => received.length,
    since: async (mark: number) => received.slice(mark),
    waitFor: async (test: (r: Received) => boolean, _ms: number, mark = 0) => received.slice(mark).find(test),
    http: http && { listen: async () => exchange(http.status, http.contentType) },
  } as unknown as ScenarioConnection;
}

describe('notification helpers', () => {
  it('isNotification matches the method and the given params only', () => {
    expect(isNotification(frame(UPDATED, 1), 'notifications/resources/updated', { uri: 'test://watched-resource' })).toBe(true);
    expect(isNotification(frame(UPDATED, 1), 'notifications/resources/updated', { uri: 'test://other' })).toBe(false);
    expect(isNotification(frame({ jsonrpc: '2.0', id: 1, result: {} }, 2), 'notifications/resources/updated')).toBe(false);
  });

  it('openNotificationRoute: stdio needs nothing; over HTTP the GET stream opens, or 405 makes the checks not apply', async () => {
    expect(await openNotificationRoute(scripted(() => undefined), 1000)).toEqual({ kind: 'stdio' });
    expect((await openNotificationRoute(scripted(() => undefined, { status: 200, contentType: 'text/event-stream' }), 1000)).kind).toBe('get-stream');
    const refused = await openNotificationRoute(scripted(() => undefined, { status: 405, contentType: 'application/json' }), 1000);
    expect(refused).toMatchObject({ kind: 'refused', reason: expect.stringContaining('405') });
    expect(await openNotificationRoute(scripted(() => undefined, { status: 500, contentType: '' }), 1000)).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('HTTP 500') });
  });

  it('an announcement before the ping answer on the ordered stream makes absence a matter of ordering', async () => {
    let sends = true;
    const connection = scripted((received, next) => {
      if (sends) received.push(frame(UPDATED, next()));
    });
    const test = (r: Received): boolean => isNotification(r, 'notifications/resources/updated');
    const announced = await awaitAnnouncement(connection, { kind: 'stdio' }, 0, test, 1000);
    expect(announced.found?.frame.seq).toBe(1);
    expect(announced.ordered).toBe(true);
    // Still sending: the late update shows before the sentinel's answer.
    const late = await quietAfter(connection, connection.mark(), announced);
    expect(late.frames.filter(test)).toHaveLength(1);
    expect(late.how).toMatch(/ordering/);
    sends = false;
    const none = await quietAfter(connection, connection.mark(), announced);
    expect(none.frames.filter(test)).toEqual([]);
  });

  it('an announcement on the GET stream gives no order: absence needs a quiet window', async () => {
    const connection = scripted((received, next) => {
      if (received.length === 0) received.push(frame(UPDATED, next(), 'GET-sse'));
    });
    const announced = await awaitAnnouncement(connection, { kind: 'get-stream', seq: 0 }, 0, (r) => isNotification(r, 'notifications/resources/updated'), 1000);
    expect(announced.ordered).toBe(false);
    expect(announced.windowMs).toBeGreaterThanOrEqual(500);
    expect((await quietAfter(connection, connection.mark(), announced)).how).toMatch(/quiet window of \d+ ms/);
  });
});

describe('a server that refuses the GET stream with 405', () => {
  it('gets the checks that need it not applicable, with the reason, never failed', async () => {
    const server = await startReferenceHttp(undefined, ['--no-get-stream']);
    try {
      const run = await runCli(['server', '--url', server.url, '--timeout', '3', '--spec-version', '2025-11-25', '--scenario', 'fixtures/subscriptions', '--scenario', 'fixtures/list-changed', '--scenario', 'roots/list-changed'], { timeoutMs: 60_000 });
      const checks = run.report!.scenarios.flatMap((s) => s.checks.filter((c) => !c.automatic));
      expect(checks.map((c) => c.id).sort()).toEqual(['none-after-unsubscribe', 'prompts-list-changed', 'resources-list-changed', 'roots-request-valid', 'tools-list-changed', 'updated-after-subscribe']);
      for (const check of checks) {
        expect(check.status, check.id).toBe('skipped');
        expect(JSON.stringify(check), check.id).toContain('405');
      }
      expect(run.code).toBe(0);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
