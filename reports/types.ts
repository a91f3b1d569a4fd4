/**
 * The shape of report.json, the single source of truth of a run. Every reporter is a pure function
 * of a `Report`; nothing here may import the runner. Keep in step with report.schema.json.
 */

export const REPORT_FORMAT_VERSION = 1;

export type Role = 'server' | 'client';
export type Keyword = 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'MAY';
/** passed; failed (also "not testable": a prerequisite is missing); skipped (not applicable); errored (the harness's fault). */
export type Status = 'passed' | 'failed' | 'skipped' | 'errored';
/** A result judged against the implementation's baseline of known failures. */
export type Outcome = 'expected' | 'unexpected' | 'stale' | 'flaky';

export interface CheckResult {
  /** Stable kebab-case id, unique within its scenario. */
  id: string;
  /** Requirement id, `<topic>/<actor>-<behaviour>`. */
  requirement: string;
  keyword: Keyword;
  /** The requirement is normative prose without an RFC 2119 keyword, graded SHOULD. */
  prose?: true;
  /** Link to the spec anchor of the scenario's revision. */
  specUrl: string;
  /** One-line summary of the requirement, in our own words. */
  summary: string;
  status: Status;
  outcome: Outcome;
  /** Why it failed, was skipped or errored; absent on a pass. */
  message?: string;
  expected?: string;
  /** What the target actually did, as JSON-compatible data. */
  actual?: unknown;
  /** Transcript sequence numbers of the frames that are the evidence. */
  frames?: number[];
  /**
   * The frames of {@link frames} themselves, cut to a bounded size, so that a report read on its own (the HTML
   * page, `report --from`) shows the evidence without the transcript files. Set only where `frames` is.
   */
  excerpt?: CheckExcerpt;
  /**
   * Set on a `failed` check that could not be run because a prerequisite was missing (its message starts
   * "Not testable:"). It stays failed, because a gap must never read as a pass or a skip, but
   * {@link RequirementRollup} counts it apart from checks that ran and failed. Never set on another status.
   */
  untestable?: true;
  /** Made by the engine in every scenario from what it saw on the wire (schema, stdout, capabilities), not by the scenario. */
  automatic?: true;
  /**
   * Set when an entry of the run's baseline (`--baseline`) lists this check: with outcome `expected` on a failed
   * check (a known failure, which does not fail the run), `stale` on a passed one (the entry is out of date,
   * which fails the run). The reason is the baseline's own words.
   */
  baseline?: { reason: string };
}

/**
 * A bounded copy of the transcript frames a check cites, taken from the scenario's transcript (already
 * redacted like every transcript entry). The full frames stay in the transcript file.
 */
export interface CheckExcerpt {
  /** In transcript order: the cited frames (at most a few) and, before a cited response, the request it answers. */
  frames: FrameExcerpt[];
  /** Cited frames left out: beyond the per-check cap, or never kept by the transcript (a flooding target). */
  omitted?: number;
}

/** One transcript entry in a {@link CheckExcerpt}. */
export interface FrameExcerpt {
  /** The entry's sequence number in the scenario's transcript. */
  seq: number;
  /** From the harness's point of view: `send` to the target, `recv` from it, `note` by the harness. */
  dir: 'send' | 'recv' | 'note';
  /** Where it travelled: stdin, stdout, stderr, POST, GET, ... */
  lane: string;
  /** The HTTP exchange it belongs to, when it travelled over HTTP. */
  http?: { method?: string; status?: number };
  /** The frame as recorded, cut to the excerpt's per-frame cap. */
  text: string;
  /** Characters cut from the end of `text` (absent when it is whole). */
  cut?: number;
  /** Not cited by the check: the request a cited response answers, shown for context. */
  context?: true;
}

export interface ScenarioResult {
  /** Path under suites/ without extension, e.g. `2024-11-05/server/lifecycle/ping`. */
  id: string;
  title: string;
  role: Role;
  revision: string;
  transport: string;
  /** Scenario status: the worst of its checks, or its own skip/error. */
  status: Status;
  durationMs: number;
  message?: string;
  generated?: boolean;
  tags?: string[];
  checks: CheckResult[];
  /** Transcript file, relative to the report's directory. */
  transcript?: string;
}

export interface RevisionRun {
  revision: string;
  /** The version the target answered with when offered this revision. */
  negotiated?: string;
  /** False when the target does not speak this revision; its scenarios are then skipped. */
  supported: boolean;
  note?: string;
  /**
   * The revision's era: `stateful` (the initialize handshake, a session) or `stateless` (every request
   * carries its own `_meta`, from 2026-07-28). Absent in reports written before it was recorded.
   */
  era?: 'stateful' | 'stateless';
  /** Why this revision ran. Absent in reports written before it was recorded. */
  selection?: RevisionSelection;
  /**
   * Every requirement of this revision's catalogue for the tested role, with how the checks citing it fared,
   * sorted by id (see `rollupRequirements` in reports/rollup.ts). Absent in reports written before the engine
   * computed rollups; readers must treat absence as "not computed", never as "no requirements".
   */
  requirements?: RequirementRollup[];
}

/**
 * How a revision came to run: named with `--spec-version`, one of `all`, `auto`'s choice (the newest
 * dated revision the target supports), `auto` with `--scenario` filters (the newest supported revision
 * where the most filters select a scenario that applies), or the fallback when the target supported
 * no revision it was offered. `reason` says it in a sentence.
 */
export interface RevisionSelection {
  by: 'named' | 'all' | 'auto' | 'auto-filtered' | 'fallback';
  reason: string;
}

/** Check counts of one requirement: {@link Counts}, with the untestable failures split out of `failed`. */
export interface RequirementCounts extends Counts {
  /** Failed checks marked {@link CheckResult.untestable}; they are not also counted in `failed`. */
  untestable: number;
}

/** A requirement's status in one revision: the worst of its checks, or `unchecked` when no check cites it. */
export type RequirementStatus = Status | 'unchecked';

/** How one requirement of a revision's catalogue fared: the rollup of every check result citing it. */
export interface RequirementRollup {
  /** Requirement id, `<topic>/<actor>-<behaviour>`. */
  id: string;
  /** From the catalogue, not from the checks. */
  keyword: Keyword;
  /** The requirement is normative prose without an RFC 2119 keyword, graded SHOULD. */
  prose?: true;
  /** Link to the spec anchor of this revision. */
  specUrl: string;
  /** One-line summary of the requirement, in our own words. */
  summary: string;
  /** How many check results of this revision cite it (the sum of `counts`). */
  checks: number;
  counts: RequirementCounts;
  /** Worst status of its checks (errored > failed > passed > skipped), or `unchecked` when `checks` is 0. */
  status: RequirementStatus;
}

export interface TargetInfo {
  role: Role;
  /** stdio, streamable-http or legacy-sse. */
  transport: string;
  /** How a URL target's transport was chosen when not by default (--transport, a URL ending in /sse, the backwards-compatibility probe). */
  transportReason?: string;
  command?: string;
  url?: string;
  /** serverInfo or clientInfo as the target reported it. */
  info?: { name?: string; version?: string; [key: string]: unknown };
  capabilities?: Record<string, unknown>;
}

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  errored: number;
}

export interface Summary {
  scenarios: Counts;
  checks: Counts;
  /** Failed checks by keyword: what decides the verdict. */
  failedByKeyword: Partial<Record<Keyword, number>>;
  verdict: 'conformant' | 'non-conformant' | 'error';
  exitCode: 0 | 1 | 2 | 3;
}

/**
 * The target process ended on its own during the run, told once for the whole run: where it first happened
 * and the last lines it wrote to stderr, which otherwise only the transcripts hold (each affected scenario
 * only says that the target exited). Over stdio every scenario starts its own process, so `scenarios` says
 * how many saw it.
 */
export interface TargetExit {
  /** The first scenario, in plan order, whose target exited before the harness ended it or closed its input. */
  scenario: string;
  /** The revision that scenario ran at. */
  revision: string;
  /** How the process ended: `code 3`, or `signal SIGSEGV`. */
  exit: string;
  /** The last lines it wrote to stderr (at most 20), oldest first; empty when it wrote none. */
  stderr: string[];
  /** How many scenarios saw their target exit on its own, the first one included. */
  scenarios: number;
}

/**
 * Which slice of a run's plan this report holds (`--shard i/n`; the rule is reports/shard.ts), and what
 * `report merge` needs to put the shards back together and to tell shards of different plans apart.
 */
export interface ShardRecord {
  /** This shard, counted from 1. */
  index: number;
  /** How many shards the plan is split into. */
  count: number;
  /** Units (scenario at revision) in the whole plan, all shards together; absent when the run ended before planning. */
  planned?: number;
  /** `planFingerprint` of the whole plan; absent when the run ended before planning. */
  plan?: string;
}

export interface Report {
  reportVersion: typeof REPORT_FORMAT_VERSION;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  target: TargetInfo;
  revisions: RevisionRun[];
  environment: { node: string; platform: string; arch: string; ci: boolean };
  options: {
    specVersion: string;
    jobs: number;
    timeoutMs: number;
    failOn: 'should' | 'must';
    scenarios?: string[];
    /** The baseline file the results were judged against (`--baseline`), as given. */
    baseline?: string;
    /** `--profile` as given (auto, blackbox, fixtures). Absent in reports written before it was recorded. */
    profile?: string;
    /** `--call-tools` was given: every listed tool may be called. */
    callTools?: true;
    /** The tools `--tool-args` gave arguments for (their names only: the arguments may be secret). */
    toolArgs?: string[];
    /** `--isolate` was given: no scenario shared a session with another. */
    isolate?: true;
  };
  scenarios: ScenarioResult[];
  summary: Summary;
  /** Set on the report of one shard of a run (`--shard i/n`); absent on an unsharded or merged run. */
  shard?: ShardRecord;
  /** Set when the target process exited on its own during some scenario (see {@link TargetExit}). */
  targetExit?: TargetExit;
  /** Set when the run could not complete (a filter selecting nothing, target unreachable, harness fault). */
  fatal?: { kind: 'usage' | 'unreachable' | 'harness'; message: string };
}
