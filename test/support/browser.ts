/**
 * Real Chromium for the page self-tests: Debian's chromium driven by playwright-core (install it with
 * `apt-get install -y chromium`, as .ci/run does; CHROMIUM_PATH names another binary), and a page watcher that
 * records console errors, uncaught exceptions and every request.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../runner/auth/browser.js';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** For every wait on the page: generous, since the machine is shared. */
export const WAIT = { timeout: 30_000 };

/** Launches headless Chromium with nothing in the background (no network of its own, no updates, no sync). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (as .ci/run does), or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: CHROMIUM_ARGS,
  });
}

/** What a watched page did: its console errors and uncaught exceptions, and the URLs it requested. */
export interface PageWatch {
  consoleErrors: string[];
  requests: string[];
}

/** Records a page's console errors, uncaught exceptions and every request it makes into `watch`. */
export function watchPage(page: Page, watch: PageWatch): Page {
  page.on('console', (message) => void (message.type() === 'error' && watch.consoleErrors.push(message.text())));
  page.on('pageerror', (error) => void watch.consoleErrors.push(error.message));
  page.on('request', (request) => void watch.requests.push(request.url()));
  return page;
}
