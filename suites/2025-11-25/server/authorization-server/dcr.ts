import { judgeRegistration, onAuthorizationServer, scenario } from '#api';

export default scenario({
  title: 'Registration (DCR) answers 201 with a client_id, and 400 to bad metadata',
  role: 'server',
  checks: {
    'registration-created': 'authorization-server/dcr-response',
    'bad-metadata-refused': 'authorization-server/dcr-response',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeRegistration(t, probe));
  },
});
