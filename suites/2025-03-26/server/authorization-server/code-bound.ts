import { judgeCodeBinding, onAuthorizationServer, scenario } from '#api';

export default scenario({
  title: 'An authorization code is redeemed only by its client, with its redirect_uri',
  role: 'server',
  checks: {
    'other-client-refused': 'authorization-server/code-bound-to-client-and-redirect',
    'other-redirect-uri-refused': 'authorization-server/code-bound-to-client-and-redirect',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeCodeBinding(t, probe));
  },
});
