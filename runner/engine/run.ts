import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../../reports/summary.js';
import { REPORT_FORMAT_VERSION, type Report, type RevisionRun, type ScenarioResult } from '../../reports/types.js';
import { compareRevisions, inRange, isStateful, STATEFUL_REVISIONS, type Revision } from '../revisions.js';
import { ServerTarget, type ServerTargetSpec } from '../targets/server-target.js';
import { executeScenario } from './execute.js';
import { mapPool } from './pool.js';
import { loadScenarios } from './load.js';
import { chooseRevisions, probeRevision, supportedRevisions, type ProbeResult } from './probe.js';
import { UnreachableError } from '../targets/errors.js';
import { launchServer, type LaunchedServer } from '../targets/launched-server.js';
import type { LoadedScenario } from './scenario.js';
import { TOOL_VERSION } from '../version.js';

export interface RunOptions {
  target: ServerTargetSpec;
  /** A revision, `auto` (newest the target supports) or `all` (every stateful revision it supports). */
  specVersion: Revision | 'auto' | 'all';
  /** Scenario id filters: a scenario runs when its id contains any of them. */
  scenarios?: string[];
  jobs?: number;
  timeoutMs?: number;
  failOn?: 'should' | 'must';
  /** Directory for transcripts; none are written when undefined. */
  outDir?: string;
  /** Called as scenarios finish, for a progress line. */
  onProgress?: (done: number, total: number, last: ScenarioResult) => void;
  /** Called once the plan is known. */
  onPlan?: (total: number, revisions: Revision[]) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Bounded parallelism: a 2-core CI machine should not run 16 server processes at once. */
export function defaultJobs(): number {
  return Math.max(2, Math.min(8, availableParallelism()));
}

/** Runs the chosen suites against a server under test and returns the report. Never throws for target faults. */
export async function run(options: RunOptions): Promise<Report> {
  const startedAt = new Date();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const jobs = options.jobs ?? defaultJobs();
  const failOn = options.failOn ?? 'should';
  const spec = options.target;
  const base: Omit<Report, 'scenarios' | 'summary' | 'revisions' | 'finishedAt' | 'durationMs'> = {
    reportVersion: REPORT_FORMAT_VERSION,
    tool: { name: 'mcp-conformance', version: TOOL_VERSION },
    startedAt: startedAt.toISOString(),
    target: {
      role: 'server',
      transport: spec.kind === 'command' ? 'stdio' : 'streamable-http',
      ...(spec.kind === 'command' ? { command: spec.command } : { url: withoutCredentials(spec.url), ...(spec.launch ? { command: spec.launch.command } : {}) }),
    },
    environment: { node: process.version, platform: process.platform, arch: process.arch, ci: Boolean(process.env.CI) },
    options: { specVersion: options.specVersion, jobs, timeoutMs, failOn, ...(options.scenarios ? { scenarios: options.scenarios } : {}) },
  };
  const finish = (scenarios: ScenarioResult[], revisions: RevisionRun[], fatal?: Report['fatal']): Report => {
    const finishedAt = new Date();
    const summary = summarize(scenarios, failOn, fatal);
    return {
      ...base,
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      revisions,
      scenarios,
      summary,
      ...(fatal ? { fatal } : {}),
    };
  };
  const fatal = (err: unknown): Report =>
    err instanceof UnreachableError
      ? finish([], [], { kind: 'unreachable', message: err.message })
      : finish([], [], { kind: 'harness', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });

  // An HTTP server given as a command is started once, for the whole run, and always stopped.
  let launched: LaunchedServer | undefined;
  if (spec.kind === 'url' && spec.launch) {
    try {
      launched = await launchServer({ ...spec.launch, url: spec.url }, Math.max(30_000, timeoutMs * 3));
    } catch (err) {
      return fatal(err);
    }
    base.target.url = withoutCredentials(launched.url);
    base.target.command = launched.command;
  }
  try {
    const target = new ServerTarget(launched && spec.kind === 'url' ? { kind: 'url', url: launched.url, headers: spec.headers } : spec, timeoutMs);
    return await runAgainst(target, options, { timeoutMs, jobs, base, finish, fatal });
  } finally {
    await launched?.stop();
  }
}

interface RunContext {
  timeoutMs: number;
  jobs: number;
  base: Omit<Report, 'scenarios' | 'summary' | 'revisions' | 'finishedAt' | 'durationMs'>;
  finish: (scenarios: ScenarioResult[], revisions: RevisionRun[], fatal?: Report['fatal']) => Report;
  fatal: (err: unknown) => Report;
}

async function runAgainst(target: ServerTarget, options: RunOptions, { timeoutMs, jobs, base, finish, fatal }: RunContext): Promise<Report> {
  let probes: ProbeResult[];
  try {
    probes = await probeAll(target, timeoutMs, jobs, options.outDir);
  } catch (err) {
    return fatal(err);
  }
  const supported = supportedRevisions(probes);
  const revisions = chooseRevisions(options.specVersion, probes);
  const newest = [...probes].reverse().find((p) => p.negotiated !== undefined) ?? probes.at(-1);
  if (newest?.info) base.target.info = newest.info;
  if (newest) base.target.capabilities = newest.capabilities;

  const all = await loadScenarios();
  const plan = revisions.flatMap((revision) => planRevision(all, revision, options.scenarios).map((s) => ({ s, revision })));
  options.onPlan?.(plan.length, revisions);

  let done = 0;
  const results = await mapPool(plan, jobs, async ({ s, revision }) => {
    const probe = probes.find((p) => p.revision === revision);
    const profile = {
      supported,
      ...(probe?.negotiated ? { negotiated: probe.negotiated } : {}),
      capabilities: probe?.capabilities ?? {},
      ...(probe?.info ? { info: probe.info } : {}),
    };
    const missing = (s.requires?.capabilities ?? []).filter((c) => profile.capabilities[c] === undefined);
    const transcriptRef = `transcripts/${revision}/${s.id.replace(/\//g, '__')}.jsonl`;
    const inapplicable =
      s.transports && !s.transports.includes(target.transport)
        ? `applies to ${s.transports.join(', ')} only`
        : missing.length
          ? `the target does not declare the ${missing.join(', ')} capability`
          : undefined;
    const result = inapplicable
      ? skipped(s, revision, target.transport, inapplicable)
      : await executeScenario(s, revision, target, profile, {
          timeoutMs,
          scenarioTimeoutMs: Math.max(60_000, timeoutMs * 6),
          ...(options.outDir ? { transcriptPath: join(options.outDir, transcriptRef), transcriptRef } : {}),
        });
    options.onProgress?.(++done, plan.length, result);
    return result;
  });

  const revisionRuns: RevisionRun[] = revisions.map((revision) => {
    const probe = probes.find((p) => p.revision === revision);
    return {
      revision,
      ...(probe?.negotiated ? { negotiated: probe.negotiated } : {}),
      supported: supported.includes(revision),
      ...(probe?.problem ? { note: probe.problem } : !supported.includes(revision) && isStateful(revision) ? { note: `offered ${revision}, the target answered ${probe?.negotiated ?? 'nothing'}` } : {}),
    };
  });
  return finish(results, revisionRuns);
}

/** Offers the target every stateful revision, newest first, failing fast when it cannot be reached. */
async function probeAll(target: ServerTarget, timeoutMs: number, jobs: number, outDir?: string): Promise<ProbeResult[]> {
  const order = [...STATEFUL_REVISIONS].sort((a, b) => compareRevisions(b, a));
  const path = (r: Revision): string | undefined => (outDir ? join(outDir, 'transcripts', 'probe', `${r}.jsonl`) : undefined);
  const first = await probeRevision(target, order[0]!, timeoutMs, path(order[0]!));
  const rest = await mapPool(order.slice(1), jobs, (r) => probeRevision(target, r, timeoutMs, path(r)));
  return [first, ...rest].sort((a, b) => compareRevisions(a.revision, b.revision));
}

/**
 * Scenarios of a revision that match the user's filters. Those for another transport stay in the
 * plan and are reported as skipped, so the report shows the whole suite of the revision.
 */
export function planRevision(all: LoadedScenario[], revision: Revision, filters?: string[]): LoadedScenario[] {
  return all.filter((s) => s.role === 'server' && inRange(revision, s.since, s.until) && (!filters?.length || filters.some((f) => s.id.includes(f))));
}

/** A URL as reports may show it: user:password@ never leaves the process. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '[redacted]';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

function skipped(s: LoadedScenario, revision: Revision, transport: string, reason: string): ScenarioResult {
  return { id: s.id, title: s.title, role: s.role, revision, transport, status: 'skipped', durationMs: 0, message: reason, checks: [] };
}
