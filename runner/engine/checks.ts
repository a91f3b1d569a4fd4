import type { CheckResult, Status } from '../../reports/types.js';
import type { Revision } from '../revisions.js';
import { toJson } from '../util/json.js';
import { findRequirement } from './requirements.js';
import type { Assertion } from './scenario.js';

/** What became of the checks a body did not reach. */
export type Unreached =
  | { kind: 'ended' }
  | { kind: 'skip'; reason: string }
  | { kind: 'blocked'; reason: string }
  | { kind: 'fault' };

/**
 * The checks of one scenario run: every declared check ends up in the result exactly once, in
 * declaration order, whether the body recorded it or not. Recording an undeclared check, recording
 * one twice, or citing a requirement the revision's catalogue lacks is the harness's own bug.
 */
export class CheckRecorder {
  private readonly recorded = new Map<string, CheckResult>();
  /** Harness bugs found while recording; any makes the scenario errored. */
  readonly bugs: string[] = [];

  private readonly declared: Record<string, string>;
  /** Ids of the checks the engine makes on its own. */
  private readonly automatic = new Set<string>();

  constructor(
    private readonly revision: Revision,
    declared: Readonly<Record<string, string>>,
  ) {
    this.declared = { ...declared };
  }

  /** Adds checks the engine makes on its own (after the body), with their requirements. */
  declare(id: string, requirement: string): void {
    if (Object.hasOwn(this.declared, id)) this.bugs.push(`check ${id} is declared twice`);
    this.declared[id] = requirement;
    this.automatic.add(id);
  }

  /** Drops a declared check the engine makes on its own that had nothing to watch in this scenario. */
  forget(id: string): void {
    if (this.automatic.has(id) && !this.recorded.has(id)) delete this.declared[id];
  }

  check(id: string, assertion: Assertion): boolean {
    this.record(id, assertion.ok ? 'passed' : 'failed', assertion.ok ? {} : failureFields(assertion));
    return assertion.ok;
  }

  untestable(id: string, reason: string): void {
    this.record(id, 'failed', { untestable: true, message: `Not testable: ${reason}` });
  }

  notApplicable(id: string, reason: string): void {
    this.record(id, 'skipped', { message: reason });
  }

  /** Every declared check, in declaration order; those the body never reached as `unreached` says. */
  finish(unreached: Unreached): CheckResult[] {
    for (const id of Object.keys(this.declared)) {
      if (this.recorded.has(id)) continue;
      switch (unreached.kind) {
        case 'ended':
          this.untestable(id, 'the scenario ended before reaching this check');
          break;
        case 'blocked':
          this.untestable(id, unreached.reason);
          break;
        case 'skip':
          this.notApplicable(id, unreached.reason);
          break;
        case 'fault':
          this.record(id, 'errored', { message: 'not reached: the harness broke first (see the scenario message)' });
          break;
      }
    }
    return Object.keys(this.declared).flatMap((id) => this.recorded.get(id) ?? []);
  }

  private record(id: string, status: Status, fields: Partial<CheckResult>): void {
    const requirementId = this.declared[id];
    if (requirementId === undefined) {
      this.bugs.push(`check ${id} is not declared in the scenario's checks`);
      return;
    }
    if (this.recorded.has(id)) {
      this.bugs.push(`check ${id} recorded twice`);
      return;
    }
    const requirement = findRequirement(this.revision, requirementId);
    if (!requirement) {
      this.bugs.push(`check ${id} cites ${requirementId}, which is not in the ${this.revision} catalogue`);
      return;
    }
    this.recorded.set(id, {
      id,
      requirement: requirementId,
      keyword: requirement.keyword,
      ...(requirement.prose ? { prose: true as const } : {}),
      specUrl: requirement.url,
      summary: requirement.summary,
      status,
      outcome: status === 'failed' || status === 'errored' ? 'unexpected' : 'expected',
      ...(this.automatic.has(id) ? { automatic: true as const } : {}),
      ...fields,
    });
  }
}

function failureFields(assertion: Assertion): Partial<CheckResult> {
  return {
    ...(assertion.message ? { message: assertion.message } : {}),
    expected: assertion.expected,
    ...(assertion.actual !== undefined ? { actual: toJson(assertion.actual) } : {}),
    ...(assertion.frames?.length ? { frames: assertion.frames } : {}),
  };
}
