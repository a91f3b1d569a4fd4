import { judgeRedirectUris, onAuthorizationServer, scenario } from '#api';

export default scenario({
  title: 'The authorization endpoint never redirects to a redirect_uri that is not registered',
  role: 'server',
  until: '2025-06-18',
  checks: {
    'redirect-uri-exact': 'authorization-server/exact-redirect-uri',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeRedirectUris(t, probe, ['redirect-uri-exact']));
  },
});
