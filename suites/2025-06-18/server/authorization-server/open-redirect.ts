import { judgeRedirectUris, onAuthorizationServer, scenario } from '#api';

// From 2025-06-18 the open-redirection section has the server show an invalid redirect URI as an error, not redirect to it.
export default scenario({
  title: 'An invalid redirect_uri is shown as an error, not redirected to',
  role: 'server',
  checks: {
    'error-not-redirected': 'authorization-server/no-redirect-to-untrusted',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeRedirectUris(t, probe, ['error-not-redirected']));
  },
});
