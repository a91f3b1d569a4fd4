/**
 * The browser path of an authorization (runner/auth/browser.ts) in real headless Chromium: against a
 * small login-then-consent site served here on 127.0.0.1 (HTML forms, POST, 302 to the redirect URI),
 * and against the SDK example's demo authorization server, which approves at once (the browser only
 * follows the redirect) and whose code is then redeemed for a token the example accepts. One Chromium
 * for the file. Nothing listens on the redirect URIs: the driver sees the browser's request for them.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSdkAuthServer, type SdkAuthTarget } from '../fixtures/third-party/sdk-auth.js';
import { APPROVE_NAME, authorizeInBrowser, BrowserAuthorizationError, launchBrowser, parseFill, type AuthBrowser } from '../runner/auth/browser.js';
import { freePort } from '../runner/util/ports.js';
import { root } from './support/cli.js';
import { obtainToken } from './support/sdk-auth.js';

const USER = 'alice';
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const ENV = { CONSENT_USER: USER, CONSENT_PASSWORD: PASSWORD };

/** What the consent site was sent: the login form's fields and the buttons pressed. */
interface Seen {
  logins: Record<string, string>[];
  decisions: string[];
}

const page = (title: string, body: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

async function formOf(req: IncomingMessage): Promise<Record<string, string>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * /authorize?redirect_uri&state[&flavour] shows a login form (username, password); its POST leads to a
 * consent page (with `signed_in`, /authorize goes there at once) whose buttons depend on `flavour`: `plain` (Deny, Approve), `tricky` ("Don't allow"
 * first, then Allow), `custom` (one button "Yes, go ahead" with id `go`, not named like an approval),
 * `loop` (Approve leads back to the same consent page, for ever).
 * Approving redirects to redirect_uri?code&state, denying to ?error=access_denied&state.
 */
function consentSite(seen: Seen): (req: IncomingMessage, res: ServerResponse) => void {
  const buttons: Record<string, string> = {
    plain: '<button name="decision" value="deny">Deny</button> <button name="decision" value="approve">Approve</button>',
    tricky: `<button name="decision" value="deny">Don't allow</button> <button name="decision" value="approve">Allow</button>`,
    custom: '<button id="go" name="decision" value="approve">Yes, go ahead</button>',
    loop: '<button name="decision" value="again">Approve</button>',
  };
  return (req, res) =>
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const carry = ['redirect_uri', 'state', 'flavour'].map((name) => `<input type="hidden" name="${name}" value="${url.searchParams.get(name) ?? ''}">`).join('');
      if (req.method === 'GET' && url.pathname === '/authorize' && url.searchParams.has('signed_in')) {
        res.writeHead(302, { location: `/consent?${url.searchParams}` }).end();
        return;
      }
      if (req.method === 'GET' && url.pathname === '/authorize') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(
          page('Sign in', `<form method="post" action="/login?${url.searchParams}"><label for="username">User</label><input id="username" name="username"><label>Password <input type="password" name="password"></label><button type="submit">Continue</button></form>`),
        );
        return;
      }
      if (req.method === 'POST' && url.pathname === '/login') {
        seen.logins.push(await formOf(req));
        res.writeHead(302, { location: `/consent?${url.searchParams}` }).end();
        return;
      }
      if (req.method === 'GET' && url.pathname === '/consent') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(page('Grant access', `<form method="post" action="/decide">${carry}<p>Let the client in?</p>${buttons[url.searchParams.get('flavour') ?? 'plain']}</form>`));
        return;
      }
      if (req.method === 'POST' && url.pathname === '/decide') {
        const form = await formOf(req);
        seen.decisions.push(form['decision'] ?? '');
        if (form['decision'] === 'again') {
          res.writeHead(302, { location: `/consent?${new URLSearchParams({ redirect_uri: form['redirect_uri'] ?? '', state: form['state'] ?? '', flavour: 'loop' })}` }).end();
          return;
        }
        const back = new URL(form['redirect_uri'] ?? '');
        if (form['decision'] === 'approve') back.searchParams.set('code', 'code-from-consent');
        else back.searchParams.set('error', 'access_denied');
        back.searchParams.set('state', form['state'] ?? '');
        res.writeHead(302, { location: back.href }).end();
        return;
      }
      res.writeHead(404).end();
    })();
}

let browser: AuthBrowser;
let site: Server;
let siteUrl: string;
let redirectUri: string;
let sdk: SdkAuthTarget;
const seen: Seen = { logins: [], decisions: [] };

beforeAll(async () => {
  site = createServer(consentSite(seen));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  // A port nothing listens on: the redirect is seen as the browser's request, not by a listener.
  redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
  [browser, sdk] = await Promise.all([launchBrowser(), startSdkAuthServer(join(root, 'dist'))]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), sdk?.stop(), new Promise((resolve) => site?.close(resolve))]);
});

const authorizationUrl = (flavour: string, { state = 'st-1', signedIn = false } = {}): string =>
  `${siteUrl}/authorize?${new URLSearchParams({ redirect_uri: redirectUri, state, flavour, ...(signedIn ? { signed_in: '1' } : {}) })}`;

describe('authorizeInBrowser', () => {
  it('signs in with fields filled from the environment, approves, and returns the redirect with code and state', async () => {
    const given: string[] = [];
    const before = seen.logins.length;
    const result = await authorizeInBrowser(authorizationUrl('plain'), {
      redirectUri,
      browser,
      env: ENV,
      fill: { username: 'CONSENT_USER', Password: 'CONSENT_PASSWORD' },
      onSecret: (value) => given.push(value),
    });
    const back = new URL(result.redirectUrl);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(Object.fromEntries(back.searchParams)).toEqual({ code: 'code-from-consent', state: 'st-1' });
    expect(seen.logins.slice(before)).toEqual([{ username: USER, password: PASSWORD }]);
    expect(seen.decisions.at(-1)).toBe('approve');
    expect(given).toEqual([USER, PASSWORD]);
    expect(result.secrets).toEqual([USER, PASSWORD]);
    expect(result.steps).toEqual([
      `opened ${siteUrl}/authorize`,
      `filled username, Password on page "Sign in" at ${siteUrl}/authorize`,
      `clicked "Continue" on page "Sign in" at ${siteUrl}/authorize`,
      `clicked "Approve" on page "Grant access" at ${siteUrl}/consent`,
    ]);
    expect(result.steps.join('\n')).not.toContain(PASSWORD);
  });

  it('never presses a refusal whose words look like approval ("Don\'t allow")', async () => {
    const result = await authorizeInBrowser(authorizationUrl('tricky', { signedIn: true }), { redirectUri, browser });
    expect(new URL(result.redirectUrl).searchParams.get('code')).toBe('code-from-consent');
    expect(seen.decisions.at(-1)).toBe('approve');
  });

  it('clicks the control named by a CSS selector, and without it fails naming the page, its URL without query, and the steps', async () => {
    const result = await authorizeInBrowser(authorizationUrl('custom', { signedIn: true }), { redirectUri, browser, approveSelector: '#go' });
    expect(new URL(result.redirectUrl).searchParams.get('code')).toBe('code-from-consent');

    const failure = await authorizeInBrowser(authorizationUrl('custom', { state: 'secret-state' }), { redirectUri, browser }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BrowserAuthorizationError);
    const message = (failure as Error).message;
    expect(message).toContain(`no approve control`);
    expect(message).toContain(`last page "Grant access" at ${siteUrl}/consent`);
    expect(message).toContain(`clicked "Continue" on page "Sign in"`);
    expect(message).not.toContain('secret-state');
  });

  it('gives up after maxSteps approvals that lead nowhere, and an error page is named with its status', async () => {
    await expect(authorizeInBrowser(authorizationUrl('loop', { signedIn: true }), { redirectUri, browser, maxSteps: 2 })).rejects.toThrow(
      `still on a page after 2 approvals; last page "Grant access" at ${siteUrl}/consent (after: opened ${siteUrl}/authorize; clicked "Approve" on page "Grant access" at ${siteUrl}/consent; clicked "Approve" on page "Grant access" at ${siteUrl}/consent)`,
    );
    await expect(authorizeInBrowser(`${siteUrl}/nowhere`, { redirectUri, browser })).rejects.toThrow(`no approve control (no button named like ${APPROVE_NAME}); last Chromium's error page (HTTP 404) for ${siteUrl}/nowhere`);
  });

  it('refuses before opening anything when a variable to fill from is not set', async () => {
    await expect(authorizeInBrowser(authorizationUrl('plain'), { redirectUri, browser, env: {}, fill: { username: 'CONSENT_USER' } })).rejects.toThrow(
      'the field "username" is to be filled from the environment variable CONSENT_USER, which is not set',
    );
  });

  it('follows the SDK demo authorization server, which approves at once, to a code the example then honours', async () => {
    const steps: string[][] = [];
    const token = await obtainToken(sdk.url, {
      redirectUri,
      approve: async (url, redirect) => {
        const result = await authorizeInBrowser(url.href, { redirectUri: redirect, browser });
        steps.push(result.steps);
        return result.redirectUrl;
      },
    });
    expect(steps).toEqual([[`opened ${sdk.issuer}authorize`]]);
    const response = await fetch(sdk.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token.accessToken}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'auth-browser.test', version: '0' } } }),
    });
    await response.body?.cancel();
    expect(response.status).toBe(200);
  });
});

describe('parseFill', () => {
  it('reads FIELD=ENVVAR words and refuses a right side that is not a variable name, without echoing it', () => {
    expect(parseFill(['username=LOGIN_USER', 'Pass word=LOGIN_PW'])).toEqual({ username: 'LOGIN_USER', 'Pass word': 'LOGIN_PW' });
    expect(() => parseFill(['password=hunter2!'])).toThrow('--auth-fill password=…: the right side must be the name of an environment variable');
    expect(() => parseFill(['password=hunter2!'])).not.toThrow(/hunter2/);
    expect(() => parseFill(['=X'])).toThrow('--auth-fill takes FIELD=ENVVAR');
    expect(() => parseFill(['noequals'])).toThrow('--auth-fill takes FIELD=ENVVAR');
  });
});
