import { bearerChallenge, describeSearch, findResourceMetadata, requireProtected, scenario } from '#api';

// From 2025-06-18 a protected server publishes OAuth 2.0 Protected Resource Metadata (RFC 9728)
// naming its authorization servers, for the resource it is (basic/authorization, authorization
// server discovery).
export default scenario({
  title: 'Resource metadata is served, naming authorization servers and this resource',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'metadata-served': 'authorization/server-serves-prm',
    'names-authorization-servers': 'authorization/server-prm-authorization-servers',
    'resource-matches': 'authorization/server-prm-resource-matches',
    'resource-without-trailing-slash': 'authorization/resource-without-trailing-slash',
  },
  async run(t) {
    const { connection, refused } = await requireProtected(t);
    const search = await findResourceMetadata(connection, bearerChallenge(refused.headers['www-authenticate']), (text) => t.note(text));
    const found = search.found;
    if (!t.check('metadata-served', {
      ok: found !== undefined,
      expected: 'a Protected Resource Metadata document (200, a JSON object) at the challenge\'s resource_metadata or a well-known URL',
      ...(found ? { frames: [found.exchange.seq] } : { actual: describeSearch(search), message: 'serve the metadata at /.well-known/oauth-protected-resource with the endpoint\'s path after it, and name that URL in the 401 challenge as resource_metadata' }),
    }) || !found) {
      // No document writes a resource identifier, so none is written with a trailing slash either.
      t.notApplicable('resource-without-trailing-slash', 'no metadata, so no resource URL to judge');
      return t.blocked('no Protected Resource Metadata was found');
    }

    const servers = found.document.authorization_servers;
    const list = Array.isArray(servers) ? servers : [];
    const urls = list.filter((s): s is string => typeof s === 'string' && /^https?:\/\/[^/]/i.test(s));
    t.check('names-authorization-servers', {
      ok: urls.length > 0 && urls.length === list.length,
      expected: 'authorization_servers: a non-empty array of issuer URLs',
      actual: servers === undefined ? 'no authorization_servers' : JSON.stringify(servers).slice(0, 300),
      frames: [found.exchange.seq],
    });

    // RFC 9728 Section 3.3: identical to the resource identifier the request was made for (the
    // endpoint's URL); URL parsing puts scheme and host in one case, nothing else is forgiven.
    const resource = found.document.resource;
    const endpoint = connection.http!.url;
    const same = typeof resource === 'string' && URL.canParse(resource) && new URL(resource).href === new URL(endpoint).href;
    t.check('resource-matches', {
      ok: same,
      expected: `resource: "${endpoint}" (the URL the metadata is for)`,
      actual: resource === undefined ? 'no resource' : JSON.stringify(resource),
      frames: [found.exchange.seq],
      ...(same ? {} : { message: 'a client must refuse metadata whose resource differs from the server it is connecting to: set resource to the endpoint\'s exact URL' }),
    });

    // The canonical URI goes without a trailing slash unless the slash means something: never after
    // the bare origin, nor where the server answers at the URL without it (the one tested here).
    if (typeof resource !== 'string' || !URL.canParse(resource)) return t.notApplicable('resource-without-trailing-slash', 'the metadata has no resource URL to judge');
    if (resource.endsWith('/') && new URL(resource).pathname !== '/' && endpoint.endsWith('/')) {
      return t.notApplicable('resource-without-trailing-slash', `the endpoint's own URL (${endpoint}) ends in a slash, which may mean something to it`);
    }
    t.check('resource-without-trailing-slash', {
      ok: !resource.endsWith('/'),
      expected: `resource written without a trailing slash (${endpoint.replace(/\/$/, '')})`,
      actual: JSON.stringify(resource),
      frames: [found.exchange.seq],
      ...(resource.endsWith('/') ? { message: 'write the resource identifier without the trailing slash: the server answers at the URL without it' } : {}),
    });
  },
});
