import type { CheckResult, ScenarioResult, Status } from '../../reports/types.js';
import type { Revision } from '../revisions.js';
import type { ServerTarget } from '../targets/server-target.js';
import { getValidator } from '../validation/validator.js';
import { toJson } from '../util/json.js';
import { Transcript } from '../util/transcript.js';
import { ServerConnection } from './connection.js';
import { findRequirement } from './requirements.js';
import { ScenarioSkip, type Assertion, type LoadedScenario, type ScenarioContext, type TargetProfile } from './scenario.js';
import { automaticChecks } from './auto-checks.js';

export interface ExecuteOptions {
  timeoutMs: number;
  /** Hard limit for a whole scenario; exceeding it is the harness's fault (every wait has its own timeout). */
  scenarioTimeoutMs: number;
  /** Where to write the transcript (JSONL); none when undefined. */
  transcriptPath?: string;
  /** The transcript path as the report should show it (relative to the report). */
  transcriptRef?: string;
}

const STATUS_RANK: Record<Status, number> = { skipped: 0, passed: 1, failed: 2, errored: 3 };

/** Runs one scenario against one target at one revision; never throws. */
export async function executeScenario(
  scenario: LoadedScenario,
  revision: Revision,
  target: ServerTarget,
  profile: TargetProfile,
  options: ExecuteOptions,
): Promise<ScenarioResult> {
  const started = Date.now();
  const transcript = new Transcript(target.transport);
  if (options.transcriptPath) transcript.writeTo(options.transcriptPath);
  transcript.note(`scenario ${scenario.id} at revision ${revision}`);
  const checks: CheckResult[] = [];
  const connections: ServerConnection[] = [];
  let scenarioStatus: Status | undefined;
  let scenarioMessage: string | undefined;

  const record = (id: string, requirementId: string, status: Status, fields: Partial<CheckResult>): void => {
    const requirement = findRequirement(revision, requirementId);
    if (!requirement) {
      scenarioStatus = 'errored';
      scenarioMessage = `harness bug: check ${id} cites ${requirementId}, which is not in the ${revision} catalogue`;
      return;
    }
    if (checks.some((c) => c.id === id)) {
      scenarioStatus = 'errored';
      scenarioMessage = `harness bug: check ${id} recorded twice`;
      return;
    }
    checks.push({
      id,
      requirement: requirementId,
      keyword: requirement.keyword,
      specUrl: requirement.url,
      summary: requirement.summary,
      status,
      outcome: status === 'failed' || status === 'errored' ? 'unexpected' : 'expected',
      ...fields,
    });
  };

  const context: ScenarioContext = {
    revision,
    transport: target.transport,
    target: profile,
    timeoutMs: options.timeoutMs,
    async connect() {
      const channel = await target.open(transcript);
      const connection = new ServerConnection(channel, revision, getValidator(revision), options.timeoutMs);
      connections.push(connection);
      return connection;
    },
    check(id, requirementId, assertion: Assertion) {
      record(id, requirementId, assertion.ok ? 'passed' : 'failed', assertion.ok ? {} : failureFields(assertion));
      return assertion.ok;
    },
    untestable(id, requirementId, reason) {
      record(id, requirementId, 'failed', { message: `Not testable: ${reason}` });
    },
    notApplicable(id, requirementId, reason) {
      record(id, requirementId, 'skipped', { message: reason });
    },
    skip(reason): never {
      throw new ScenarioSkip(reason);
    },
    note(text) {
      transcript.note(text);
    },
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.scenarioTimeoutMs)));
    const outcome = await Promise.race([scenario.run(context).then(() => 'done' as const), limit]);
    if (outcome === 'timeout') {
      scenarioStatus = 'errored';
      scenarioMessage = `harness fault: the scenario did not finish within ${options.scenarioTimeoutMs} ms`;
    }
  } catch (err) {
    if (err instanceof ScenarioSkip) {
      scenarioStatus = 'skipped';
      scenarioMessage = err.message;
    } else {
      scenarioStatus = 'errored';
      scenarioMessage = `harness fault: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    }
  } finally {
    clearTimeout(timer);
    await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
  }

  if (scenarioStatus !== 'skipped') {
    for (const auto of automaticChecks(connections, target.transport)) {
      if (auto.assertion) context.check(auto.id, auto.requirement, auto.assertion);
    }
    const faults = connections.flatMap((c) => c.rpc.harnessFaults);
    if (faults.length > 0) {
      scenarioStatus = 'errored';
      scenarioMessage = `harness fault: the harness sent ${faults.length} frame(s) that break the ${revision} schema, first: ${faults[0]!.frame} (${faults[0]!.issues.map((i) => `${i.path} ${i.message}`).join('; ')})`;
    }
  }
  await transcript.close();

  const worst = checks.reduce<Status>((w, c) => (STATUS_RANK[c.status] > STATUS_RANK[w] ? c.status : w), 'skipped');
  return {
    id: scenario.id,
    title: scenario.title,
    role: scenario.role,
    revision,
    transport: target.transport,
    // A scenario's own skip or harness fault outranks what its checks said before it stopped.
    status: scenarioStatus ?? worst,
    durationMs: Date.now() - started,
    ...(scenarioMessage ? { message: scenarioMessage } : {}),
    ...(scenario.generated ? { generated: true } : {}),
    ...(scenario.tags ? { tags: scenario.tags } : {}),
    checks,
    ...(options.transcriptRef ? { transcript: options.transcriptRef } : {}),
  };
}

function failureFields(assertion: Assertion): Partial<CheckResult> {
  return {
    ...(assertion.message ? { message: assertion.message } : {}),
    expected: assertion.expected,
    ...(assertion.actual !== undefined ? { actual: toJson(assertion.actual) } : {}),
    ...(assertion.frames?.length ? { frames: assertion.frames } : {}),
  };
}
