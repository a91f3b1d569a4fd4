/**
 * The scenarios of suites/<rev>/server/authorization-server/, their bodies run directly (no CLI)
 * against variants of the reference authorization server that the proofs do not cover (an issuer
 * path, no metadata, a consent page), and the proof table checked against the declared checks:
 * every check has a defect that fails it. The proofs themselves run through the CLI in
 * authorization-cli.test.ts.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServerOptions } from '../runner/auth/authorization-server.js';
import type { Assertion, ServerScenario } from '../runner/engine/scenario.js';
import { compareRevisions, REVISIONS, type Revision } from '../runner/revisions.js';
import { Redactor } from '../runner/util/redact.js';
import { Transcript } from '../runner/util/transcript.js';
import { AS_DEFECTS } from '../fixtures/reference/defects/auth-server.js';
import { AuthorizationServerProbe, CIMD_CA_FILE, probePkce } from '../runner/api/authorization-server.js';
import { OAuthClient } from '../runner/auth/oauth-client.js';

/** The scenarios of suites/<rev>/server/authorization-server/, by name, with the revision they start at. */
const SCENARIOS: Array<{ name: string; since: Revision; scenario: ServerScenario }> = [];
for (const since of REVISIONS) {
  const dir = join('suites', since, 'server', 'authorization-server');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  } catch {
    continue;
  }
  for (const file of files) SCENARIOS.push({ name: file.slice(0, -3), since, scenario: ((await import(`../${dir}/${file}`)) as { default: ServerScenario }).default });
}

/** The scenario of each name that runs at a revision. */
function scenariosAt(revision: Revision): Array<{ name: string; scenario: ServerScenario }> {
  return SCENARIOS.filter(({ since, scenario }) => compareRevisions(revision, since) >= 0 && (scenario.until === undefined || compareRevisions(revision, scenario.until) < 0));
}

class Stop extends Error {}

/** Runs the named scenarios against a fresh server with these options; the failed checks as `scenario#check`, and the passed ones. */
async function judge(options: AuthorizationServerOptions, revision: Revision, names?: string[]): Promise<{ failed: string[]; passed: string[] }> {
  // The reference takes Client ID Metadata Documents, trusting the CA the checks write to the run's folder.
  const outDir = mkdtempSync(join(tmpdir(), 'mcpc-as-'));
  const as = await startAuthorizationServer({ cimd: true, cimdTrustCaFile: join(outDir, CIMD_CA_FILE), ...options });
  const failed: string[] = [];
  const passed: string[] = [];
  try {
    for (const { name, scenario } of scenariosAt(revision)) {
      if (names && !names.includes(name)) continue;
      const declared = new Set(Object.keys(scenario.checks));
      const seen = new Set<string>();
      const t = {
        revision,
        timeoutMs: 5000,
        auth: { tokens: {}, issuer: as.issuer, transcript: new Transcript('oauth', Redactor.of([])), redactor: Redactor.of([]), outDir },
        check: (id: string, a: Assertion) => {
          seen.add(id);
          (a.ok ? passed : failed).push(`${name}#${id}`);
          return a.ok;
        },
        notApplicable: (id: string) => void seen.add(id),
        untestable: (id: string, reason: string) => void failed.push(`${name}#${id} untestable: ${reason}`),
        skip: (reason: string) => {
          throw new Stop(reason);
        },
        blocked: (reason: string) => {
          failed.push(`${name}#blocked: ${reason}`);
          throw new Stop(reason);
        },
        note: () => undefined,
      };
      try {
        await scenario.run(t as never);
      } catch (err) {
        if (!(err instanceof Stop)) throw err;
      }
      for (const id of seen) expect(declared.has(id), `${name}#${id} is declared`).toBe(true);
    }
  } finally {
    await as.close();
  }
  return { failed: failed.sort(), passed };
}

describe('authorization server checks against the reference authorization server', () => {
  it('every scenario of the topic is found', () => {
    expect(scenariosAt('2026-07-28').map((s) => s.name).sort()).toEqual(['cimd', 'code-bound', 'code-single-use', 'consent-page', 'dcr', 'iss', 'metadata', 'open-redirect', 'pkce', 'redirect-uri', 'refresh-rotation', 'responses']);
  });

  it('gets codes through a consent page with an approve hook (a browser driver\'s place), and reports a page without one', async () => {
    const as = await startAuthorizationServer({ consentPage: true });
    const redactor = Redactor.of([]);
    const oauth = new OAuthClient({ transcript: new Transcript('oauth', redactor), redactor, timeoutMs: 5000 });
    // What a browser does on the page: press Approve (the form posts, the answer redirects).
    const approve = async (url: string): Promise<string | undefined> => {
      const html = await (await fetch(url)).text();
      const request = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const answer = await fetch(`${as.issuer}/authorize/decision`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ request, decision: 'approve' }) });
      return answer.headers.get('location') ?? undefined;
    };
    try {
      const probed = async (hook?: typeof approve): Promise<Awaited<ReturnType<typeof probePkce>>> => {
        const probe = new AuthorizationServerProbe({ issuer: as.issuer, revision: '2025-11-25', oauth, ...(hook ? { approve: hook } : {}), note: () => undefined });
        await probe.discover();
        return probePkce(probe);
      };
      const withHook = await probed(approve);
      expect('unavailable' in withHook ? withHook.unavailable : withHook.wrong.error).toBe('invalid_grant');
      const without = await probed();
      expect('unavailable' in without && without.unavailable).toMatch(/approves without a page/);
    } finally {
      oauth.close();
      await as.close();
    }
  });

  // The other scenarios get their codes from such a server through headless Chromium (test/authorization-cli.test.ts).
  it('a consent page naming the redirect host passes', async () => {
    const { failed, passed } = await judge({ consentPage: true }, '2025-11-25', ['consent-page']);
    expect(passed).toEqual(['consent-page#consent-shows-redirect-host']);
    expect(failed).toEqual([]);
  });

  it('2025-03-26: a server without metadata but with the default endpoints fails only the metadata SHOULD', async () => {
    expect((await judge({ metadataAt: [] }, '2025-03-26', ['metadata', 'pkce'])).failed).toEqual(['metadata#metadata-served']);
  });

  it('the reference with an issuer path, metadata only at the appended OpenID location, passes at 2025-11-25', async () => {
    expect((await judge({ issuerPath: '/tenant1', metadataAt: ['openid-appended'] }, '2025-11-25')).failed).toEqual([]);
  });

  it('proves every declared check by a defect, and every requirement a defect cites by its proofs', () => {
    const declared = new Map<string, Set<string>>();
    for (const { name, scenario } of SCENARIOS) {
      for (const [id, requirement] of Object.entries(scenario.checks)) declared.set(`authorization-server/${name}#${id}`, (declared.get(`authorization-server/${name}#${id}`) ?? new Set()).add(requirement));
    }
    const proven = new Set(AS_DEFECTS.flatMap((d) => d.proofs.flatMap((p) => p.fails)));
    expect([...declared.keys()].filter((key) => !proven.has(key as never)).sort()).toEqual([]);
    expect([...proven].filter((key) => !declared.has(key))).toEqual([]);
    for (const defect of AS_DEFECTS) {
      const shown = new Set(defect.proofs.flatMap((p) => p.fails.flatMap((key) => [...(declared.get(key) ?? [])])));
      expect(defect.violates.filter((id) => !shown.has(id)), defect.name).toEqual([]);
    }
  });
});
