import { judgeMetadata, onAuthorizationServer, scenario } from '#api';

// 2025-03-26: the MCP server is its own authorization server; metadata (a SHOULD) at its origin's root.
export default scenario({
  title: 'Metadata is served at the origin\'s root, or else the default endpoints are',
  role: 'server',
  until: '2025-06-18',
  checks: {
    'metadata-served': 'authorization-server/metadata-supported',
    'metadata-at-root': 'authorization-server/metadata-at-root',
    'metadata-required-fields': 'authorization-server/metadata-required-fields',
    'issuer-identical': 'authorization-server/metadata-issuer-matches',
    'https-endpoints': 'authorization-server/https-endpoints',
    'default-endpoints': 'authorization-server/default-endpoints',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeMetadata(t, probe, '/.well-known/oauth-authorization-server of the MCP server\'s origin'));
  },
});
