/**
 * The browser path of an authorization: real headless Chromium, driven by playwright-core, goes to an
 * authorization URL and is walked through the authorization server's pages (login fields filled from
 * environment variables, an approve control clicked) until it is sent to the redirect URI. What the
 * redirect carries is returned; nothing is asserted about it here.
 *
 * playwright-core is loaded with a dynamic import() on first use only, so a run that never meets a
 * consent page does not need it; when it is absent the error says how to get it. Chromium is the
 * system's (CHROMIUM_PATH, else /usr/bin/chromium), never a downloaded one.
 *
 * The redirect is seen as the browser's request for it (a 302 from the server, a form's POST answered
 * by a redirect, or a script's navigation alike): the driver does not need anything to listen on the
 * redirect URI, and does not stop the request from reaching a listener that does.
 *
 * Secrets: the values filled in come from the environment only (the option names the variable, never
 * the value) and are handed to `onSecret` before the page is touched, and returned; the redirect URL
 * holds the authorization code, so the caller must treat it as a secret too.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

/** The switches that keep Chromium quiet on a CI machine (no sandbox in containers, nothing in the background). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The accessible names an approve control is recognised by, when no selector is given. */
export const APPROVE_NAME = /allow|approve|authori[sz]e|accept|continue|consent/i;
/** Names that look like approval by the pattern above but refuse (e.g. "Don't allow"): never clicked. */
const REFUSE_NAME = /\b(deny|decline|reject|cancel|refuse|don'?t|do not|not now)\b/i;

/** Chromium could not be started, or playwright-core is not installed. */
export class BrowserUnavailableError extends Error {
  override readonly name = 'BrowserUnavailableError';
}

/** The pages did not lead to the redirect URI; the message names the last page (title, URL without query) and what was tried. */
export class BrowserAuthorizationError extends Error {
  override readonly name = 'BrowserAuthorizationError';
  constructor(
    message: string,
    /** What was done, one line per step, with no secret in it. */
    readonly steps: readonly string[],
  ) {
    super(message);
  }
}

export interface LaunchOptions {
  /** Default: CHROMIUM_PATH, else /usr/bin/chromium. */
  executablePath?: string;
  /** How long Chromium may take to start. Default 60 s. */
  launchTimeoutMs?: number;
}

/** A running headless Chromium, for one or more authorizations (each in a fresh context: no cookie is shared). */
export interface AuthBrowser {
  close(): Promise<void>;
}

interface OpenBrowser extends AuthBrowser {
  readonly browser: Browser;
}

export interface AuthorizeInBrowserOptions {
  /** The URL the authorization server redirects to when done; matched on origin and path, whatever the query. */
  redirectUri: string;
  /**
   * A CSS selector for the approve control, tried first on every page; where it matches nothing, a
   * button whose accessible name matches APPROVE_NAME (and not a refusal) is pressed, as without it.
   */
  approveSelector?: string;
  /** Fields to fill: field (its `name`, else `id`, else label text) = name of the environment variable holding the value. */
  fill?: Readonly<Record<string, string>>;
  /** Where the variables of `fill` are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Called with each filled value before any page is opened (give it the run's redactor). */
  onSecret?: (value: string) => void;
  /** How many approve clicks at most (a login then a consent page is two). Default 5. */
  maxSteps?: number;
  /** The whole walk, from opening the URL to the redirect. Default 30 s. */
  timeoutMs?: number;
  /** A browser from launchBrowser() to reuse; without it one is launched for this call and closed after. */
  browser?: AuthBrowser;
  /** With no `browser`: how to launch one. */
  launch?: LaunchOptions;
}

export interface BrowserAuthorization {
  /** The full URL the browser was sent to (it holds the code or the error, and the state): a secret. */
  redirectUrl: string;
  /** What was done, one line per step, with no secret in it. */
  steps: string[];
  /** The values that were filled in (already given to onSecret). */
  secrets: string[];
}

type Playwright = typeof import('playwright-core');

/** What ended a wait: the redirect, a new page, the deadline, or a page that stays put with nothing to click. */
type Outcome = { kind: 'redirect'; url: string } | { kind: 'page' } | { kind: 'timeout' } | { kind: 'idle' };

async function loadPlaywright(): Promise<Playwright> {
  try {
    return await import('playwright-core');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new BrowserUnavailableError('this authorization server shows a page, and driving it needs the package playwright-core: npm install playwright-core (it uses the system Chromium, nothing is downloaded)');
    }
    throw error;
  }
}

/** Launches headless Chromium (the system's), for several authorizations; close it when done. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<AuthBrowser> {
  const executablePath = options.executablePath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new BrowserUnavailableError(`no Chromium at ${executablePath}: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH`);
  const { chromium } = await loadPlaywright();
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, timeout: options.launchTimeoutMs ?? 60_000, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new BrowserUnavailableError(`Chromium at ${executablePath} did not start: ${(error as Error).message.split('\n')[0]}`);
  }
  const open: OpenBrowser = { browser, close: () => browser.close().catch(() => undefined) };
  return open;
}

/** `origin + path` of a URL: what is shown of a page, since a query may hold a code or a token. */
export function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? `${parsed.origin}${parsed.pathname}` : `${parsed.protocol}${parsed.pathname.split('/')[0]}`;
  } catch {
    return '(not a URL)';
  }
}

function isRedirect(request: Request, redirect: URL): boolean {
  if (!URL.canParse(request.url())) return false;
  const url = new URL(request.url());
  return url.origin === redirect.origin && url.pathname === redirect.pathname;
}

/**
 * Reads `--auth-fill` words, each `FIELD=ENVVAR`, into the `fill` option. The right side must look like
 * an environment variable's name, so that a value typed there by mistake (a password on the command line)
 * is refused, and not echoed in the error.
 */
export function parseFill(words: readonly string[]): Record<string, string> {
  const fill: Record<string, string> = {};
  for (const word of words) {
    const at = word.indexOf('=');
    const field = word.slice(0, at).trim();
    const variable = word.slice(at + 1);
    if (at <= 0 || !field) throw new Error('--auth-fill takes FIELD=ENVVAR: the name of a form field, then the environment variable holding its value');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new Error(`--auth-fill ${field}=…: the right side must be the name of an environment variable (letters, digits, _), never the value itself`);
    fill[field] = variable;
  }
  return fill;
}

/** Reads the values of `fill` from the environment up front; a missing variable is an error before anything starts. */
function fillValues(fill: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): [string, string][] {
  return Object.entries(fill).map(([field, variable]) => {
    const value = env[variable];
    if (value === undefined || value === '') throw new BrowserAuthorizationError(`the field ${JSON.stringify(field)} is to be filled from the environment variable ${variable}, which is not set`, []);
    return [field, value];
  });
}

/**
 * The approve control on the page: the selector's first visible match when a selector is given and
 * matches here, else the first visible button named like an approval and not a refusal (so a login
 * page's "Continue" is still pressed on the way to a consent page that needs the selector).
 */
async function approveControl(page: Page, selector: string | undefined): Promise<{ click(): Promise<void>; label: string } | undefined> {
  for (const [candidates, byName] of [...(selector ? [[page.locator(selector), false] as const] : []), [page.getByRole('button', { name: APPROVE_NAME }), true] as const]) {
    for (const candidate of await candidates.all()) {
      if (!(await candidate.isVisible())) continue;
      const label = ((await candidate.getAttribute('aria-label')) ?? (await candidate.textContent())?.trim()) || ((await candidate.getAttribute('value')) ?? '');
      if (byName && REFUSE_NAME.test(label)) continue;
      return { click: () => candidate.click({ timeout: 5_000 }), label: label || (selector ?? 'button') };
    }
  }
  return undefined;
}

/** Fills the fields of `values` present on this page; returns the names filled. */
async function fillFields(page: Page, values: readonly [string, string][]): Promise<string[]> {
  const filled: string[] = [];
  for (const [field, value] of values) {
    const quoted = JSON.stringify(field);
    const byAttribute = page.locator(`[name=${quoted}], [id=${quoted}]`);
    const target = (await byAttribute.count()) > 0 ? byAttribute.first() : page.getByLabel(field, { exact: true }).first();
    if ((await target.count()) === 0 || !(await target.isVisible())) continue;
    await target.fill(value, { timeout: 5_000 });
    filled.push(field);
  }
  return filled;
}

/**
 * Opens `authorizationUrl` in Chromium and walks the pages until the browser is sent to the redirect
 * URI: on each page that stays, fills the fields of `fill` found there and clicks the approve control,
 * then waits for the next page or the redirect. Bounded by `maxSteps` clicks and `timeoutMs`.
 */
export async function authorizeInBrowser(authorizationUrl: string, options: AuthorizeInBrowserOptions): Promise<BrowserAuthorization> {
  const values = fillValues(options.fill ?? {}, options.env ?? process.env);
  const secrets = values.map(([, value]) => value);
  for (const secret of secrets) options.onSecret?.(secret);
  const redirect = new URL(options.redirectUri);
  const maxSteps = options.maxSteps ?? 5;
  const steps: string[] = [];

  const owned = options.browser ? undefined : await launchBrowser(options.launch);
  const { browser } = (options.browser ?? owned) as OpenBrowser;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let context: BrowserContext | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    context = await browser.newContext();
    let current = await context.newPage();
    // Where the browser is sent in the end (also from a page opened in a new window), and the HTTP
    // status of the last page loaded, for the failure message.
    let redirectSeen: string | undefined;
    let lastUrl = authorizationUrl;
    let lastStatus: number | undefined;
    const redirected = new Promise<Outcome>((resolve) => {
      const watch = (page: Page): void => {
        page.on('request', (request) => {
          if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
            lastUrl = request.url();
            lastStatus = undefined;
          }
          if (redirectSeen !== undefined || !isRedirect(request, redirect)) return;
          redirectSeen = request.url();
          resolve({ kind: 'redirect', url: redirectSeen });
        });
        page.on('response', (response) => {
          if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) lastStatus = response.status();
        });
      };
      watch(current);
      context!.on('page', (opened) => {
        current = opened;
        watch(opened);
      });
    });
    const expired = new Promise<Outcome>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs)));
    const where = async (): Promise<string> => {
      const status = lastStatus !== undefined && lastStatus >= 400 ? ` (HTTP ${lastStatus})` : '';
      // A failed load or an empty error response shows Chromium's own error page, whose URL and title say nothing.
      if (current.url().startsWith('chrome-error:')) return `Chromium's error page${status || ' (no response)'} for ${withoutQuery(lastUrl)}`;
      return `page ${JSON.stringify(await current.title().catch(() => ''))}${status} at ${withoutQuery(current.url())}`;
    };
    const fail = async (reason: string): Promise<never> => {
      throw new BrowserAuthorizationError(`${reason}; last ${await where()}${steps.length ? ` (after: ${steps.join('; ')})` : ''}`, steps);
    };
    // The next page of the main frame, loaded. A navigation that fails to load (nothing listens on the
    // redirect URI) still counts: the redirect was seen first.
    const nextPage = (): Promise<Outcome> =>
      current
        .waitForEvent('framenavigated', { predicate: (frame) => frame === current.mainFrame(), timeout: 0 })
        .then(() => current.waitForLoadState('domcontentloaded'))
        .then(
          () => ({ kind: 'page' }) as const,
          () => ({ kind: 'page' }) as const,
        );
    const race = (...others: Promise<Outcome>[]): Promise<Outcome> => Promise.race([redirected, expired, ...others]);

    steps.push(`opened ${withoutQuery(authorizationUrl)}`);
    let next = await race(current.goto(authorizationUrl, { waitUntil: 'domcontentloaded' }).then(
      () => ({ kind: 'page' }) as const,
      () => ({ kind: 'page' }) as const,
    ));
    for (let clicks = 0; ; ) {
      if (next.kind === 'redirect') return { redirectUrl: next.url, steps, secrets };
      if (next.kind === 'timeout') return await fail(`the browser was not sent to ${withoutQuery(options.redirectUri)} within ${timeoutMs} ms`);
      if (clicks >= maxSteps) return await fail(`still on a page after ${maxSteps} approvals`);
      try {
        const filled = await fillFields(current, values);
        if (filled.length) steps.push(`filled ${filled.join(', ')} on ${await where()}`);
        let control = await approveControl(current, options.approveSelector);
        if (!control) {
          // The page may move by itself (a script, a meta refresh) or draw its controls late: wait until
          // it moves or its network goes quiet, then look once more.
          const quiet = current.waitForLoadState('networkidle').then(
            () => ({ kind: 'idle' }) as const,
            () => ({ kind: 'idle' }) as const,
          );
          next = await race(nextPage(), quiet);
          if (next.kind !== 'idle') continue;
          control = await approveControl(current, options.approveSelector);
          if (!control) return await fail(`no approve control (${options.approveSelector ? `nothing matches ${options.approveSelector}, and ` : ''}no button named like ${APPROVE_NAME})`);
        }
        steps.push(`clicked ${JSON.stringify(control.label)} on ${await where()}`);
        clicks++;
        const moved = nextPage();
        await control.click().catch(() => undefined);
        next = await race(moved);
      } catch (error) {
        if (error instanceof BrowserAuthorizationError) throw error;
        // A page that went away while it was being read (it redirected by itself) is no failure when it went to the redirect URI.
        if (redirectSeen !== undefined) return { redirectUrl: redirectSeen, steps, secrets };
        return await fail(`the page could not be worked (${(error as Error).message.split('\n')[0]})`);
      }
    }
  } finally {
    clearTimeout(timer);
    await context?.close().catch(() => undefined);
    await owned?.close();
  }
}
