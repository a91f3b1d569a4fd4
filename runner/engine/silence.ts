/**
 * Noticing a target that has stopped answering. Without this, a server that does the handshake
 * and then answers nothing costs the full request timeout on every request of the run (17 of them
 * take minutes at the default 10 s), and the report says nothing the first timeouts did not.
 */
import { ScenarioStop } from './scenario.js';

/**
 * How many requests in a row, each sent after the previous one had gone unanswered, must get no
 * response before the run gives up on the target. Three: one silence is a slow answer, two may be
 * a pause (a garbage collection, a cold start, a one-off lock); three times the request timeout
 * with nothing back is a target that has stopped. A breaker opened wrongly would turn the rest of
 * the run into "not testable", which costs more than one more timeout.
 */
export const SILENCE_LIMIT = 3;

/**
 * One run's record of whether the target still answers, shared by every connection of the run
 * (each scenario opens its own). A request that gets any response closes the gap; a request that
 * gets none within its timeout counts towards {@link SILENCE_LIMIT}; at the limit the breaker
 * opens, and from then on the harness sends the target nothing more: every later attempt stops its
 * scenario as blocked, so the checks it had not made are reported not testable, with the reason.
 *
 * Timeouts count "in a row" only when each request was sent after the previous counted timeout
 * (and after the last response): requests that were waiting at the same time (parallel scenarios
 * with `--jobs`, a scenario's own concurrent requests) saw one silence, not several. So the breaker
 * opens only after the target has been silent for about SILENCE_LIMIT request timeouts (30 s with
 * the default 10 s), however many requests were waiting, and a run at higher `--jobs` is no quicker
 * to give up on a target that merely paused.
 */
export class SilenceBreaker {
  private count = 0;
  /** Bumped by every counted timeout and every response; a request remembers the epoch it was sent in. */
  private epoch = 0;
  private openReason: string | undefined;

  constructor(readonly limit = SILENCE_LIMIT) {}

  /** Why the run stopped talking to the target, once it has; undefined while it still answers. */
  get reason(): string | undefined {
    return this.openReason;
  }

  /** A watch for one scenario attempt: it can tell whether the breaker opened during that attempt. */
  watch(): SilenceWatch {
    return new SilenceWatch(this);
  }

  /** Throws `ScenarioStop('blocked', reason)` once the target has stopped answering. */
  check(): void {
    if (this.openReason !== undefined) throw new ScenarioStop('blocked', this.openReason);
  }

  /** Before sending (see {@link SilenceWatch.sent}): the epoch the send belongs to. */
  sent(): number {
    this.check();
    return this.epoch;
  }

  /** The target answered something: the count starts again (see {@link SilenceWatch.answered}). */
  answered(): void {
    this.count = 0;
    this.epoch++;
  }

  /** A send of epoch `sentIn` got no response in `afterMs`; true when this opened the breaker. */
  unanswered(sentIn: number, afterMs: number): boolean {
    if (this.openReason !== undefined || sentIn !== this.epoch) return false;
    this.epoch++;
    if (++this.count < this.limit) return false;
    this.openReason = `the target stopped answering (${this.count} requests in a row got no response within ${afterMs} ms)`;
    return true;
  }
}

/**
 * What a connection reports to the run's {@link SilenceBreaker}, on behalf of one scenario attempt.
 * Call {@link sent} before sending anything to the target, then {@link answered} or
 * {@link unanswered} with what came back; report neither when the outcome says nothing about
 * whether the target answers (a quiet wait, a closed connection, a refused connection).
 */
export class SilenceWatch {
  private opener = false;

  constructor(private readonly breaker: SilenceBreaker) {}

  /** Before opening a connection: throws `ScenarioStop('blocked', reason)` once the target has stopped answering. */
  check(): void {
    this.breaker.check();
  }

  /**
   * Before sending: throws `ScenarioStop('blocked', reason)` once the target has stopped answering,
   * which ends the scenario body; otherwise returns a token for {@link unanswered}.
   */
  sent(): number {
    return this.breaker.sent();
  }

  /** The target answered something (a response, an HTTP status): it is alive. */
  answered(): void {
    this.breaker.answered();
  }

  /** Nothing came back within `afterMs` for what was sent when {@link sent} returned `token`. */
  unanswered(token: number, afterMs: number): void {
    if (this.breaker.unanswered(token, afterMs)) this.opener = true;
  }

  /**
   * Said once, by the scenario in which the target stopped answering, for the report: the run
   * sent it nothing more, and why the checks after this point are not testable.
   */
  notice(): string | undefined {
    if (!this.opener) return undefined;
    return `${this.breaker.reason!}: the harness sends it nothing more in this run, so the checks not made by then are not testable`;
  }
}
