import { challengeOf, requireProtected, scenario } from '#api';

// At 2025-06-18 the 401 challenge is how clients find the metadata: it names it in resource_metadata
// (RFC 9728 Section 5.1). 2025-11-25 lets a server rely on the well-known URL instead.
export default scenario({
  title: 'The 401 challenge names the Protected Resource Metadata',
  role: 'server',
  until: '2025-11-25',
  transports: ['streamable-http'],
  checks: {
    'challenge-names-metadata': 'authorization/server-401-resource-metadata',
  },
  async run(t) {
    const { refused } = await requireProtected(t);
    const found = challengeOf(refused);
    const named = 'challenge' in found ? found.challenge.params.resource_metadata : undefined;
    t.check('challenge-names-metadata', {
      ok: named !== undefined && URL.canParse(named),
      expected: 'WWW-Authenticate: Bearer resource_metadata="<absolute URL of the metadata>" on the 401',
      actual: 'problem' in found ? found.problem : `WWW-Authenticate: ${refused.headers['www-authenticate']}`,
      frames: [refused.seq],
      ...(named === undefined ? { message: 'add resource_metadata="https://<host>/.well-known/oauth-protected-resource<path>" to the Bearer challenge of every 401' } : {}),
    });
  },
});
