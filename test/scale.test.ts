/**
 * The harness against a big server: the reference with `--scale` (10,000 tools and 1,000 resources,
 * 100 per page, and scale://frame read as one ~100 MB frame), over stdio and Streamable HTTP (JSON
 * and SSE answers). The run completes; the list scenarios judge as they do on the plain reference;
 * the read of the frame makes its scenario untestable, naming the size and the harness's cap, and
 * nothing errors. With 2 items per page the lists outgrow the page cap, and the checks that need a
 * whole list say so instead of passing. Filtered to the scenarios concerned; no timing assertions.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { HttpTarget } from '../fixtures/process.js';
import type { Report } from '../reports/types.js';
import { erroredItems, referenceCommand, runCli, startReferenceHttp } from './support/cli.js';

const SCENARIOS = ['tools/list', 'pagination/lists', 'resources/read'];
const FILTER = SCENARIOS.flatMap((s) => ['--scenario', s]);
const OVERSIZE = /^Not testable: resources\/read: the answer is one frame of 10485\d{4} bytes \(100\.0 MiB\), over the harness's cap of 8\.0 MiB per frame/;

interface Verdict {
  status: string;
  message?: string;
  /** One of the engine's automatic checks (frames valid, stdout only messages), not the scenario's own. */
  automatic?: true;
}

/** Every check of a report as `scenario#check` -> its status (`untestable` apart), and the message of each untestable one. */
function verdicts(report: Report | undefined): Map<string, Verdict> {
  expect(report).toBeDefined();
  const out = new Map<string, Verdict>();
  for (const scenario of report!.scenarios) {
    for (const check of scenario.checks) {
      const key = `${scenario.id.split('/').slice(2).join('/')}#${check.id}`;
      const verdict: Verdict = check.untestable ? { status: 'untestable', ...(check.message ? { message: check.message } : {}) } : { status: check.status };
      out.set(key, check.automatic ? { ...verdict, automatic: true } : verdict);
    }
  }
  return out;
}

/**
 * The scaled run judges as the plain one, except the scenario checks of the read of the frame:
 * untestable, saying why. Its automatic checks still pass: the frame is no fault of the target.
 */
function expectScaledVerdicts(scaled: Report | undefined, plain: Report | undefined): void {
  const expected = verdicts(plain);
  const got = verdicts(scaled);
  expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, verdict] of got) {
    if (key.startsWith('resources/read#') && !verdict.automatic) {
      expect(verdict.status, key).toBe('untestable');
      expect(verdict.message, key).toMatch(OVERSIZE);
    } else expect(verdict, key).toEqual(expected.get(key));
  }
  expect(erroredItems(scaled!)).toEqual([]);
}

const servers: HttpTarget[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe('the scaled reference', () => {
  it('over stdio: every list read whole, the oversize frame reported, the run completed', async () => {
    const [reference, scaled] = await Promise.all([
      runCli(['server', '--command', referenceCommand(), ...FILTER]),
      runCli(['server', '--command', `${referenceCommand()} --scale`, ...FILTER]),
    ]);
    expect(reference.code, reference.stderr).toBe(0);
    expect(verdicts(reference.report).get('pagination/lists#lists-end')).toEqual({ status: 'passed' });
    // Untestable checks count as failed: exit 1, with nothing errored and the frame named.
    expect(scaled.code, scaled.stderr).toBe(1);
    expectScaledVerdicts(scaled.report, reference.report);
  }, 180_000);

  it.each([
    ['JSON', []],
    ['SSE', ['--sse']],
  ])('over Streamable HTTP with %s answers: the same verdicts', async (_kind, extra) => {
    const [reference, big] = await Promise.all([startReferenceHttp(undefined, extra), startReferenceHttp(undefined, ['--scale', ...extra])]);
    servers.push(reference, big);
    const [plain, scaled] = await Promise.all([runCli(['server', '--url', reference.url, ...FILTER]), runCli(['server', '--url', big.url, ...FILTER])]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(scaled.code, scaled.stderr).toBe(1);
    expectScaledVerdicts(scaled.report, plain.report);
  }, 180_000);

  it('with 2 items per page the lists outgrow the page cap: the whole-list checks are untestable, naming the cap', async () => {
    const run = await runCli(['server', '--command', `${referenceCommand()} --scale --scale-page-size 2`, '--scenario', 'pagination/lists', '--scenario', 'tools/list']);
    expect(erroredItems(run.report!)).toEqual([]);
    const got = verdicts(run.report);
    const listsEnd = got.get('pagination/lists#lists-end');
    expect(listsEnd?.status).toBe('untestable');
    expect(listsEnd?.message).toContain('tools/list was not read to its end: the list goes on after 400 item(s) on 200 page(s)');
    expect(listsEnd?.message).toContain('the harness reads at most 200 pages and 20,000 items of a list');
    // The cursor check needs no whole list.
    expect(got.get('pagination/lists#invalid-cursor-32602')).toEqual({ status: 'passed' });
    // The tools scenario needs the whole list for every check: blocked, each check untestable with the cap.
    const tools = [...got].filter(([key, verdict]) => key.startsWith('tools/list#') && !verdict.automatic);
    expect(tools.length).toBeGreaterThan(0);
    for (const [key, verdict] of tools) {
      expect(verdict.status, key).toBe('untestable');
      expect(verdict.message, key).toContain('at most 200 pages');
    }
  }, 180_000);
});
