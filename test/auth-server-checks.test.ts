/**
 * The authorization-server checks judged directly against the reference authorization server and
 * each of its defects (no CLI): the reference passes every check at every revision that has it,
 * and each defect fails exactly the checks its proofs name. The same bodies run in the scenarios
 * of suites/<rev>/server/authorization-server/.
 */
import { describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServerOptions } from '../runner/auth/authorization-server.js';
import { OAuthClient } from '../runner/auth/oauth-client.js';
import {
  AuthorizationServerProbe,
  judgeCodeBinding,
  judgeCodeReuse,
  judgeIss,
  judgeMetadata,
  judgePkce,
  judgeRedirectUris,
  judgeRefresh,
  judgeRegistration,
  type AsCheckContext,
} from '../runner/api/authorization-server.js';
import type { Assertion } from '../runner/engine/scenario.js';
import { compareRevisions, type Revision } from '../runner/revisions.js';
import { Redactor } from '../runner/util/redact.js';
import { Transcript } from '../runner/util/transcript.js';
import { AS_DEFECTS } from '../fixtures/reference/defects/auth-server.js';

type Body = (t: AsCheckContext, probe: AuthorizationServerProbe) => Promise<void>;

/** Each scenario's body at a revision, as the suites run it (undefined where the scenario does not apply). */
function scenarios(revision: Revision): Record<string, Body | undefined> {
  const from = (since: Revision): boolean => compareRevisions(revision, since) >= 0;
  return {
    metadata: (t, p) => judgeMetadata(t, p, 'the revision\'s well-known URLs'),
    pkce: judgePkce,
    'code-single-use': judgeCodeReuse,
    'code-bound': judgeCodeBinding,
    'redirect-uri': (t, p) => judgeRedirectUris(t, p, from('2025-06-18') ? ['redirect-uri-exact', 'error-not-redirected'] : ['redirect-uri-exact']),
    dcr: judgeRegistration,
    'refresh-rotation': (t, p) => judgeRefresh(t, p, from('2025-06-18') ? 'used-refresh-refused' : undefined),
    iss: from('2026-07-28') ? judgeIss : undefined,
  };
}

class Stop extends Error {}

/** Runs the named scenarios against a fresh server with these options; the failed checks as `scenario#check`, and the passed ones. */
async function judge(options: AuthorizationServerOptions, revision: Revision, names?: string[]): Promise<{ failed: string[]; passed: string[] }> {
  const as = await startAuthorizationServer(options);
  const redactor = Redactor.of([]);
  const oauth = new OAuthClient({ transcript: new Transcript('oauth', redactor), redactor, timeoutMs: 5000 });
  const failed: string[] = [];
  const passed: string[] = [];
  try {
    for (const [name, body] of Object.entries(scenarios(revision))) {
      if (!body || (names && !names.includes(name))) continue;
      const probe = new AuthorizationServerProbe({ issuer: as.issuer, revision, oauth, note: () => undefined });
      const t: AsCheckContext = {
        revision,
        check: (id: string, a: Assertion) => {
          (a.ok ? passed : failed).push(`${name}#${id}`);
          return a.ok;
        },
        notApplicable: () => undefined,
        skip: (reason) => {
          throw new Stop(`${name} skipped: ${reason}`);
        },
        blocked: (reason) => {
          failed.push(`${name}#blocked: ${reason}`);
          throw new Stop(reason);
        },
        note: () => undefined,
      };
      try {
        await body(t, probe);
      } catch (err) {
        if (!(err instanceof Stop)) throw err;
      }
    }
  } finally {
    oauth.close();
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

  it('the reference with an issuer path, metadata only at the appended OpenID location, passes at 2025-11-25', async () => {
    expect((await judge({ issuerPath: '/tenant1', metadataAt: ['openid-appended'] }, '2025-11-25')).failed).toEqual([]);
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
