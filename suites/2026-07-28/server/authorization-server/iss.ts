import { judgeIss, onAuthorizationServer, scenario } from '#api';

export default scenario({
  title: 'Authorization responses carry iss, and the metadata says so',
  role: 'server',
  checks: {
    'iss-in-response': 'authorization-server/iss-in-response',
    'iss-advertised': 'authorization-server/iss-advertised',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeIss(t, probe));
  },
});
