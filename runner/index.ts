/**
 * Programmatic API: `import { run } from 'mcp-conformance'`. Returns the same report the CLI writes
 * as report.json; render it with the reporters or assert on it in a test suite.
 */
export { run, defaultJobs, DEFAULT_TIMEOUT_MS, type RunOptions } from './engine/run.js';
export { readBaseline, parseBaseline, updateBaseline, baselineYaml, BaselineError, type Baseline, type BaselineEntry } from './engine/baseline.js';
export { targetSecrets, type ServerTargetSpec } from './targets/server-target.js';
export type { SecretSet } from './util/secrets.js';
export { REDACTED } from './util/redact.js';
export type {
  Report,
  RevisionRun,
  RevisionSelection,
  ScenarioResult,
  CheckResult,
  Status,
  Keyword,
  Outcome,
  Summary,
  RequirementRollup,
  RequirementCounts,
  RequirementStatus,
  TargetExit,
  ShardRecord,
} from '../reports/types.js';
export { mergeShardReports, MergeError, type ShardInput, type MergeResult } from '../reports/merge.js';
export { sliceForShard, type ShardSpec } from '../reports/shard.js';
export { REPORTERS, parseReporters, renderConsole, renderJson, readReport, validateReport } from '../reports/index.js';
export type { Reporter, ReporterName, ReporterOutput, RenderOptions } from '../reports/index.js';
export { REVISIONS, DESCRIPTORS, describeRevision, type Revision, type RevisionDescriptor } from './revisions.js';
export { runnableRevisions } from './engine/bootstrap.js';
