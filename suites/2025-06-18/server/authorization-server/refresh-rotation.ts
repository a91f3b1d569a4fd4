import { judgeRefresh, onAuthorizationServer, scenario } from '#api';

export default scenario({
  title: 'A public client\'s refresh token rotates, and the used one is refused',
  role: 'server',
  checks: {
    'refresh-rotated': 'authorization-server/rotates-public-refresh-tokens',
    'used-refresh-refused': 'authorization-server/rotates-public-refresh-tokens',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeRefresh(t, probe, 'used-refresh-refused'));
  },
});
