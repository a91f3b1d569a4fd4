import { judgeCodeReuse, onAuthorizationServer, scenario } from '#api';

export default scenario({
  title: 'An authorization code is redeemed at most once',
  role: 'server',
  checks: {
    'code-reuse-refused': 'authorization-server/code-single-use',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeCodeReuse(t, probe));
  },
});
