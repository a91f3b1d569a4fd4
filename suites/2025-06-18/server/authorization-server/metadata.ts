import { judgeMetadata, onAuthorizationServer, scenario } from '#api';

// 2025-06-18: RFC 8414 metadata at the issuer's well-known URL (path insertion).
export default scenario({
  title: 'The authorization server serves valid RFC 8414 metadata',
  role: 'server',
  until: '2025-11-25',
  checks: {
    'metadata-served': 'authorization-server/provides-rfc8414-metadata',
    'metadata-required-fields': 'authorization-server/metadata-required-fields',
    'issuer-identical': 'authorization-server/metadata-issuer-matches',
    'https-endpoints': 'authorization-server/https-endpoints',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeMetadata(t, probe, 'the issuer\'s RFC 8414 well-known URL (/.well-known/oauth-authorization-server plus the issuer\'s path)'));
  },
});
