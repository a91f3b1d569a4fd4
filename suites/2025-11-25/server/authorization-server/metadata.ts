import { judgeMetadata, onAuthorizationServer, scenario } from '#api';

// 2025-11-25: RFC 8414 or OpenID Connect Discovery, in the order clients try them; PKCE support advertised.
export default scenario({
  title: 'The authorization server serves valid metadata advertising S256',
  role: 'server',
  checks: {
    'metadata-served': 'authorization-server/provides-discovery-metadata',
    'metadata-required-fields': 'authorization-server/metadata-required-fields',
    'issuer-identical': 'authorization-server/metadata-issuer-matches',
    'https-endpoints': 'authorization-server/https-endpoints',
    's256-advertised': 'authorization-server/enforces-pkce',
    'openid-pkce-methods': 'authorization-server/oidc-metadata-pkce-methods',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeMetadata(t, probe, 'one of the issuer\'s well-known URLs (RFC 8414, then OpenID Connect Discovery with the path inserted, then appended)'));
  },
});
