import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './support/cli.js';
import { describe, expect, it } from 'vitest';
import { conformantRun, erroredRun, failingRun, fullReport } from './support/report-examples.js';
import { reportSchema, validateReport } from '../reports/schema.js';
import {
  REPORT_FORMAT_VERSION,
  type CheckExcerpt,
  type CheckResult,
  type FrameExcerpt,
  type Counts,
  type Report,
  type RequirementCounts,
  type RequirementRollup,
  type RevisionRun,
  type RevisionSelection,
  type ScenarioResult,
  type ShardRecord,
  type Summary,
  type TargetExit,
  type TargetInfo,
} from '../reports/types.js';

/**
 * Every key of T, marked required or optional exactly as the type declares it. An object literal annotated
 * with this type fails to compile when it misses a key, adds one, or gets the optionality wrong, so the
 * tables below are the TypeScript side of the schema comparison.
 */
type KeySpec<T> = { [K in keyof T]-?: object extends Pick<T, K> ? 'optional' : 'required' };

const CHECK: KeySpec<CheckResult> = {
  id: 'required',
  requirement: 'required',
  keyword: 'required',
  prose: 'optional',
  specUrl: 'required',
  summary: 'required',
  status: 'required',
  outcome: 'required',
  message: 'optional',
  expected: 'optional',
  actual: 'optional',
  frames: 'optional',
  excerpt: 'optional',
  untestable: 'optional',
  automatic: 'optional',
  baseline: 'optional',
};
const EXCERPT: KeySpec<CheckExcerpt> = { frames: 'required', omitted: 'optional' };
const FRAME: KeySpec<FrameExcerpt> = { seq: 'required', dir: 'required', lane: 'required', http: 'optional', text: 'required', cut: 'optional', context: 'optional' };
const SCENARIO: KeySpec<ScenarioResult> = {
  id: 'required',
  title: 'required',
  role: 'required',
  revision: 'required',
  transport: 'required',
  status: 'required',
  durationMs: 'required',
  message: 'optional',
  generated: 'optional',
  tags: 'optional',
  checks: 'required',
  transcript: 'optional',
};
const REVISION: KeySpec<RevisionRun> = {
  revision: 'required',
  negotiated: 'optional',
  supported: 'required',
  note: 'optional',
  era: 'optional',
  selection: 'optional',
  requirements: 'optional',
};
const SELECTION: KeySpec<RevisionSelection> = { by: 'required', reason: 'required' };
const ROLLUP: KeySpec<RequirementRollup> = {
  id: 'required',
  keyword: 'required',
  prose: 'optional',
  specUrl: 'required',
  summary: 'required',
  checks: 'required',
  counts: 'required',
  status: 'required',
};
const ROLLUP_COUNTS: KeySpec<RequirementCounts> = {
  passed: 'required',
  failed: 'required',
  untestable: 'required',
  skipped: 'required',
  errored: 'required',
};
const TARGET: KeySpec<TargetInfo> = {
  role: 'required',
  transport: 'required',
  transportReason: 'optional',
  command: 'optional',
  url: 'optional',
  info: 'optional',
  capabilities: 'optional',
};
const COUNTS: KeySpec<Counts> = { passed: 'required', failed: 'required', skipped: 'required', errored: 'required' };
const SUMMARY: KeySpec<Summary> = {
  scenarios: 'required',
  checks: 'required',
  failedByKeyword: 'required',
  verdict: 'required',
  exitCode: 'required',
};
const FAILED_BY_KEYWORD: KeySpec<Summary['failedByKeyword']> = {
  MUST: 'optional',
  'MUST NOT': 'optional',
  SHOULD: 'optional',
  'SHOULD NOT': 'optional',
  MAY: 'optional',
};
const REPORT: KeySpec<Report> = {
  reportVersion: 'required',
  tool: 'required',
  startedAt: 'required',
  finishedAt: 'required',
  durationMs: 'required',
  target: 'required',
  revisions: 'required',
  environment: 'required',
  options: 'required',
  scenarios: 'required',
  summary: 'required',
  shard: 'optional',
  targetExit: 'optional',
  fatal: 'optional',
};
const TOOL: KeySpec<Report['tool']> = { name: 'required', version: 'required' };
const ENVIRONMENT: KeySpec<Report['environment']> = { node: 'required', platform: 'required', arch: 'required', ci: 'required' };
const OPTIONS: KeySpec<Report['options']> = {
  specVersion: 'required',
  jobs: 'required',
  timeoutMs: 'required',
  failOn: 'required',
  scenarios: 'optional',
  baseline: 'optional',
  profile: 'optional',
  callTools: 'optional',
  toolArgs: 'optional',
  isolate: 'optional',
};
const SHARD: KeySpec<ShardRecord> = { index: 'required', count: 'required', planned: 'optional', plan: 'optional' };
const FATAL: KeySpec<NonNullable<Report['fatal']>> = { kind: 'required', message: 'required' };
const TARGET_EXIT: KeySpec<TargetExit> = { scenario: 'required', revision: 'required', exit: 'required', stderr: 'required', scenarios: 'required' };

interface ObjectSchema {
  type: string;
  additionalProperties?: boolean;
  required?: string[];
  properties: Record<string, unknown>;
}

const schema = reportSchema() as unknown as ObjectSchema & { $id: string; $schema: string; $defs: Record<string, ObjectSchema> };

function def(name: string): ObjectSchema {
  const found = schema.$defs[name];
  if (!found) throw new Error(`no $defs/${name} in the schema`);
  return found;
}

function property(parent: ObjectSchema, name: string): ObjectSchema {
  return parent.properties[name] as ObjectSchema;
}

function reportWith(edit: (report: Record<string, unknown>) => void): unknown {
  const report = structuredClone(failingRun()) as unknown as Record<string, unknown>;
  edit(report);
  return report;
}

describe('report.schema.json', () => {
  it('is draft 2020-12, versioned with the report format, and shipped next to the compiled validator', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`urn:mcp-conformance:report:v${REPORT_FORMAT_VERSION}`);
    expect(schema.properties['reportVersion']).toEqual({ const: REPORT_FORMAT_VERSION });
    expect(existsSync(join(root, 'dist', 'reports', 'report.schema.json'))).toBe(true);
  });

  const objects: [string, () => ObjectSchema, Record<string, 'required' | 'optional'>][] = [
    ['Report', () => schema, REPORT],
    ['Report.tool', () => property(schema, 'tool'), TOOL],
    ['Report.environment', () => property(schema, 'environment'), ENVIRONMENT],
    ['Report.options', () => property(schema, 'options'), OPTIONS],
    ['Report.fatal', () => property(schema, 'fatal'), FATAL],
    ['CheckResult', () => def('CheckResult'), CHECK],
    ['CheckExcerpt', () => def('CheckExcerpt'), EXCERPT],
    ['FrameExcerpt', () => def('FrameExcerpt'), FRAME],
    ['ScenarioResult', () => def('ScenarioResult'), SCENARIO],
    ['RevisionRun', () => def('RevisionRun'), REVISION],
    ['RevisionRun.selection', () => property(def('RevisionRun'), 'selection'), SELECTION],
    ['RequirementRollup', () => def('RequirementRollup'), ROLLUP],
    ['RequirementCounts', () => def('RequirementCounts'), ROLLUP_COUNTS],
    ['TargetInfo', () => def('TargetInfo'), TARGET],
    ['TargetExit', () => def('TargetExit'), TARGET_EXIT],
    ['ShardRecord', () => def('ShardRecord'), SHARD],
    ['Counts', () => def('Counts'), COUNTS],
    ['Summary', () => def('Summary'), SUMMARY],
    ['Summary.failedByKeyword', () => property(def('Summary'), 'failedByKeyword'), FAILED_BY_KEYWORD],
  ];
  it.each(objects)('describes %s exactly: same properties, same required ones, nothing extra', (_name, get, keys) => {
    const object = get();
    expect(object.type).toBe('object');
    expect(object.additionalProperties).toBe(false);
    expect(Object.keys(object.properties).sort()).toEqual(Object.keys(keys).sort());
    const required = Object.entries(keys).filter(([, v]) => v === 'required').map(([k]) => k);
    expect([...(object.required ?? [])].sort()).toEqual(required.sort());
  });

  it('accepts the example runs and a report using every optional field', () => {
    expect(validateReport(conformantRun())).toEqual([]);
    expect(validateReport(failingRun())).toEqual([]);
    expect(validateReport(failingRun('must'))).toEqual([]);
    expect(validateReport(erroredRun())).toEqual([]);
    expect(validateReport(fullReport())).toEqual([]);
  });

  it('accepts any JSON as actual, and extra fields in the target-reported info', () => {
    for (const actual of [null, 0, 'text', [1, [2, { a: null }]], { nested: { deep: [true] } }]) {
      const report = failingRun();
      const check = report.scenarios[0]?.checks[0];
      if (!check) throw new Error('example has no check');
      check.actual = actual;
      expect(validateReport(report)).toEqual([]);
    }
    const report = failingRun();
    report.target.info = { name: 'x', version: '1', title: 'X server', icons: [] };
    expect(validateReport(report)).toEqual([]);
  });

  it('accepts a report written before requirement rollups (no revisions[].requirements)', () => {
    const report = failingRun();
    for (const run of report.revisions) delete run.requirements;
    expect(validateReport(report)).toEqual([]);
  });

  it('allows untestable only on a failed check, and only as true', () => {
    const flag = (status: string, untestable: unknown) =>
      validateReport(
        reportWith((r) => {
          const check = (r['scenarios'] as { checks: Record<string, unknown>[] }[])[0]?.checks[0];
          if (!check) throw new Error('example has no check');
          Object.assign(check, { status, untestable });
        }),
      );
    expect(flag('failed', true)).toEqual([]);
    expect(flag('passed', true)).toEqual([
      '/scenarios/0/checks/0/status must be equal to constant: "failed"',
      '/scenarios/0/checks/0 must match "then" schema',
    ]);
    expect(flag('failed', false)).toEqual(['/scenarios/0/checks/0/untestable must be equal to constant: true']);
  });

  it('rejects a requirement rollup with an unknown status or a missing count', () => {
    const issues = validateReport(
      reportWith((r) => {
        const rollup = (r['revisions'] as { requirements: Record<string, unknown>[] }[])[0]?.requirements[0];
        if (!rollup) throw new Error('example has no rollup');
        rollup['status'] = 'partial';
        delete (rollup['counts'] as Record<string, unknown>)['untestable'];
      }),
    );
    expect(issues).toEqual([
      "/revisions/0/requirements/0/counts must have required property 'untestable'",
      '/revisions/0/requirements/0/status must be equal to one of the allowed values: "passed", "failed", "skipped", "errored", "unchecked"',
    ]);
  });

  it('rejects a report without a summary, naming the missing property', () => {
    const issues = validateReport(reportWith((r) => delete r['summary']));
    expect(issues).toEqual(["(root) must have required property 'summary'"]);
  });

  it('rejects a bad status with its path and the allowed values', () => {
    const issues = validateReport(
      reportWith((r) => {
        const scenarios = r['scenarios'] as { checks: { status: string }[] }[];
        const check = scenarios[0]?.checks[1];
        if (!check) throw new Error('example has no second check');
        check.status = 'broken';
      }),
    );
    expect(issues).toEqual([
      '/scenarios/0/checks/1/status must be equal to one of the allowed values: "passed", "failed", "skipped", "errored"',
    ]);
  });

  it('rejects unknown properties, wrong versions, bad dates, bad counts and exit codes', () => {
    expect(validateReport(reportWith((r) => (r['extra'] = 1)))).toEqual(['(root) must NOT have additional properties: extra']);
    expect(validateReport(reportWith((r) => (r['reportVersion'] = 2)))).toEqual(['/reportVersion must be equal to constant: 1']);
    expect(validateReport(reportWith((r) => (r['startedAt'] = 'yesterday')))).toEqual([
      '/startedAt must match format "date-time"',
    ]);
    const badCounts = validateReport(
      reportWith((r) => {
        const summary = r['summary'] as { checks: Counts; exitCode: number };
        summary.checks.passed = -1;
        summary.exitCode = 4;
      }),
    );
    expect(badCounts).toContain('/summary/checks/passed must be >= 0');
    expect(badCounts).toContain('/summary/exitCode must be equal to one of the allowed values: 0, 1, 2, 3');
    expect(validateReport(reportWith((r) => ((r['summary'] as Record<string, unknown>)['failedByKeyword'] = { MUSTNT: 1 })))).toEqual([
      '/summary/failedByKeyword must NOT have additional properties: MUSTNT',
    ]);
  });

  it('rejects values that are not reports at all', () => {
    expect(validateReport(null)).toEqual(['(root) must be object']);
    expect(validateReport('report')).toEqual(['(root) must be object']);
    expect(validateReport({}).length).toBe(11);
  });
});
