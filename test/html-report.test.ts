/**
 * The HTML report in a real browser (test/support/browser.ts). The report comes from a real run of the CLI on the
 * reference server with a defect, so it has failures, passes and frames.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../reports/html.js';
import type { Report } from '../reports/types.js';
import { launchChromium, WAIT, watchPage } from './support/browser.js';
import { referenceCommand, root, runCli, type CliRun } from './support/cli.js';
import { HOSTILE, hostileReport } from './support/hostile.js';

const SELFTEST = join(root, 'out', 'html-selftest');
/**
 * How many checks the filters leave shown, and how many are MAY, polled from the test: a string
 * predicate in page.waitForFunction is evaluated with eval, which the page's CSP rightly refuses.
 */
const counts = (): Promise<{ shown: number; may: number }> =>
  Promise.all([page.locator('.check:not([hidden])').count(), page.locator('.check[data-level="may"]').count()]).then(([shown, may]) => ({ shown, may }));
const until = (test: (c: { shown: number; may: number }) => boolean): Promise<void> =>
  expect.poll(async () => test(await counts()), { timeout: WAIT.timeout }).toBe(true);

let browser: Browser | undefined;
let run: CliRun;
let page: Page;
let pageUrl: string;
const consoleErrors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  rmSync(SELFTEST, { recursive: true, force: true });
  mkdirSync(SELFTEST, { recursive: true });
  run = await runCli(['server', '--command', referenceCommand('ping-error'), '--spec-version', '2025-11-25', '--scenario', 'base', '--scenario', 'lifecycle', '--reporter', 'json,html']);
  browser = await launchChromium();
  page = await watched(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  pageUrl = pathToFileURL(join(run.outDir, 'index.html')).href;
  await page.goto(pageUrl, { waitUntil: 'load', ...WAIT });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (run) rmSync(run.outDir, { recursive: true, force: true });
});

/** The checks the filters leave shown: neither they nor their scenario or revision carry `hidden`. */
const shownChecks = (p: Page): Promise<{ status: string; text: string }[]> =>
  p.$$eval('.check', (els) => els.filter((e) => e.closest('[hidden]') === null).map((e) => ({ status: e.getAttribute('data-status') ?? '', text: e.textContent ?? '' })));

/** Records the page's console errors, uncaught exceptions and every request it makes. */
async function watched(p: Page): Promise<Page> {
  return watchPage(p, { consoleErrors, requests });
}

describe('the HTML report in Chromium', () => {
  it('comes from a real run with failures, and re-renders byte for byte from report.json', async () => {
    expect(run.code, run.stderr).toBe(1);
    const report = run.report as Report;
    expect(report.summary.checks.failed).toBeGreaterThan(0);
    expect(report.summary.checks.passed).toBeGreaterThan(0);
    const again = await runCli(['report', '--from', join(run.outDir, 'report.json'), '--reporter', 'html']);
    expect(again.code).toBe(1);
    expect(readFileSync(join(again.outDir, 'index.html'), 'utf8')).toBe(readFileSync(join(run.outDir, 'index.html'), 'utf8'));
    rmSync(again.outDir, { recursive: true, force: true });
  });

  it('loads with no console error and no request but the file itself', async () => {
    await page.locator('#filters').waitFor({ state: 'visible', ...WAIT });
    expect(await page.locator('#verdict').textContent()).toBe('non-conformant');
    expect(await page.locator('#shown').textContent()).toMatch(/^showing (\d+) of \1 checks$/);
    await page.screenshot({ path: join(SELFTEST, 'screenshot.png') });
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pageUrl]);
  });

  it('filters by status, keyword and text', async () => {
    const all = (await shownChecks(page)).length;
    await page.selectOption('select[name="status"]', 'failed');
    await page.locator('.check[data-status="passed"]').first().waitFor({ state: 'hidden', ...WAIT });
    const failed = await shownChecks(page);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(all);
    // "failed" includes the failures that could not be tested, which stay failures.
    for (const check of failed) expect(['failed', 'untestable']).toContain(check.status);
    expect(failed.map((c) => c.status)).toContain('failed');

    await page.fill('input[name="q"]', 'ping-answered');
    await until((c) => c.shown < failed.length);
    const narrowed = await shownChecks(page);
    expect(narrowed.length).toBeGreaterThan(0);
    for (const check of narrowed) expect(check.text).toContain('ping-answered');

    await page.click('button[type="reset"]');
    await until((c) => c.shown === all);
    await page.selectOption('select[name="level"]', 'may');
    await until((c) => c.shown === c.may);
    await page.click('button[type="reset"]');
    expect(consoleErrors).toEqual([]);
  });

  it('a failed check is open with its evidence and expands to show its frames', async () => {
    const check = page.locator('.check[data-status="failed"]', { has: page.locator('.frames') }).first();
    await check.locator('.evidence dt', { hasText: 'Expected' }).waitFor({ state: 'visible', ...WAIT });
    const frame = check.locator('.frames li.recv pre').first();
    expect(await frame.isVisible()).toBe(false);
    await check.locator('.frames > summary').click();
    await frame.waitFor({ state: 'visible', ...WAIT });
    expect(await frame.textContent()).toContain('"error"');
    await check.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SELFTEST, 'failed-check.png') });
  });

  it('without JavaScript still shows the verdict and the failed checks with their evidence', async () => {
    const context = await browser!.newContext({ javaScriptEnabled: false });
    try {
      const p = await watched(await context.newPage());
      await p.goto(pageUrl, { waitUntil: 'load', ...WAIT });
      expect(await p.locator('#verdict').textContent()).toBe('non-conformant');
      expect(await p.locator('#filters').isVisible()).toBe(false);
      const failed = p.locator('.check[data-status="failed"]');
      expect(await failed.count()).toBeGreaterThan(0);
      for (const check of await failed.all()) {
        expect(await check.locator('.evidence').isVisible()).toBe(true);
        expect(await check.locator('.evidence a', { hasText: 'spec' }).isVisible()).toBe(true);
      }
      expect(await p.locator('#problems').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('a hostile target cannot inject markup or script, nor make the page load anything', async () => {
    const report = JSON.parse(readFileSync(join(run.outDir, 'report.json'), 'utf8')) as Report;
    const path = join(run.outDir, 'hostile.html');
    writeFileSync(path, renderHtml(hostileReport(report)));
    const before = requests.length;
    const p = await watched(await browser!.newPage());
    let dialogs = 0;
    p.on('dialog', (dialog) => void (dialogs++, dialog.dismiss()));
    await p.goto(pathToFileURL(path).href, { waitUntil: 'load', ...WAIT });
    await p.locator('#filters').waitFor({ state: 'visible', ...WAIT });
    expect(await p.evaluate('window.__pwned')).toBeUndefined();
    expect(await p.locator('img, svg, iframe').count()).toBe(0);
    expect(await p.locator('script').count()).toBe(1);
    expect(await p.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await p.locator('h1').textContent()).toContain('<script>window.__pwned = "script"</script>');
    expect((await p.locator('.check pre').first().textContent())?.length).toBeGreaterThanOrEqual(HOSTILE.length - 10);
    expect(dialogs).toBe(0);
    expect(requests.slice(before)).toEqual([pathToFileURL(path).href]);
    expect(consoleErrors).toEqual([]);
    await p.close();
  });
});
