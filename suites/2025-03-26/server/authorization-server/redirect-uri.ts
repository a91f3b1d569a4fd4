import { judgeRedirectUris, onAuthorizationServer, scenario } from '#api';

export default scenario({
  title: 'The authorization endpoint never redirects to an unregistered redirect_uri',
  role: 'server',
  checks: {
    'redirect-uri-exact': 'authorization-server/exact-redirect-uri',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeRedirectUris(t, probe, ['redirect-uri-exact']));
  },
});
