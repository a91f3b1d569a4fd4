import { exchangeEvidence, namedByServer, postWith, requireProtected, served, sessionlessRequest, scenario } from '#api';

// From 2025-06-18 the canonical URI has a lower-case scheme and host, but an implementation should take
// them in upper case as the same resource (basic/authorization, canonical server URI). Seen on the server
// by a token its authorization server issued for the URL so spelled; needs the harness's own grants.
export default scenario({
  title: 'A token issued for its URL with upper-case scheme and host is accepted',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'uppercase-audience-accepted': 'authorization/accepts-uppercase-scheme-host',
  },
  async run(t) {
    const grant = t.auth.grant;
    if (grant === undefined) return t.skip('needs a token for a resource the harness names: pass --authorize');
    const { connection, refused } = await requireProtected(t);
    const endpoint = new URL(connection.http!.url);
    const upper = `${endpoint.protocol.toUpperCase()}//${endpoint.host.toUpperCase()}${endpoint.pathname}${endpoint.search}`;
    // The scopes a token of the run's own has: the challenge's, else the metadata's.
    const { scopes } = await namedByServer(connection, refused, (text) => t.note(text));
    const token = await grant(scopes, { resource: upper });
    if ('problem' in token) return t.blocked(`the authorization server gave no token for resource=${upper}: ${token.problem}`);
    t.note(`a token asked for with resource=${upper}; sending it to ${endpoint.href}`);
    const exchange = await postWith(connection, sessionlessRequest(connection, 'auth-uppercase-audience'), { token: token.token });
    t.check('uppercase-audience-accepted', {
      ok: served(exchange),
      expected: `a request with a token issued for ${upper} served`,
      actual: `${exchangeEvidence(exchange)}; WWW-Authenticate: ${exchange.headers['www-authenticate'] ?? '(none)'}`,
      frames: [exchange.seq],
      ...(served(exchange) ? {} : { message: 'compare a token\'s audience with this server\'s URL as URLs do: scheme and host in any case name the same resource' }),
    });
  },
});
