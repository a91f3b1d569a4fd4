/**
 * The matrix page (`report matrix`) in a real browser (test/support/browser.ts), from two real reports: the
 * reference server and a defect. Screenshots in out/matrix-selftest/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, WAIT, watchPage, type PageWatch } from './support/browser.js';
import { root, runCli } from './support/cli.js';
import { MATRIX_DEFECT, matrixRuns, type MatrixRun } from './support/matrix.js';

const SELFTEST = join(root, 'out', 'matrix-selftest');
/**
 * How many check rows the filter leaves shown, and how many differ, polled from the test: a string
 * predicate in page.waitForFunction is evaluated with eval, which the page's CSP rightly refuses.
 */
const counts = (): Promise<{ shown: number; differ: number }> =>
  Promise.all([page.locator('tr.check:not([hidden])').count(), page.locator('tr.check[data-differ="true"]').count()]).then(([shown, differ]) => ({ shown, differ }));
const until = (test: (c: { shown: number; differ: number }) => boolean): Promise<void> =>
  expect.poll(async () => test(await counts()), { timeout: WAIT.timeout }).toBe(true);

let browser: Browser | undefined;
let runs: MatrixRun[] = [];
let page: Page;
let pageUrl: string;
const watch: PageWatch = { consoleErrors: [], requests: [] };

beforeAll(async () => {
  rmSync(SELFTEST, { recursive: true, force: true });
  mkdirSync(SELFTEST, { recursive: true });
  runs = await matrixRuns();
  const matrix = await runCli(['report', 'matrix', ...runs.map((r) => join(r.outDir, 'report.json')), '--label', 'reference', '--label', MATRIX_DEFECT, '--out', SELFTEST], { out: false });
  if (matrix.code !== 0) throw new Error(`report matrix failed: ${matrix.stderr}`);
  browser = await launchChromium();
  page = watchPage(await browser.newPage({ viewport: { width: 1280, height: 900 } }), watch);
  pageUrl = pathToFileURL(join(SELFTEST, 'matrix.html')).href;
  await page.goto(pageUrl, { waitUntil: 'load', ...WAIT });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const run of runs) rmSync(run.outDir, { recursive: true, force: true });
});

describe('the matrix page in Chromium', () => {
  it('loads with no console error and no request but the file itself, every cell shown', async () => {
    await page.locator('#filters').waitFor({ state: 'visible', ...WAIT });
    const rows = await page.locator('tr.check').count();
    expect(rows).toBeGreaterThan(20);
    expect(await page.locator('#shown').textContent()).toBe(`showing ${rows} of ${rows} checks`);
    expect(await page.locator('td.cell:visible').count()).toBe(2 * rows);
    expect(await page.locator('thead th.col').allTextContents()).toEqual([expect.stringMatching(/^reference/), expect.stringMatching(/^ping-error/)]);
    await page.screenshot({ path: join(SELFTEST, 'matrix.png') });
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.requests).toEqual([pageUrl]);
  });

  it('colours cells by status: the defect column has failures where the reference passes', async () => {
    // Page code as a string: this project's types have no DOM.
    const colours = await page.evaluate(
      "Array.from(Array.from(document.querySelectorAll('tr.check')).find((r) => r.querySelector('th code').textContent === 'ping-answered').querySelectorAll('td.cell')).map((c) => getComputedStyle(c).backgroundColor)",
    );
    expect(colours).toEqual(['rgb(26, 127, 55)', 'rgb(207, 34, 46)']);
  });

  it('a failed cell has its reason as a tooltip and expands to its expected and actual', async () => {
    const cell = page.locator('tr.check td.cell.failed', { has: page.locator('dt', { hasText: 'Expected' }) }).first();
    expect(await cell.getAttribute('title')).toMatch(/^expected /);
    const actual = cell.locator('dd pre').last();
    expect(await actual.isVisible()).toBe(false);
    await cell.locator('summary').click();
    await actual.waitFor({ state: 'visible', ...WAIT });
    expect(await actual.textContent()).toContain('"error"');
    await cell.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SELFTEST, 'matrix-failed-cell.png') });
  });

  it('filters to rows with a problem, to rows that differ, and by text', async () => {
    const all = await page.locator('tr.check').count();
    await page.selectOption('select[name="rows"]', 'problems');
    await until((c) => c.shown < all);
    const problems = await page.locator('tr.check:not([hidden])').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-problem')));
    expect(problems.length).toBeGreaterThan(0);
    expect(new Set(problems)).toEqual(new Set(['true']));
    // A scenario without a shown row is hidden with its heading.
    expect(await page.locator('tbody.scenario:not([hidden])').count()).toBeLessThan(await page.locator('tbody.scenario').count());

    await page.selectOption('select[name="rows"]', 'differ');
    await until((c) => c.shown === c.differ);

    await page.click('button[type="reset"]');
    await until((c) => c.shown === all);
    await page.fill('input[name="q"]', 'ping-answered');
    await until((c) => c.shown > 0 && c.shown < all);
    for (const text of await page.locator('tr.check:not([hidden])').allTextContents()) expect(text).toContain('ping-answered');
    await page.click('button[type="reset"]');
    expect(watch.consoleErrors).toEqual([]);
  });
});
