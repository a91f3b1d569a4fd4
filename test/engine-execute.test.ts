/**
 * The engine's bookkeeping of checks, independent of any wire: a driver whose scenarios open no
 * connection, so each test is about what becomes of declared checks when a body records them,
 * stops, skips, breaks or misbehaves.
 */
import { describe, expect, it } from 'vitest';
import { AUTO_CHECKS } from '../runner/engine/auto-checks.js';
import type { CheckResult } from '../reports/types.js';
import { that, scenario } from '../runner/api/index.js';
import { executeScenario, skippedScenario } from '../runner/engine/execute.js';
import type { RoleDriver } from '../runner/engine/roles/driver.js';
import { DEFAULT_POLICY, type LoadedScenario, type ServerScenario, type ServerScenarioContext } from '../runner/engine/scenario.js';
import type { Revision } from '../runner/revisions.js';
import { Redactor } from '../runner/util/redact.js';
import { Transcript } from '../runner/util/transcript.js';

const AUTO_IDS = new Set(AUTO_CHECKS.map((a) => a.id));

/** A server driver with no target: `connect` and `ready` are never expected to be called. */
const driver: RoleDriver = {
  role: 'server',
  transport: 'streamable-http',
  sharedTarget: true,
  describeTarget: () => ({ role: 'server', transport: 'streamable-http' }),
  prepare: async () => undefined,
  chooseRevisions: () => ['2025-11-25'],
  revisionRun: (revision) => ({ revision, supported: true }),
  inapplicable: () => undefined,
  attempt(s, _revision, base) {
    const context: ServerScenarioContext = {
      ...base,
      target: { supported: [], capabilities: {} },
      policy: DEFAULT_POLICY,
      connect: () => Promise.reject(new Error('no wire in this test')),
      ready: () => Promise.reject(new Error('no wire in this test')),
      auth: { tokens: {}, transcript: new Transcript('streamable-http'), redactor: Redactor.none },
    };
    return { run: () => (s.role === 'server' ? s.run(context) : Promise.reject(new Error('a server scenario only'))), sessions: () => [], close: async () => undefined, targetStop: async () => undefined };
  },
  dispose: async () => undefined,
};

function loaded(s: ServerScenario): LoadedScenario {
  return { ...(s as unknown as LoadedScenario), id: '2024-11-05/server/test/example', since: '2024-11-05', generated: false };
}

async function execute(s: ServerScenario, revision: Revision = '2025-11-25') {
  return executeScenario(loaded(s), revision, driver, { timeoutMs: 1000, scenarioTimeoutMs: 5000, redactor: Redactor.none });
}

const statusOf = (checks: CheckResult[]): Record<string, string> =>
  Object.fromEntries(checks.filter((c) => !AUTO_IDS.has(c.id)).map((c) => [c.id, `${c.status}${c.untestable ? ' (untestable)' : ''}: ${c.message ?? ''}`]));

const TWO = { first: 'ping/receiver-responds-promptly', second: 'base/response-id-matches-request' } as const;

describe('declared checks', () => {
  it('a check the body never reached is not testable, never silently dropped', async () => {
    const result = await execute(
      scenario({ title: 'X', role: 'server', checks: TWO, run: async (t) => void t.check('first', that(true, 'yes')) }),
    );
    expect(statusOf(result.checks)).toEqual({ first: 'passed: ', second: 'failed (untestable): Not testable: the scenario ended before reaching this check' });
    expect(result.status).toBe('failed');
  });

  it('reports checks in declaration order, whatever order the body records them in', async () => {
    const result = await execute(
      scenario({
        title: 'X',
        role: 'server',
        checks: TWO,
        async run(t) {
          t.check('second', that(true, 'yes'));
          t.check('first', that(true, 'yes'));
        },
      }),
    );
    // The watches (logging-declared, capabilities-negotiated, request-ids-unique) saw nothing to judge and are left out.
    expect(result.checks.map((c) => c.id)).toEqual(['first', 'second', 'frames-schema-valid', 'messages-utf8']);
    // No frame crossed the wire here, so the schema and encoding checks have nothing to pass on: no vacuous pass.
    for (const auto of result.checks.slice(2)) expect(auto).toMatchObject({ status: 'skipped', message: 'the target sent no message in this scenario' });
  });

  it('blocked: the checks not yet recorded are not testable, with the reason', async () => {
    const result = await execute(
      scenario({
        title: 'X',
        role: 'server',
        checks: TWO,
        async run(t) {
          t.check('first', that(false, 'a result', 'an error'));
          return t.blocked('the first request got no result');
        },
      }),
    );
    expect(statusOf(result.checks)).toEqual({ first: 'failed: ', second: 'failed (untestable): Not testable: the first request got no result' });
    expect(result.message).toBe('the first request got no result');
  });

  it('skip: the checks not yet recorded are not applicable; an earlier failure still fails the scenario', async () => {
    const skipAll = await execute(scenario({ title: 'X', role: 'server', checks: TWO, run: async (t) => t.skip('no sessions here') }));
    expect(statusOf(skipAll.checks)).toEqual({ first: 'skipped: no sessions here', second: 'skipped: no sessions here' });
    expect(skipAll.status).toBe('skipped');
    // Nothing was observed, so the automatic checks do not apply either.
    expect(skipAll.checks.find((c) => c.id === 'frames-schema-valid')).toMatchObject({ status: 'skipped', message: 'no sessions here' });

    const failedFirst = await execute(
      scenario({
        title: 'X',
        role: 'server',
        checks: TWO,
        async run(t) {
          t.check('first', that(false, 'yes', 'no'));
          return t.skip('the rest does not apply');
        },
      }),
    );
    expect(failedFirst.status).toBe('failed');
  });

  it('a body that throws is the harness breaking: errored, and its unreached checks too', async () => {
    const result = await execute(
      scenario({
        title: 'X',
        role: 'server',
        checks: TWO,
        async run(t) {
          t.check('first', that(true, 'yes'));
          throw new Error('oops');
        },
      }),
    );
    expect(result.status).toBe('errored');
    expect(result.message).toMatch(/^harness fault: Error: oops/);
    expect(statusOf(result.checks).second).toMatch(/^errored: not reached/);
  });

  it.each([
    ['an undeclared check', (t: ServerScenarioContext) => void t.check('nope', that(true, 'yes')), /check nope is not declared/],
    [
      'a check recorded twice',
      (t: ServerScenarioContext) => {
        t.check('first', that(true, 'yes'));
        t.check('first', that(true, 'yes'));
      },
      /check first recorded twice/,
    ],
  ])('%s is a harness bug: the scenario errors', async (_name, body, message) => {
    const result = await execute({ title: 'X', role: 'server', checks: TWO, run: async (t) => body(t) });
    expect(result.status).toBe('errored');
    expect(result.message).toMatch(message);
  });

  it('a requirement missing from the revision catalogue is a harness bug', async () => {
    const result = await execute(
      scenario({ title: 'X', role: 'server', checks: { batch: 'base/receiver-accepts-batches' }, run: async (t) => void t.check('batch', that(true, 'yes')) }),
      '2025-11-25',
    );
    expect(result.status).toBe('errored');
    expect(result.message).toMatch(/cites base\/receiver-accepts-batches, which is not in the 2025-11-25 catalogue/);
  });

  it("a driver's notice about the attempt is the scenario's message, over the reason it stopped", async () => {
    const noticing: RoleDriver = {
      ...driver,
      attempt: (s, revision, base, transcript) => ({ ...driver.attempt(s, revision, base, transcript), notice: () => 'the target stopped answering here' }),
    };
    const body = scenario({ title: 'X', role: 'server', checks: TWO, run: async (t) => t.blocked('the target stopped answering') });
    const result = await executeScenario(loaded(body), '2025-11-25', noticing, { timeoutMs: 1000, scenarioTimeoutMs: 5000, redactor: Redactor.none });
    expect(result.message).toBe('the target stopped answering here');
    expect(statusOf(result.checks).first).toBe('failed (untestable): Not testable: the target stopped answering');
  });

  it('a scenario the driver finds inapplicable lists every declared check as not applicable', () => {
    const result = skippedScenario(loaded(scenario({ title: 'X', role: 'server', checks: TWO, run: async () => undefined })), '2025-11-25', driver, 'applies to stdio only');
    expect(result.status).toBe('skipped');
    expect(statusOf(result.checks)).toEqual({ first: 'skipped: applies to stdio only', second: 'skipped: applies to stdio only' });
  });
});
