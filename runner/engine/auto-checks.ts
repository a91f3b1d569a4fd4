import type { RequirementId } from '../../requirements/ids.js';
import { inRange, type Revision } from '../revisions.js';
import type { TransportKind } from '../transports/types.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import { META } from '../wire/request-meta.js';
import { idKey, type FrameViolation, type Received, type SessionRecord } from '../wire/session.js';
import type { Assertion, Role } from './scenario.js';

/** A check the engine makes in every scenario, from what the session layer observed on the wire. */
export interface AutoCheckDeclaration {
  id: string;
  requirement: RequirementId;
  roles: readonly Role[];
  /** Transports where it applies; all when absent. */
  transports?: readonly TransportKind[];
  /**
   * A watch: it judges something the target may or may not do in a scenario (send a log
   * notification, a request to the client), and appears only in scenarios where that happened.
   * Elsewhere it has nothing to judge, and listing it as not applicable in every scenario would
   * bury the skips that mean something.
   */
  watch?: true;
  /** The first revision with it, when later than 2024-11-05 (a check whose keyword changes is declared once per range). */
  since?: Revision;
  /** The first revision without it (its requirement is retired there); every revision when absent. */
  until?: Revision;
}

/** The automatic checks, as data: `list`, the catalogue self-test and the defect map read this. */
export const AUTO_CHECKS: readonly AutoCheckDeclaration[] = [
  { id: 'frames-schema-valid', requirement: 'schema/sender-messages-match-schema', roles: ['server', 'client'] },
  { id: 'stdout-only-mcp-messages', requirement: 'stdio/server-stdout-only-messages', roles: ['server'], transports: ['stdio'] },
  // A client under test over stdio writes to its stdout what a server would read on its stdin.
  { id: 'stdout-only-mcp-messages', requirement: 'stdio/client-stdin-only-messages', roles: ['client'], transports: ['stdio'] },
  { id: 'messages-utf8', requirement: 'transport/messages-utf8', roles: ['server', 'client'], since: '2025-03-26' },
  // Capabilities against behaviour: judged only in sessions that had a handshake, and only when the
  // target sent something a capability governs.
  { id: 'logging-declared', requirement: 'logging/server-declares-logging-to-emit', roles: ['server'], watch: true },
  // "Only use capabilities that were successfully negotiated": SHOULD until 2025-06-18, MUST from it.
  { id: 'capabilities-negotiated', requirement: 'lifecycle/server-should-use-negotiated-capabilities', roles: ['server'], watch: true, until: '2025-06-18' },
  { id: 'capabilities-negotiated', requirement: 'lifecycle/server-uses-negotiated-capabilities', roles: ['server'], watch: true, since: '2025-06-18' },
  { id: 'capabilities-negotiated', requirement: 'lifecycle/client-should-use-negotiated-capabilities', roles: ['client'], watch: true, until: '2025-06-18' },
  { id: 'capabilities-negotiated', requirement: 'lifecycle/client-uses-negotiated-capabilities', roles: ['client'], watch: true, since: '2025-06-18', until: '2026-07-28' },
  { id: 'request-ids-unique', requirement: 'base/sender-unique-request-ids', roles: ['server', 'client'], watch: true, until: '2026-07-28' },
  // What a client cancels: only its own requests, never initialize.
  { id: 'cancels-own-requests', requirement: 'cancellation/sender-cancels-own-requests', roles: ['client'], watch: true },
  { id: 'initialize-not-cancelled', requirement: 'cancellation/client-never-cancels-initialize', roles: ['client'], watch: true, until: '2026-07-28' },
  // A client's answers to the harness's requests (ping, roots, sampling, elicitation) carry their ids.
  { id: 'responses-match-requests', requirement: 'base/response-id-matches-request', roles: ['client'], watch: true },
  // What every result and error of the stateless revisions carries, or never carries.
  { id: 'results-carry-result-type', requirement: 'base/result-type', roles: ['server'], watch: true, since: '2026-07-28' },
  { id: 'results-name-server', requirement: 'base/server-info-in-results', roles: ['server'], watch: true, since: '2026-07-28' },
  { id: 'error-codes-defined', requirement: 'base/server-emits-defined-error-codes', roles: ['server'], watch: true, since: '2026-07-28' },
  // Multi round-trip requests: the server asks in its results, never by a request of its own.
  { id: 'no-server-requests', requirement: 'mrtr/server-asks-in-result', roles: ['server'], watch: true, since: '2026-07-28' },
  { id: 'input-required-not-empty', requirement: 'mrtr/server-input-required-not-empty', roles: ['server'], watch: true, since: '2026-07-28' },
  // A server's notifications/cancelled exists only to end a listen stream.
  { id: 'cancels-only-listens', requirement: 'cancellation/server-cancels-only-listens', roles: ['server'], watch: true, since: '2026-07-28' },
];

/** The automatic checks of a scenario of `role` over `transport` at `revision`. */
export function autoChecksFor(role: Role, transport: TransportKind, revision: Revision): AutoCheckDeclaration[] {
  return AUTO_CHECKS.filter(
    (c) => c.roles.includes(role) && (!c.transports || c.transports.includes(transport)) && inRange(revision, c.since ?? '2024-11-05', c.until),
  );
}

/** An automatic check with nothing to judge in this scenario: reported as not applicable. */
export interface NotObserved {
  notApplicable: string;
}

/**
 * What a message from the target uses, as data: the method, and the capability that must have been
 * declared for it (`target`: by the target itself; `harness`: by the harness, in its side of the
 * handshake). A server sends some of these methods and a client the others: the method says which.
 */
interface CapabilityUse {
  method: string;
  kind: 'notification' | 'request';
  declaredBy: 'target' | 'harness';
  /** Path into the capabilities object; the last key must be `true` when it is a flag. */
  path: readonly string[];
  flag?: true;
}

const LOGGING = 'notifications/message';
const CAPABILITY_USES: readonly CapabilityUse[] = [
  // Sent by a server.
  { method: LOGGING, kind: 'notification', declaredBy: 'target', path: ['logging'] },
  { method: 'notifications/tools/list_changed', kind: 'notification', declaredBy: 'target', path: ['tools', 'listChanged'], flag: true },
  { method: 'notifications/prompts/list_changed', kind: 'notification', declaredBy: 'target', path: ['prompts', 'listChanged'], flag: true },
  { method: 'notifications/resources/list_changed', kind: 'notification', declaredBy: 'target', path: ['resources', 'listChanged'], flag: true },
  { method: 'notifications/resources/updated', kind: 'notification', declaredBy: 'target', path: ['resources', 'subscribe'], flag: true },
  { method: 'sampling/createMessage', kind: 'request', declaredBy: 'harness', path: ['sampling'] },
  { method: 'elicitation/create', kind: 'request', declaredBy: 'harness', path: ['elicitation'] },
  { method: 'roots/list', kind: 'request', declaredBy: 'harness', path: ['roots'] },
  // Sent by a client.
  { method: 'notifications/roots/list_changed', kind: 'notification', declaredBy: 'target', path: ['roots', 'listChanged'], flag: true },
  ...['tools/list', 'tools/call'].map((method) => ({ method, kind: 'request' as const, declaredBy: 'harness' as const, path: ['tools'] })),
  ...['prompts/list', 'prompts/get'].map((method) => ({ method, kind: 'request' as const, declaredBy: 'harness' as const, path: ['prompts'] })),
  ...['resources/list', 'resources/read', 'resources/templates/list'].map((method) => ({ method, kind: 'request' as const, declaredBy: 'harness' as const, path: ['resources'] })),
  { method: 'resources/subscribe', kind: 'request', declaredBy: 'harness', path: ['resources', 'subscribe'], flag: true },
  { method: 'logging/setLevel', kind: 'request', declaredBy: 'harness', path: ['logging'] },
];

function declares(capabilities: JsonObject, use: CapabilityUse): boolean {
  let node: unknown = capabilities;
  for (const key of use.path) node = isJsonObject(node) ? node[key] : undefined;
  return use.flag ? node === true : isJsonObject(node);
}

function methodOf(r: Received): { kind: 'notification' | 'request'; method: string; id?: unknown } | undefined {
  const c = r.classified;
  if (c?.kind === 'notification') return { kind: 'notification', method: c.message.method };
  if (c?.kind === 'request') return { kind: 'request', method: c.message.method, id: c.message.id };
  return undefined;
}

/** The capability checks over every session that had a handshake. */
function capabilityChecks(sessions: readonly SessionRecord[]): Record<'logging-declared' | 'capabilities-negotiated' | 'request-ids-unique', Assertion | NotObserved> {
  const logs: number[] = [];
  const badLogs: string[] = [];
  const badLogFrames: number[] = [];
  const uses: number[] = [];
  const badUses: string[] = [];
  const badFrames: number[] = [];
  const reused: string[] = [];
  const reusedFrames: number[] = [];
  let requests = 0;
  for (const session of sessions) {
    const handshake = session.handshake;
    if (!handshake) continue;
    const ids = new Set<string>();
    for (const r of session.received) {
      const sent = methodOf(r);
      if (!sent) continue;
      if (sent.kind === 'request') {
        requests++;
        // A client that spawned its server again talks to a new process: ids start afresh with each spawn.
        const key = `${r.frame.spawn ?? 0}:${idKey(sent.id)}`;
        if (ids.has(key)) {
          reused.push(`${JSON.stringify(sent.id)} (${sent.method})`);
          reusedFrames.push(r.frame.seq);
        }
        ids.add(key);
      }
      const use = CAPABILITY_USES.find((u) => u.method === sent.method && u.kind === sent.kind);
      if (!use) continue;
      const ok = declares(use.declaredBy === 'target' ? handshake.peer : handshake.local, use);
      const what = `${sent.method} without ${use.declaredBy === 'target' ? 'declaring' : 'the harness declaring'} ${use.path.join('.')}`;
      if (use.method === LOGGING) {
        logs.push(r.frame.seq);
        if (!ok) {
          badLogs.push(what);
          badLogFrames.push(r.frame.seq);
        }
      } else {
        uses.push(r.frame.seq);
        if (!ok) {
          badUses.push(what);
          badFrames.push(r.frame.seq);
        }
      }
    }
  }
  const none = (what: string): NotObserved => ({ notApplicable: `the target sent no ${what} in this scenario` });
  return {
    'logging-declared': logs.length
      ? { ok: badLogs.length === 0, expected: 'log notifications only from a server that declared the logging capability', ...(badLogs.length ? { actual: badLogs.slice(0, SHOWN), message: `${badLogs.length} log notification(s) without the logging capability` } : {}), frames: badLogFrames }
      : none('log notification'),
    'capabilities-negotiated': uses.length
      ? { ok: badUses.length === 0, expected: 'requests and notifications that a capability governs only under negotiated capabilities', ...(badUses.length ? { actual: badUses.slice(0, SHOWN), message: `${badUses.length} message(s) use a capability that was not negotiated` } : {}), frames: badFrames }
      : none('message that a capability governs (list_changed, resources/updated, sampling, elicitation, roots, tools, resources, prompts, logging)'),
    'request-ids-unique': requests > 1
      ? { ok: reused.length === 0, expected: 'every request the target sent in a session has an id it never used before in that session', ...(reused.length ? { actual: reused.slice(0, SHOWN), message: `${reused.length} request id(s) reused` } : {}), frames: reusedFrames }
      : none('two requests'),
  };
}

const SHOWN = 5;

/** A check that fails on the frames in `bad`, quoting the first few: `what` follows their count in the message. */
function judged(bad: Received[], expected: string, what: string): Assertion {
  return {
    ok: bad.length === 0,
    expected,
    ...(bad.length ? { actual: bad.slice(0, SHOWN).map((r) => r.frame.raw.slice(0, 200)), message: `${bad.length} ${what}` } : {}),
    frames: bad.map((r) => r.frame.seq),
  };
}

/** The notifications/cancelled the target sent in a session, each with the request id it names. */
function cancellationsIn(session: SessionRecord): { r: Received; id: unknown }[] {
  return session.received.flatMap((r) => {
    const c = r.classified;
    if (c?.kind !== 'notification' || c.message.method !== 'notifications/cancelled') return [];
    return [{ r, id: isJsonObject(c.message.params) ? c.message.params.requestId : undefined }];
  });
}

/**
 * The target's cancellation notifications: each names a request the target itself sent in the
 * session, and none names its initialize request.
 */
function cancellations(sessions: readonly SessionRecord[]): Record<'cancels-own-requests' | 'initialize-not-cancelled', Assertion | NotObserved> {
  const foreign: Received[] = [];
  const initialize: Received[] = [];
  let seen = 0;
  for (const session of sessions) {
    // Every request of the session, wherever it came: over HTTP a cancellation POSTed right after its
    // request may arrive first, and arrival order is no sign of the order the client sent them in.
    const sent = new Map<string, string>();
    for (const r of session.received) if (r.classified?.kind === 'request') sent.set(idKey(r.classified.message.id), r.classified.message.method);
    for (const { r, id } of cancellationsIn(session)) {
      seen++;
      const method = sent.get(idKey(id));
      if (method === undefined) foreign.push(r);
      else if (method === 'initialize') initialize.push(r);
    }
  }
  if (seen === 0) return { 'cancels-own-requests': { notApplicable: 'the target cancelled nothing' }, 'initialize-not-cancelled': { notApplicable: 'the target cancelled nothing' } };
  return {
    'cancels-own-requests': judged(foreign, 'every notifications/cancelled names a request the target sent in the session', 'cancellation(s) name no request the target sent'),
    'initialize-not-cancelled': judged(initialize, 'initialize is never cancelled', 'cancellation(s) cancel initialize'),
  };
}

/**
 * The stateless revisions: a server sends notifications/cancelled for one purpose only, to end a
 * subscriptions/listen stream, so each one it sends names a listen request the harness sent on
 * that session.
 */
function serverCancellations(sessions: readonly SessionRecord[]): Assertion | NotObserved {
  let seen = 0;
  const stray: Received[] = [];
  for (const session of sessions) {
    for (const { r, id } of cancellationsIn(session)) {
      seen++;
      if (session.requestMethods?.get(idKey(id)) !== 'subscriptions/listen') stray.push(r);
    }
  }
  if (seen === 0) return { notApplicable: 'the target sent no notifications/cancelled in this scenario' };
  return judged(stray, 'a notifications/cancelled from the server only ends a subscriptions/listen request the harness sent', 'cancellation(s) name no listen request of the harness');
}

/** Every response the target sent answers a request of the harness: none carries an id the harness never used. */
function responseIds(sessions: readonly SessionRecord[]): Assertion | NotObserved {
  const sent = sessions.reduce((n, s) => n + (s.requestsSent ?? 0), 0);
  const stray = sessions.flatMap((s) => s.unsolicited ?? []);
  if (sent === 0 && stray.length === 0) return { notApplicable: 'the harness sent the target no request in this scenario' };
  return {
    ok: stray.length === 0,
    expected: 'every response carries the id of a request the harness sent',
    ...(stray.length ? { actual: stray.slice(0, SHOWN).map((r) => r.frame.raw.slice(0, 200)), message: `${stray.length} response(s) answer no request of the harness` } : {}),
    frames: stray.map((r) => r.frame.seq),
  };
}

/** Codes a server of the stateless revisions never sends: retired ones, and reserved ones the text does not define. */
function undefinedCode(code: number): boolean {
  return code === -32002 || code === -32042 || (code >= -32099 && code <= -32020 && ![-32020, -32021, -32022].includes(code));
}

/**
 * The stateless revisions: every result carries resultType and (SHOULD) names the server in its
 * `_meta`; no error uses a code the revision retired or does not define. Judged on every response
 * the target sent, in scenarios where it sent one.
 */
function statelessResponses(
  sessions: readonly SessionRecord[],
): Record<'results-carry-result-type' | 'results-name-server' | 'error-codes-defined' | 'no-server-requests' | 'input-required-not-empty', Assertion | NotObserved> {
  const results: Received[] = [];
  const errors: Received[] = [];
  const requests: Received[] = [];
  for (const session of sessions) {
    for (const r of session.received) {
      if (r.classified?.kind === 'result') results.push(r);
      else if (r.classified?.kind === 'error') errors.push(r);
      else if (r.classified?.kind === 'request') requests.push(r);
    }
  }
  const resultOf = (r: Received): JsonObject => {
    const result: unknown = r.classified?.kind === 'result' ? r.classified.message.result : undefined;
    return isJsonObject(result) ? result : {};
  };
  const untyped = results.filter((r) => typeof resultOf(r).resultType !== 'string');
  const unnamed = results.filter((r) => {
    const meta = resultOf(r)._meta;
    const info = isJsonObject(meta) ? meta[META.serverInfo] : undefined;
    return !(isJsonObject(info) && typeof info.name === 'string' && typeof info.version === 'string');
  });
  const badCodes = errors.filter((r) => r.classified?.kind === 'error' && undefinedCode(r.classified.message.error.code));
  const noResults: NotObserved = { notApplicable: 'the target sent no result in this scenario' };
  const inputRequired = results.filter((r) => resultOf(r).resultType === 'input_required');
  const empty = inputRequired.filter((r) => resultOf(r).inputRequests === undefined && resultOf(r).requestState === undefined);
  return {
    'no-server-requests': requests.length
      ? judged(requests, 'no request from the server: it asks for input in an InputRequiredResult', 'request(s) sent by the server')
      : { notApplicable: 'the target sent no request in this scenario' },
    'input-required-not-empty': inputRequired.length
      ? judged(empty, 'every InputRequiredResult carries inputRequests or requestState', 'InputRequiredResult(s) with neither inputRequests nor requestState')
      : { notApplicable: 'the target sent no InputRequiredResult in this scenario' },
    'results-carry-result-type': results.length ? judged(untyped, 'every result carries resultType', 'result(s) without resultType') : noResults,
    'results-name-server': results.length ? judged(unnamed, `every result names the server in _meta["${META.serverInfo}"]`, 'result(s) without serverInfo in _meta') : noResults,
    'error-codes-defined': errors.length
      ? judged(badCodes, 'no error code this revision retired (-32002, -32042) or reserves without defining (-32023 to -32099)', 'error(s) with a retired or undefined reserved code')
      : { notApplicable: 'the target sent no error in this scenario' },
  };
}

function describe(violations: FrameViolation[]): unknown {
  return violations.slice(0, SHOWN).map((v) => ({
    frame: v.raw.length > 400 ? `${v.raw.slice(0, 400)}…` : v.raw,
    issues: v.issues.slice(0, 8).map((i) => `${i.definition}${i.path}: ${i.message}`),
  }));
}

function more(violations: FrameViolation[]): string {
  return violations.length > SHOWN ? ` (first ${SHOWN} shown)` : '';
}

/**
 * Every frame the target sent must match the revision's schema; over stdio, stdout must carry
 * nothing but MCP messages, and a message must never span lines.
 */
export function evaluateAutoChecks(sessions: readonly SessionRecord[], transport: TransportKind): Map<string, Assertion | NotObserved> {
  const violations = sessions.flatMap((s) => s.violations);
  // Past a cap the session counts violations instead of keeping them; say so rather than undercount.
  const capped = sessions.some((s) => s.violationCount > s.violations.length) ? 'at least ' : '';
  const schema = violations.filter((v) => v.kind === 'schema' || (transport !== 'stdio' && v.kind === 'not-json'));
  const noise = violations.filter((v) => v.kind === 'not-json');
  const notUtf8 = violations.filter((v) => v.kind === 'not-utf8');
  return new Map<string, Assertion | NotObserved>([
    ...Object.entries(capabilityChecks(sessions)),
    ['responses-match-requests', responseIds(sessions)],
    ...Object.entries(cancellations(sessions)),
    ['cancels-only-listens', serverCancellations(sessions)],
    ...Object.entries(statelessResponses(sessions)),
    [
      'frames-schema-valid',
      {
        ok: schema.length === 0,
        expected: 'every frame from the target is valid against the revision schema',
        actual: schema.length ? describe(schema) : undefined,
        message: schema.length ? `${capped}${schema.length} frame(s) break the schema${more(schema)}` : undefined,
        frames: schema.map((v) => v.seq),
      },
    ],
    [
      'stdout-only-mcp-messages',
      {
        ok: noise.length === 0,
        expected: 'stdout carries only JSON-RPC messages, one per line',
        actual: noise.length ? noise.slice(0, SHOWN).map((v) => v.raw.slice(0, 200)) : undefined,
        message: noise.length ? `${capped}${noise.length} line(s) on stdout are not MCP messages${more(noise)}` : undefined,
        frames: noise.map((v) => v.seq),
      },
    ],
    [
      'messages-utf8',
      {
        ok: notUtf8.length === 0,
        expected: 'every message from the target encoded as UTF-8',
        actual: notUtf8.length ? notUtf8.slice(0, SHOWN).map((v) => v.raw.slice(0, 200)) : undefined,
        message: notUtf8.length ? `${capped}${notUtf8.length} frame(s) hold bytes that are not UTF-8 (shown with U+FFFD where they were)${more(notUtf8)}` : undefined,
        frames: notUtf8.map((v) => v.seq),
      },
    ],
  ]);
}
