import type { ScenarioResult } from '../../reports/types.js';
import { worstStatus } from '../../reports/summary.js';
import type { Revision } from '../revisions.js';
import type { Redactor } from '../util/redact.js';
import { Transcript } from '../util/transcript.js';
import { autoChecksFor, evaluateAutoChecks } from './auto-checks.js';
import { CheckRecorder, type Unreached } from './checks.js';
import { withExcerpts } from './excerpts.js';
import type { RoleDriver, TargetStop } from './roles/driver.js';
import { getValidator } from '../validation/validator.js';
import type { RevisionValidator } from '../validation/types.js';
import { ScenarioStop, type LoadedScenario, type ScenarioContextBase, type SchemaAccess } from './scenario.js';

export interface ExecuteOptions {
  timeoutMs: number;
  /** Hard limit for a whole scenario; exceeding it is the harness's fault (every wait has its own timeout). */
  scenarioTimeoutMs: number;
  /** Where to write the transcript (JSONL); none when undefined. */
  transcriptPath?: string;
  /** The transcript path as the report should show it (relative to the report). */
  transcriptRef?: string;
  /** The run's secrets: every transcript entry is redacted before it is kept or written. */
  redactor: Redactor;
  /** Told when the target ended on its own during the scenario (the run reports that once, not per scenario). */
  onTargetStop?: (stop: TargetStop) => void;
}

/** Runs one scenario against the driver's target at one revision; never throws. */
export async function executeScenario(scenario: LoadedScenario, revision: Revision, driver: RoleDriver, options: ExecuteOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const transcript = new Transcript(driver.transport, options.redactor);
  if (options.transcriptPath) transcript.writeTo(options.transcriptPath);
  transcript.note(`scenario ${scenario.id} at revision ${revision}`);
  const recorder = new CheckRecorder(revision, scenario.checks);
  const autos = autoChecksFor(driver.role, driver.transport, revision);
  for (const auto of autos) recorder.declare(auto.id, auto.requirement);

  const base: ScenarioContextBase = {
    revision,
    transport: driver.transport,
    timeoutMs: options.timeoutMs,
    schema: schemaAccess(getValidator(revision)),
    check: (id, assertion) => recorder.check(id, assertion),
    untestable: (id, reason) => recorder.untestable(id, reason),
    notApplicable: (id, reason) => recorder.notApplicable(id, reason),
    skip(reason): never {
      throw new ScenarioStop('skip', reason);
    },
    blocked(reason): never {
      throw new ScenarioStop('blocked', reason);
    },
    note: (text) => void transcript.note(text),
  };

  let unreached: Unreached = { kind: 'ended' };
  let fault: string | undefined;
  const attempt = driver.attempt(scenario, revision, base, transcript);
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.scenarioTimeoutMs)));
    const outcome = await Promise.race([attempt.run().then(() => 'done' as const), limit]);
    if (outcome === 'timeout') fault = `harness fault: the scenario did not finish within ${options.scenarioTimeoutMs} ms`;
  } catch (err) {
    if (err instanceof ScenarioStop) unreached = err.kind === 'skip' ? { kind: 'skip', reason: err.message } : { kind: 'blocked', reason: err.message };
    else fault = `harness fault: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
  } finally {
    clearTimeout(timer);
    await attempt.close(!fault && unreached.kind !== 'blocked');
  }
  const stop = await attempt.targetStop();
  if (stop) {
    transcript.note(`the target exited on its own (${stop.exit})`);
    options.onTargetStop?.(stop);
  }

  const sessions = attempt.sessions();
  // The automatic checks judge the messages the target sent. No pass without evidence: in a
  // scenario where it sent none (an HTTP refusal carries no session message), they do not apply;
  // a watch with nothing to watch is left out of the scenario altogether.
  if (sessions.some((s) => s.received.length > 0)) {
    const observed = evaluateAutoChecks(sessions, driver.transport);
    for (const auto of autos) {
      const assertion = observed.get(auto.id);
      if (assertion && 'notApplicable' in assertion) {
        if (auto.watch) recorder.forget(auto.id);
        else recorder.notApplicable(auto.id, assertion.notApplicable);
      } else if (assertion) recorder.check(auto.id, assertion);
    }
  } else if (unreached.kind !== 'skip' && !fault) {
    for (const auto of autos) {
      if (auto.watch) recorder.forget(auto.id);
      else recorder.notApplicable(auto.id, 'the target sent no message in this scenario');
    }
  } else {
    for (const auto of autos.filter((a) => a.watch)) recorder.forget(auto.id);
  }
  const faults = sessions.flatMap((s) => s.harnessFaults);
  if (faults.length > 0) {
    const first = faults[0]!;
    fault ??= `harness fault: the harness sent ${faults.length} frame(s) that break the ${revision} schema, first: ${first.frame} (${first.issues.map((i) => `${i.path} ${i.message}`).join('; ')})`;
  }
  if (recorder.bugs.length > 0) fault ??= `harness bug: ${recorder.bugs.join('; ')}`;
  const checks = withExcerpts(recorder.finish(fault ? { kind: 'fault' } : unreached), transcript.entries);
  await transcript.close();

  const message = fault ?? attempt.notice?.() ?? (unreached.kind === 'ended' ? undefined : unreached.reason);
  return {
    id: scenario.id,
    title: scenario.title,
    role: scenario.role,
    revision,
    transport: driver.transport,
    // A harness fault outranks what the checks said before it; otherwise the worst check decides.
    status: fault ? 'errored' : worstStatus(checks.map((c) => c.status)),
    durationMs: Date.now() - started,
    ...(message ? { message } : {}),
    ...(scenario.generated ? { generated: true } : {}),
    ...(scenario.tags ? { tags: scenario.tags } : {}),
    checks,
    ...(options.transcriptRef ? { transcript: options.transcriptRef } : {}),
  };
}

/** A scenario the driver found inapplicable: every declared check is reported as not applicable. */
export function skippedScenario(scenario: LoadedScenario, revision: Revision, driver: RoleDriver, reason: string): ScenarioResult {
  const recorder = new CheckRecorder(revision, scenario.checks);
  const checks = recorder.finish({ kind: 'skip', reason });
  return {
    id: scenario.id,
    title: scenario.title,
    role: scenario.role,
    revision,
    transport: driver.transport,
    status: 'skipped',
    durationMs: 0,
    message: reason,
    ...(scenario.generated ? { generated: true } : {}),
    ...(scenario.tags ? { tags: scenario.tags } : {}),
    checks,
  };
}

function schemaAccess(validator: RevisionValidator): SchemaAccess {
  return {
    definition: (name, value) => validator.definition(name, value),
    has: (name) => validator.hasDefinition(name),
    result: (method, value) => validator.result(method, value),
  };
}
