import { judgeCimd, onAuthorizationServer, scenario } from '#api';

// The harness's client metadata documents are served over https on 127.0.0.1, signed by a CA made for the run.
export default scenario({
  title: 'Client ID Metadata Documents: URL client ids fetched, checked and cached',
  role: 'server',
  checks: {
    'cimd-advertised': 'authorization-server/supports-cimd',
    'document-fetched': 'authorization-server/cimd-fetches',
    'document-cached': 'authorization-server/cimd-caches',
    'unlisted-redirect-refused': 'authorization-server/cimd-redirect-uri-listed',
    'id-mismatch-refused': 'authorization-server/cimd-id-matches-url',
    'invalid-document-refused': 'authorization-server/cimd-document-valid',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeCimd(t, probe));
  },
});
