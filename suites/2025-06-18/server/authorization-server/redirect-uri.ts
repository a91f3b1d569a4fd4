import { judgeRedirectUris, onAuthorizationServer, scenario } from '#api';

// From 2025-06-18 the open-redirection section also has the server show, not redirect, an invalid redirect URI.
export default scenario({
  title: 'The authorization endpoint never redirects to a redirect_uri that is not registered',
  role: 'server',
  checks: {
    'redirect-uri-exact': 'authorization-server/exact-redirect-uri',
    'error-not-redirected': 'authorization-server/no-redirect-to-untrusted',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeRedirectUris(t, probe, ['redirect-uri-exact', 'error-not-redirected']));
  },
});
