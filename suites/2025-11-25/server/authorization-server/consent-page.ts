import { judgeConsentPage, onAuthorizationServer, scenario } from '#api';

export default scenario({
  title: 'The authorization page names the host the code will be sent to',
  role: 'server',
  checks: {
    'consent-shows-redirect-host': 'authorization-server/consent-shows-redirect-host',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeConsentPage(t, probe));
  },
});
