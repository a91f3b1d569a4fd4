import { judgeRegistration, onAuthorizationServer, scenario } from '#api';

// Until 2025-11-25 the text asks for Dynamic Client Registration (SHOULD); from then on it is a MAY.
export default scenario({
  title: 'Dynamic Client Registration is offered, gives a client_id, refuses bad metadata',
  role: 'server',
  until: '2025-11-25',
  checks: {
    'registration-offered': 'authorization-server/supports-dcr',
    'registration-created': 'authorization-server/dcr-response',
    'bad-metadata-refused': 'authorization-server/dcr-response',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeRegistration(t, probe, 'registration-offered'));
  },
});
