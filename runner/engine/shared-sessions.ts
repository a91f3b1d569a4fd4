/**
 * Sessions shared by read-only scenarios. A scenario that declares `session: 'shared'` gets, from
 * `t.ready()`, a ready session that earlier scenarios of the same revision used, instead of a new
 * process (stdio) or a new HTTP session: most of a stdio run is otherwise spent starting the target.
 *
 * Verdicts must not depend on it (test/sharing.test.ts runs the suites both ways). So each holder
 * sees what an isolated scenario would have seen, and nothing else:
 * - the session's start (the launch, the handshake) is copied into every holder's transcript and
 *   judged in every holder's automatic checks, as it would be in a fresh session;
 * - a holder sees only the frames that arrived while it held the session, and it hands the session
 *   back only once everything the target sent in answer to it has arrived (over stdio, frames
 *   before the answer to a ping sent last; over Streamable HTTP, every POST response ended);
 * - a session is retired, never handed on, after anything that could leak into the next holder: a
 *   request that timed out or is still waiting, a frame arriving while no one held it, a raw or
 *   HTTP-level move, a scenario that did not end cleanly, a closed connection.
 */
import { describeRevision, type Revision } from '../revisions.js';
import { StdioChannel } from '../transports/stdio.js';
import { StreamableHttpChannel } from '../transports/streamable-http.js';
import type { Transcript, TranscriptEntry, TranscriptRelay } from '../util/transcript.js';
import type { RequestId } from '../wire/jsonrpc.js';
import type { FrameViolation, HarnessFault, Received, Reply, SessionRecord } from '../wire/session.js';
import type { ConnectionRequestOptions, HttpAccess, InitializeOptions, LegacySseAccess, NoiseLine, ScenarioConnection, ServerConnection, Settled } from './connection.js';
import type { SilenceWatch } from './silence.js';
import type { JsonObject } from '../util/json.js';

/** A ready session with the relay its channel records through, and what its start consisted of. */
export interface OpenedSession {
  connection: ServerConnection;
  relay: TranscriptRelay;
}

/** The start of a shared session: its transcript entries, and how much of the session's record they cover. */
interface SessionStart extends RecordFrom {
  /** Its transcript entries, without the ping that closed it. */
  entries: TranscriptEntry[];
  /** The seq of the answer to that ping in the opener's transcript, left out of every record. */
  pong: number | undefined;
  /** The scenario that opened the session (its transcript holds the original entries). */
  openedBy: string;
}

interface Shared extends OpenedSession {
  start: SessionStart;
  /** Scenarios that held it so far. */
  holders: number;
  /** `received.length` when it was last handed back. */
  receivedWhenIdle: number;
}

/** Opens a ready session recording into `relay` (attached to the opener's transcript), or throws to stop the scenario. */
export type SessionOpener = (relay: TranscriptRelay) => Promise<ServerConnection>;

/** The pool of a run: idle shared sessions per revision, handed to one scenario at a time. */
export class SharedSessions {
  private readonly idle = new Map<Revision, Shared[]>();
  private readonly retiring = new Set<Promise<void>>();

  constructor(private readonly newRelay: () => TranscriptRelay) {}

  /**
   * A session for `scenario` at `revision`: an idle one in good order, or a new one from `open`.
   * Whatever it records goes to `transcript` until the lease is handed back.
   */
  async lease(revision: Revision, scenario: string, transcript: Transcript, silence: SilenceWatch, open: SessionOpener): Promise<Lease> {
    const pool = this.idle.get(revision) ?? [];
    this.idle.set(revision, pool);
    for (let shared = pool.pop(); shared; shared = pool.pop()) {
      // Anything that arrived while no one held it belongs to no scenario: the session cannot go on.
      if (shared.connection.rpc.closed || shared.connection.rpc.received.length !== shared.receivedWhenIdle || hasExited(shared)) {
        this.retire(shared);
        continue;
      }
      shared.relay.attach(transcript);
      shared.connection.watchWith(silence);
      return new Lease(this, revision, shared, transcript, copyStart(shared, transcript), positionOf(shared.connection.rpc));
    }
    const relay = this.newRelay();
    relay.attach(transcript, { capture: true });
    const connection = await open(relay);
    // What the target sends in reaction to the handshake (a list_changed after initialized, say) is
    // part of the start: every fresh session shows it, so every holder's record must too.
    const settled = await turnEnd(connection);
    const pong = settled.ok ? settled.pong : undefined;
    const rpc = connection.rpc;
    const start: SessionStart = {
      entries: relay.endCapture().filter((e) => !pong || (e.seq !== pong.seq && !isPingOf(e, pong.id))),
      pong: pong?.seq,
      ...positionOf(rpc),
      openedBy: scenario,
    };
    // The opener's own record starts at the session's start.
    const none = { received: [], violations: [], harnessFaults: [], violationCount: 0 };
    const lease = new Lease(this, revision, { connection, relay, start, holders: 0, receivedWhenIdle: 0 }, transcript, none, { received: 0, violations: 0, violationCount: 0, harnessFaults: 0, timeouts: 0 });
    if (!settled.ok) lease.spoil(`after the handshake, ${settled.why}`);
    return lease;
  }

  /** Takes a session back into the pool. */
  give(revision: Revision, shared: Shared): void {
    shared.relay.detach();
    shared.receivedWhenIdle = shared.connection.rpc.received.length;
    this.idle.get(revision)!.push(shared);
  }

  /** Closes a session for good (in the background; `dispose` waits for it). */
  retire(shared: Shared): void {
    shared.relay.detach();
    const closing = shared.connection.close().catch(() => undefined);
    this.retiring.add(closing);
    void closing.then(() => this.retiring.delete(closing));
  }

  /** Closes every idle session and waits for those retiring; at the end of the run. */
  async dispose(): Promise<void> {
    for (const pool of this.idle.values()) for (const shared of pool.splice(0)) this.retire(shared);
    await Promise.all([...this.retiring]);
  }
}

/** Whether a transcript entry is the ping the harness sent with `id`. */
function isPingOf(entry: TranscriptEntry, id: RequestId): boolean {
  if (entry.dir !== 'send') return false;
  try {
    const frame = JSON.parse(entry.frame) as { id?: unknown; method?: unknown };
    return frame.method === 'ping' && frame.id === id;
  } catch {
    return false;
  }
}

/**
 * Establishes that everything the target sent in answer to what the harness sent so far has arrived.
 * Over stdio, a ping: the target answers in order (its answer is then left out of every record).
 * Over Streamable HTTP, every POST response ended with no GET stream open.
 */
async function turnEnd(connection: ServerConnection): Promise<{ ok: true; pong?: { seq: number; id: RequestId } } | { ok: false; why: string }> {
  const channel = connection.channel;
  try {
    if (channel instanceof StdioChannel) {
      // Outside the silence watch: an isolated run sends no such ping, so whether the target answers
      // it must not move the run's count of silences either way.
      const pong = await connection.rpc.request(describeRevision(connection.revision).liveness.method, connection.withMeta(undefined));
      if (pong.kind === 'result') return { ok: true, pong: { seq: pong.seq, id: pong.message.id } };
      return { ok: false, why: `a ping got ${pong.kind === 'error' ? 'an error' : pong.kind}` };
    }
    if (channel instanceof StreamableHttpChannel) {
      if (channel.listening) return { ok: false, why: 'a GET stream is open' };
      if (await channel.postResponsesEnded(connection.rpc.requestTimeoutMs)) return { ok: true };
      return { ok: false, why: 'a POST response had not ended' };
    }
    return { ok: false, why: 'no ordering holds on this transport' };
  } catch (err) {
    return { ok: false, why: `the ping failed (${err instanceof Error ? err.message : String(err)})` };
  }
}

function hasExited(shared: Shared): boolean {
  return shared.connection.stdio?.process.hasExited ?? false;
}

/** How far a session's record has got: where a holder's own part, or the start, ends. */
function positionOf(rpc: ServerConnection['rpc']): RecordFrom {
  return { received: rpc.received.length, violations: rpc.violations.length, violationCount: rpc.violationCount, harnessFaults: rpc.harnessFaults.length, timeouts: rpc.timeouts };
}

/** The start of the session as a later holder sees it: copied into its transcript, renumbered (empty for the opener, who has the original). */
interface CopiedStart {
  received: Received[];
  violations: FrameViolation[];
  violationCount: number;
  harnessFaults: HarnessFault[];
}

/** Where a holder's own part of the session record begins. */
interface RecordFrom {
  received: number;
  violations: number;
  violationCount: number;
  harnessFaults: number;
  timeouts: number;
}

/**
 * Copies the session's start into `transcript` and returns the start's frames and violations with
 * their sequence numbers in that transcript, so evidence points at the copies.
 */
function copyStart(shared: Shared, transcript: Transcript): CopiedStart {
  const { start } = shared;
  const seqs = new Map<number, number>();
  transcript.note(`a shared session, opened by ${start.openedBy} and held by ${shared.holders} scenario(s) before this one; its start is copied here from that scenario's transcript:`);
  for (const entry of start.entries) seqs.set(entry.seq, transcript.record(entry.dir, entry.lane, entry.frame, entry.http).seq);
  transcript.note('end of the copied start; what follows is this scenario\'s own');
  const renumber = (seq: number): number => seqs.get(seq) ?? seq;
  const rpc = shared.connection.rpc;
  return {
    received: rpc.received.slice(0, start.received).filter((r) => r.frame.seq !== start.pong).map((r) => ({ ...r, frame: { ...r.frame, seq: renumber(r.frame.seq) } })),
    violations: rpc.violations.slice(0, start.violations).filter((v) => v.seq !== start.pong).map((v) => ({ ...v, seq: renumber(v.seq) })),
    violationCount: start.violationCount - rpc.violations.slice(0, start.violations).filter((v) => v.seq === start.pong).length,
    harnessFaults: rpc.harnessFaults.slice(0, start.harnessFaults),
  };
}

/**
 * One scenario's hold on a shared session: the connection as the scenario sees it, and, once handed
 * back, the scenario's own record of it for the engine's automatic checks.
 */
export class Lease {
  readonly view: ScenarioConnection;
  /** Set by any move after which the session must not be handed on. */
  private spoiled: string | undefined;
  private record: SessionRecord | undefined;

  constructor(
    private readonly pool: SharedSessions,
    private readonly revision: Revision,
    private readonly shared: Shared,
    private readonly transcript: Transcript,
    private readonly copied: CopiedStart,
    private readonly from: RecordFrom,
  ) {
    shared.holders++;
    this.view = leasedView(shared.connection, from.received, {
      startFrames: () => copied.received,
      noise: () => [...copied.violations, ...shared.connection.rpc.violations.slice(from.violations)].filter((v) => v.kind === 'not-json').map((v) => ({ seq: v.seq, raw: v.raw })),
      spoil: (why) => this.spoil(why),
    });
  }

  get connection(): ServerConnection {
    return this.shared.connection;
  }

  /** The session must not be handed on after this scenario, for this reason. */
  spoil(why: string): void {
    this.spoiled ??= why;
  }

  /**
   * Ends the hold: waits until what the target sent in answer to this scenario has arrived, keeps
   * this scenario's record, and hands the session back, or retires it when it cannot be handed on
   * safely. `clean` is false when the scenario ended by a fault or a stop. Never rejects.
   */
  async release(clean: boolean): Promise<void> {
    const connection = this.shared.connection;
    const rpc = connection.rpc;
    let why = this.spoiled ?? (clean ? undefined : 'the scenario did not end cleanly');
    if (!why && rpc.closed) why = 'the connection closed';
    if (!why && rpc.outstanding > 0) why = `${rpc.outstanding} request(s) still waiting for a response`;
    if (!why && rpc.timeouts > this.from.timeouts) why = 'a request timed out (its answer may still come)';
    let barrier: number | undefined;
    if (!why) {
      const settled = await turnEnd(connection);
      if (settled.ok) barrier = settled.pong?.seq;
      else why = `at the end of the turn, ${settled.why}`;
    }
    this.record = this.snapshot(barrier);
    if (why) {
      this.transcript.note(`the shared session is retired: ${why}`);
      this.pool.retire(this.shared);
    } else {
      this.transcript.note('the shared session is handed back for the next scenario');
      this.pool.give(this.revision, this.shared);
    }
  }

  /** This scenario's record, after `release`: the session's start, then what arrived while it held it. */
  get sessionRecord(): SessionRecord {
    return this.record ?? this.snapshot(undefined);
  }

  private snapshot(barrier: number | undefined): SessionRecord {
    const rpc = this.shared.connection.rpc;
    // The pings that ended the session's start and this turn are the harness's, not this scenario's.
    // (The start's ping is in this transcript only for the opener, whose record begins at the start.)
    const startPong = this.from.received === 0 ? this.shared.start.pong : undefined;
    const notBarrier = (seq: number): boolean => seq !== barrier && seq !== startPong;
    const ownViolations = rpc.violations.slice(this.from.violations);
    const keptViolations = ownViolations.filter((v) => notBarrier(v.seq));
    return {
      received: [...this.copied.received, ...rpc.received.slice(this.from.received).filter((r) => notBarrier(r.frame.seq))],
      violations: [...this.copied.violations, ...keptViolations],
      violationCount: this.copied.violationCount + rpc.violationCount - this.from.violationCount - (ownViolations.length - keptViolations.length),
      harnessFaults: [...this.copied.harnessFaults, ...rpc.harnessFaults.slice(this.from.harnessFaults)],
      handshake: rpc.handshake,
      // The session's whole history: a cancellation may name a listen opened by an earlier holder.
      requestMethods: rpc.requestMethods,
    };
  }
}

/**
 * The connection as a holder of a shared session sees it: frames from its own hold on (plus the
 * session's start, as a fresh session would show), and moves that would leak into the next holder
 * marking the session spoiled, so it is retired instead of handed on.
 */
function leasedView(
  connection: ServerConnection,
  from: number,
  { startFrames, noise, spoil }: { startFrames: () => Received[]; noise: () => NoiseLine[]; spoil: (why: string) => void },
): ScenarioConnection {
  const view = {
    get http(): HttpAccess | undefined {
      const http = connection.http;
      if (http) spoil('the scenario used the HTTP connection directly');
      return http;
    },
    get legacySse(): LegacySseAccess | undefined {
      const legacy = connection.legacySse;
      if (legacy) spoil('the scenario used the SSE connection directly');
      return legacy;
    },
    initialize(opts?: InitializeOptions): Promise<Reply> {
      spoil('the scenario sent initialize again');
      return connection.initialize(opts);
    },
    request: (method: string, params?: JsonObject, opts?: ConnectionRequestOptions) => {
      if (opts?.id !== undefined) spoil('the scenario chose its own request id');
      return connection.request(method, params, opts);
    },
    withMeta: (params: JsonObject | undefined) => connection.withMeta(params),
    requestBody: (id: RequestId, method?: string, params?: JsonObject) => connection.requestBody(id, method, params),
    discover: (opts?: ConnectionRequestOptions) => {
      if (opts?.id !== undefined) spoil('the scenario chose its own request id');
      return connection.discover(opts);
    },
    liveness: (opts?: { id?: RequestId; timeoutMs?: number }) => {
      if (opts?.id !== undefined) spoil('the scenario chose its own request id');
      return connection.liveness(opts);
    },
    notify: (method: string, params?: JsonObject) => connection.notify(method, params),
    sendRaw(text: string) {
      spoil('the scenario sent a raw frame');
      return connection.sendRaw(text);
    },
    mark: () => connection.mark(),
    settle: (mark: number, windowMs: number): Promise<Settled> => connection.settle(Math.max(mark, from), windowMs),
    since: (mark: number, ms: number) => connection.since(Math.max(mark, from), ms),
    waitFor: (test: (r: Received) => boolean, timeoutMs: number, mark?: number) => {
      // From the session's start, as a fresh session would search: its start, then this hold.
      if (mark === undefined) {
        const early = startFrames().find(test);
        if (early) return Promise.resolve(early);
      }
      return connection.waitFor(test, timeoutMs, Math.max(mark ?? from, from));
    },
    noise,
    closeInput() {
      spoil('the scenario closed the input');
      connection.closeInput();
    },
    exitsWithin(ms: number) {
      spoil('the scenario waited for the target to exit');
      return connection.exitsWithin(ms);
    },
  };
  // What the session is stays as it is: read through to the connection.
  const readThrough = ['revision', 'transport', 'negotiated', 'initializeResult', 'discoverResult', 'serverCapabilities', 'clientCapabilities'] as const;
  for (const key of readThrough) {
    Object.defineProperty(view, key, { get: () => connection[key], enumerable: true });
  }
  return view as typeof view & Pick<ScenarioConnection, (typeof readThrough)[number]>;
}
