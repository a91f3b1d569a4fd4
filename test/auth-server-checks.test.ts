/**
 * The scenarios of suites/<rev>/server/authorization-server/, run in-process (no CLI yet: the
 * `authorization --url` command is the lead's) against the reference authorization server and each
 * of its defects: the reference passes every check at every revision that has it, each defect fails
 * exactly the checks its proofs name, and every declared check has a defect that fails it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServerOptions } from '../runner/auth/authorization-server.js';
import type { Assertion, ServerScenario } from '../runner/engine/scenario.js';
import { compareRevisions, REVISIONS, type Revision } from '../runner/revisions.js';
import { Redactor } from '../runner/util/redact.js';
import { Transcript } from '../runner/util/transcript.js';
import { AS_DEFECTS } from '../fixtures/reference/defects/auth-server.js';

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
  const as = await startAuthorizationServer(options);
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
        auth: { tokens: {}, issuer: as.issuer, transcript: new Transcript('oauth', Redactor.of([])), redactor: Redactor.of([]) },
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
  for (const revision of ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'] as const) {
    it(`the reference passes every check at ${revision}`, async () => {
      const { failed, passed } = await judge({}, revision);
      expect(failed).toEqual([]);
      expect(passed.length).toBeGreaterThan(8);
    });
  }

  it('every scenario of the topic is found', () => {
    expect(scenariosAt('2026-07-28').map((s) => s.name).sort()).toEqual(['code-bound', 'code-single-use', 'dcr', 'iss', 'metadata', 'pkce', 'redirect-uri', 'refresh-rotation', 'responses']);
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

  for (const defect of AS_DEFECTS) {
    for (const proof of defect.proofs) {
      it(`${defect.name} fails exactly its checks at ${proof.revision}`, async () => {
        const names = [...new Set(proof.fails.map((k) => k.slice(k.indexOf('/') + 1, k.indexOf('#'))))];
        const { failed } = await judge(defect.override, proof.revision, names);
        expect(failed).toEqual(proof.fails.map((k) => k.slice(k.indexOf('/') + 1)).sort());
      });
    }
  }
});
