/**
 * Assembling report.json from a run: the fixed facts (tool, options, environment, target), then the
 * results and the verdict. The engine never renders a report; reporters read what this builds.
 */
import { summarize } from '../../reports/summary.js';
import type { ShardSpec } from '../../reports/shard.js';
import { REPORT_FORMAT_VERSION, type Report, type RevisionRun, type ScenarioResult, type ShardRecord, type TargetExit } from '../../reports/types.js';
import { TargetUsageError, UnreachableError } from '../targets/errors.js';
import type { Redactor } from '../util/redact.js';
import { TOOL_VERSION } from '../version.js';
import { FilterError } from './plan.js';
import type { RoleDriver } from './roles/driver.js';

export interface ReportOptions {
  specVersion: string;
  jobs: number;
  timeoutMs: number;
  failOn: 'should' | 'must';
  scenarios?: string[];
  /** The baseline file the results are judged against, as given. */
  baseline?: string;
  /** What the harness may do to the target, as given (tool arguments are recorded by tool name only). */
  policy?: { profile: string; callTools: boolean; toolNames: string[] };
  isolate?: boolean;
  /** `--shard i/n`: the report says which slice it holds, even when the run ends before planning. */
  shard?: ShardSpec;
  /** The run's secrets; the report is redacted with it as a whole, as the last step of assembly. */
  redactor: Redactor;
}

export class ReportAssembly {
  private readonly startedAt = new Date();

  constructor(
    private readonly options: ReportOptions,
    private readonly driver: RoleDriver,
  ) {}

  /**
   * The report of a run that completed, with or without failures (and the target exiting on its own, if it did).
   * `plan`: the size and fingerprint of the whole plan, for a sharded run.
   */
  finish(scenarios: ScenarioResult[], revisions: RevisionRun[], targetExit?: TargetExit, plan?: Pick<ShardRecord, 'planned' | 'plan'>): Report {
    return { ...this.build(scenarios, revisions, undefined, plan), ...(targetExit ? { targetExit } : {}) };
  }

  /** The report of a run that could not complete: a filter selects nothing, the target is unreachable, or the harness broke. */
  fatal(err: unknown): Report {
    const fatal: Report['fatal'] =
      err instanceof FilterError || err instanceof TargetUsageError
        ? { kind: 'usage', message: err.message }
        : err instanceof UnreachableError
          ? { kind: 'unreachable', message: err.message }
          : { kind: 'harness', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    return this.build([], [], fatal);
  }

  /**
   * The report, redacted deeply (keys included) before any reporter sees it: the target description,
   * the serverInfo it sent, every check's message, expected and actual, scenario messages, and fatal
   * messages quoting the target's stderr all may carry a secret the target echoed.
   */
  private build(scenarios: ScenarioResult[], revisions: RevisionRun[], fatal?: Report['fatal'], plan?: Pick<ShardRecord, 'planned' | 'plan'>): Report {
    const finishedAt = new Date();
    const { specVersion, jobs, timeoutMs, failOn, scenarios: filters, baseline, policy, isolate, shard, redactor } = this.options;
    return redactor.redactDeep<Report>({
      reportVersion: REPORT_FORMAT_VERSION,
      tool: { name: 'mcp-conformance', version: TOOL_VERSION },
      startedAt: this.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - this.startedAt.getTime(),
      target: this.driver.describeTarget(),
      revisions,
      environment: { node: process.version, platform: process.platform, arch: process.arch, ci: Boolean(process.env.CI) },
      options: {
        specVersion,
        jobs,
        timeoutMs,
        failOn,
        ...(filters?.length ? { scenarios: filters } : {}),
        ...(baseline ? { baseline } : {}),
        ...(policy ? { profile: policy.profile, ...(policy.callTools ? { callTools: true as const } : {}), ...(policy.toolNames.length ? { toolArgs: policy.toolNames } : {}) } : {}),
        ...(isolate ? { isolate: true as const } : {}),
      },
      scenarios,
      summary: summarize(scenarios, failOn, fatal),
      ...(shard ? { shard: { index: shard.index, count: shard.count, ...plan } } : {}),
      ...(fatal ? { fatal } : {}),
    });
  }
}
