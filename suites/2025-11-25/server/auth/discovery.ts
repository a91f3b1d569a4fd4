import { bearerChallenge, challengeOf, describeSearch, findResourceMetadata, requireProtected, scopesOf, scenario } from '#api';

// From 2025-11-25 the metadata may be found either way, through the challenge or at a well-known
// URL, and the challenge should say which scopes to ask for (basic/authorization, protected
// resource metadata discovery and scope selection).
export default scenario({
  title: 'Metadata found via the challenge or a well-known URL; the challenge names scopes',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'metadata-discoverable': 'authorization/server-prm-discoverable',
    'challenge-scope': 'authorization/server-challenge-scope',
  },
  async run(t) {
    const { connection, refused } = await requireProtected(t);
    const search = await findResourceMetadata(connection, bearerChallenge(refused.headers['www-authenticate']), (text) => t.note(text));
    t.check('metadata-discoverable', {
      ok: search.found !== undefined,
      expected: 'the metadata at the challenge\'s resource_metadata, or at /.well-known/oauth-protected-resource (path-inserted, then the root)',
      ...(search.found ? { frames: [search.found.exchange.seq] } : { actual: describeSearch(search), message: 'serve the metadata at a well-known URL, or name it in the challenge as resource_metadata' }),
    });
    const found = challengeOf(refused);
    const scope = 'challenge' in found ? found.challenge.params.scope : undefined;
    t.check('challenge-scope', {
      ok: scopesOf(scope).length > 0,
      expected: 'scope="<the scopes this resource needs>" in the 401 challenge',
      actual: 'problem' in found ? found.problem : `WWW-Authenticate: ${refused.headers['www-authenticate']}`,
      frames: [refused.seq],
    });
  },
});
