import { bearerChallenge, challengeOf, findResourceMetadata, requireProtected, scopesOf, scenario } from '#api';

// From 2026-07-28 refresh tokens are the authorization server's business: the resource server does
// not ask for offline_access, in its challenge or its metadata (basic/authorization, scope selection).
export default scenario({
  title: 'The server does not ask for offline_access',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'no-offline-access': 'authorization/server-no-offline-access-scope',
  },
  async run(t) {
    const { connection, refused } = await requireProtected(t);
    const found = challengeOf(refused);
    const challenged = 'challenge' in found ? scopesOf(found.challenge.params.scope) : [];
    const search = await findResourceMetadata(connection, bearerChallenge(refused.headers['www-authenticate']), (text) => t.note(text));
    const supported = search.found && Array.isArray(search.found.document.scopes_supported) ? search.found.document.scopes_supported : [];
    const asked = [...(challenged.includes('offline_access') ? ['the challenge\'s scope'] : []), ...(supported.includes('offline_access') ? ['scopes_supported of the metadata'] : [])];
    t.check('no-offline-access', {
      ok: asked.length === 0,
      expected: 'offline_access neither in the challenge\'s scope nor in scopes_supported',
      ...(asked.length ? { actual: `offline_access in ${asked.join(' and ')}`, message: 'leave offline_access out: whether a client gets a refresh token is between it and the authorization server' } : {}),
      frames: [refused.seq, ...(search.found ? [search.found.exchange.seq] : [])],
    });
  },
});
