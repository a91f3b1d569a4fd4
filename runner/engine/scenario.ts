import type { Revision } from '../revisions.js';
import type { TransportKind } from '../transports/types.js';
import type { ServerConnection } from './connection.js';

export type Role = 'server' | 'client';

/**
 * The verdict material for one check: whether the target did what the requirement asks, what was
 * expected (in words), and what actually happened (as data). Build these with the helpers in
 * `runner/api`; scenario code should rarely construct one by hand.
 */
export interface Assertion {
  ok: boolean;
  expected: string;
  actual?: unknown;
  /** Extra words for a failure, shown before expected/actual. */
  message?: string;
  /** Transcript sequence numbers of the frames that prove it. */
  frames?: number[];
}

/** What a target told us when the engine offered it each revision, before any scenario ran. */
export interface TargetProfile {
  /** Revisions the target echoed when offered them. */
  supported: Revision[];
  /** The version the target answered when offered this scenario's revision. */
  negotiated?: string;
  capabilities: Record<string, unknown>;
  info?: { name?: string; version?: string; [key: string]: unknown };
}

/** The object a scenario body receives. */
export interface ScenarioContext {
  readonly revision: Revision;
  readonly transport: TransportKind;
  readonly target: TargetProfile;
  /** Per-request timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Opens a fresh connection (a new process over stdio, a new HTTP session) to the server under test. */
  connect(): Promise<ServerConnection>;
  /**
   * Records one check against one requirement. Returns `assertion.ok`, so a body can stop early when
   * later checks would only repeat the failure.
   */
  check(checkId: string, requirementId: string, assertion: Assertion): boolean;
  /** The check cannot be run because a prerequisite the requirement needs is missing: a failure. */
  untestable(checkId: string, requirementId: string, reason: string): void;
  /** The check does not apply to this target (e.g. a capability it does not declare): a skip. */
  notApplicable(checkId: string, requirementId: string, reason: string): void;
  /** The whole scenario does not apply. */
  skip(reason: string): never;
  /** A line in the transcript of the most recent connection, to explain what the scenario is doing. */
  note(text: string): void;
}

export interface ScenarioMeta {
  title: string;
  role: Role;
  /** First revision where the behaviour no longer applies. The first revision is the folder it lives in. */
  until?: Revision;
  /** Transports the scenario applies to; all when absent. */
  transports?: TransportKind[];
  /** Server capabilities the target must declare for the scenario to apply. */
  requires?: { capabilities?: string[] };
  tags?: string[];
}

/** A scenario module's default export. */
export interface Scenario extends ScenarioMeta {
  run(t: ScenarioContext): Promise<void>;
}

/** A scenario together with where it was found. */
export interface LoadedScenario extends Scenario {
  /** Path under suites/ without extension, e.g. `2024-11-05/server/lifecycle/ping`. */
  id: string;
  since: Revision;
  generated: boolean;
}

/** Thrown by `t.skip`. */
export class ScenarioSkip extends Error {
  override readonly name = 'ScenarioSkip';
}
