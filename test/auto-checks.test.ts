/** The automatic checks that hold a server to what was negotiated, on plain session data. */
import { describe, expect, it } from 'vitest';
import { evaluateAutoChecks } from '../runner/engine/auto-checks.js';
import type { JsonObject } from '../runner/util/json.js';
import { classify } from '../runner/wire/jsonrpc.js';
import type { Received, RpcSession } from '../runner/wire/session.js';

function session(frames: JsonObject[], handshake?: { local: JsonObject; peer: JsonObject }): RpcSession {
  const received: Received[] = frames.map((value, i) => ({ frame: { raw: JSON.stringify(value), value, lane: 'stdout', seq: i + 1 }, classified: classify(value) }));
  return { received, violations: [], violationCount: 0, handshake } as unknown as RpcSession;
}

const log = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } };
const changed = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' };
const roots = (id: number | string) => ({ jsonrpc: '2.0', id, method: 'roots/list' });
const ping = (id: number | string) => ({ jsonrpc: '2.0', id, method: 'ping' });

describe('capabilities against behaviour', () => {
  it('does not apply where nothing relevant was observed, nor without a handshake', () => {
    const quiet = evaluateAutoChecks([session([ping(1)], { local: {}, peer: {} }), session([log, changed, roots(1), roots(1)])], 'stdio');
    for (const id of ['logging-declared', 'capabilities-negotiated', 'request-ids-unique']) expect(quiet.get(id)).toHaveProperty('notApplicable');
  });

  it('passes what was declared, and fails what was not', () => {
    const declared = { local: { roots: {} }, peer: { logging: {}, tools: { listChanged: true } } };
    const ok = evaluateAutoChecks([session([log, changed, roots(1), ping(2)], declared)], 'stdio');
    expect(ok.get('logging-declared')).toMatchObject({ ok: true });
    expect(ok.get('capabilities-negotiated')).toMatchObject({ ok: true });
    expect(ok.get('request-ids-unique')).toMatchObject({ ok: true });

    const bare = evaluateAutoChecks([session([log, changed, roots('a'), ping('a')], { local: {}, peer: { tools: { listChanged: false } } })], 'stdio');
    expect(bare.get('logging-declared')).toMatchObject({ ok: false, frames: [1] });
    expect(bare.get('capabilities-negotiated')).toMatchObject({ ok: false, frames: [2, 3] });
    expect(bare.get('request-ids-unique')).toMatchObject({ ok: false, frames: [4], actual: ['"a" (ping)'] });
  });

  it('keeps ids per session, and 1 apart from "1"', () => {
    const twoSessions = evaluateAutoChecks([session([ping(1), ping('1')], { local: {}, peer: {} }), session([ping(1), ping(2)], { local: {}, peer: {} })], 'stdio');
    expect(twoSessions.get('request-ids-unique')).toMatchObject({ ok: true });
  });

  it('keeps ids per server process when a client spawned its server again ({server}), not within one', () => {
    const spawned = (spawns: number[]): RpcSession => {
      const s = session(spawns.map(() => ping(0)), { local: {}, peer: {} });
      s.received.forEach((r, i) => (r.frame.spawn = spawns[i]));
      return s;
    };
    expect(evaluateAutoChecks([spawned([1, 2])], 'stdio').get('request-ids-unique')).toMatchObject({ ok: true });
    expect(evaluateAutoChecks([spawned([2, 2])], 'stdio').get('request-ids-unique')).toMatchObject({ ok: false, frames: [2] });
  });
});

describe('a server cancels only listen streams (2026-07-28)', () => {
  const cancel = (requestId: number | string) => ({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId } });
  const sent = (methods: Record<string, string>): Partial<RpcSession> => ({ requestMethods: new Map(Object.entries(methods)) });

  it('does not apply without a cancellation, passes one that ends a listen, fails any other', () => {
    const quiet = evaluateAutoChecks([session([ping(1)])], 'stdio');
    expect(quiet.get('cancels-only-listens')).toHaveProperty('notApplicable');
    const harness = sent({ 'number:7': 'subscriptions/listen', 'number:8': 'tools/call' });
    const ended = evaluateAutoChecks([{ ...session([cancel(7)]), ...harness } as RpcSession], 'stdio');
    expect(ended.get('cancels-only-listens')).toMatchObject({ ok: true });
    // A tools/call of the harness, a listen id with the wrong type, and an id the harness never used.
    const stray = evaluateAutoChecks([{ ...session([cancel(8), cancel('7'), cancel(9)]), ...harness } as RpcSession], 'stdio');
    expect(stray.get('cancels-only-listens')).toMatchObject({ ok: false, frames: [1, 2, 3] });
  });
});
