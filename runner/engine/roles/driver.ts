import type { RevisionRun, TargetInfo } from '../../../reports/types.js';
import type { Revision, RevisionChoice } from '../../revisions.js';
import type { TransportKind } from '../../transports/types.js';
import type { Transcript } from '../../util/transcript.js';
import type { SessionRecord } from '../../wire/session.js';
import type { LoadedScenario, Role, ScenarioContextBase } from '../scenario.js';

/** The target ended on its own during a scenario: how, and the last lines it wrote to stderr. */
export interface TargetStop {
  /** `code 3`, or `signal SIGSEGV`. */
  exit: string;
  /** Its last lines on stderr, oldest first. */
  stderr: string[];
}

/**
 * One scenario in progress, as a role driver set it up: the body runs against the role's own
 * context; the engine then reads the wire sessions it opened (automatic checks, harness faults)
 * and closes them.
 */
export interface ScenarioAttempt {
  /** Runs the scenario body with the role's context (built on the engine's base context). */
  run(): Promise<void>;
  /** Wire sessions the body opened so far. */
  sessions(): readonly SessionRecord[];
  /**
   * Ends everything the body opened, or hands a shared session back; never rejects. `clean` is
   * false when the body ended by a fault or was blocked (a shared session is then retired).
   */
  close(clean: boolean): Promise<void>;
  /**
   * After close: whether the target ended on its own during the attempt (a process that exited before the
   * harness ended it or closed its input), with what it last wrote to stderr; never rejects.
   */
  targetStop(): Promise<TargetStop | undefined>;
  /**
   * Something the driver has to say about this attempt that the report must show once, as the
   * scenario's message (e.g. that the target stopped answering during it); undefined otherwise.
   */
  notice?(): string | undefined;
}

/**
 * Everything the engine needs from a role. The engine plans, executes and assembles the report;
 * the driver knows how to reach the target and what a scenario of its role gets to work with.
 * `server` (the harness is the client) is one; `client` (the harness plays the server) is its sibling.
 */
export interface RoleDriver {
  readonly role: Role;
  readonly transport: TransportKind;
  /** Whether every scenario talks to one running target (a server at a URL), rather than to one started for it. */
  readonly sharedTarget: boolean;
  /** What the report says about the target before anything ran (how it is reached). */
  describeTarget(): TargetInfo;
  /**
   * Gets ready for scenarios: starts what must run for the whole run and learns what the target
   * speaks. Throws UnreachableError when the target cannot be reached or started at all.
   */
  prepare(): Promise<void>;
  /** The revisions to run for `--spec-version`, after prepare. */
  chooseRevisions(specVersion: RevisionChoice): Revision[];
  /** What the report says about one revision (negotiated version, supported or not, notes). */
  revisionRun(revision: Revision): RevisionRun;
  /** Why a planned scenario does not apply to this target at this revision, or undefined when it does. */
  inapplicable(scenario: LoadedScenario, revision: Revision): string | undefined;
  /** Sets up one scenario run; `base` is the engine's part of the context (checks, stop, note). */
  attempt(scenario: LoadedScenario, revision: Revision, base: ScenarioContextBase, transcript: Transcript): ScenarioAttempt;
  /** Stops whatever prepare started; never rejects. */
  dispose(): Promise<void>;
}

/**
 * The scenarios about authorization itself (issue 13): the protected resource's (area `auth`) and its
 * authorization server's (area `authorization-server`). They run against a server that refuses the
 * harness for want of a token; the others need a server that serves it.
 */
export function isAuthorizationScenario(id: string): boolean {
  // Ids are `<revision>/<role>/<area>/<name>`.
  const area = id.split('/')[2];
  return area === 'auth' || area === 'authorization-server';
}

/**
 * Why a scenario does not apply to a target reached over `transport` that declared `capabilities`
 * (`who` names the target in the reason), or undefined when it does.
 */
export function inapplicableTo(scenario: LoadedScenario, transport: TransportKind, capabilities: Record<string, unknown>, who: string): string | undefined {
  if (scenario.transports && !scenario.transports.includes(transport)) return `applies to ${scenario.transports.join(', ')} only`;
  const missing = (scenario.requires?.capabilities ?? []).filter((c) => capabilities[c] === undefined);
  return missing.length ? `${who} does not declare the ${missing.join(', ')} capability` : undefined;
}
