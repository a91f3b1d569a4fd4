import { judgeRefresh, onAuthorizationServer, scenario } from '#api';

// 2025-03-26 asks the server to rotate tokens (SHOULD); refusing the used one comes with 2025-06-18.
export default scenario({
  title: 'A refresh returns a new refresh token',
  role: 'server',
  until: '2025-06-18',
  checks: {
    'refresh-rotated': 'authorization-server/rotates-tokens',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeRefresh(t, probe));
  },
});
