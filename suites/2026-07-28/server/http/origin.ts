import { exchangeEvidence, FOREIGN_ORIGIN, originRefused, scenario } from '#api';

export default scenario({
  title: 'A request from a foreign Origin is refused with 403 (DNS-rebinding protection)',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'foreign-origin-refused': 'streamable-http/server-origin-validated',
    'foreign-origin-403': 'streamable-http/server-origin-403',
  },
  async run(t) {
    const connection = await t.ready();
    const http = connection.http!;
    const body = connection.requestBody('origin-probe', 'server/discover');
    // The control: the same request without Origin is served, so a refusal of the foreign one shows the Origin check.
    const control = await http.probe('POST', { body });
    if (control.status !== 200) return t.blocked(`server/discover without an Origin header was not served (${exchangeEvidence(control)}), so a refusal of a foreign Origin would show nothing`);
    const foreign = await http.probe('POST', { body, headers: { origin: FOREIGN_ORIGIN } });
    t.check('foreign-origin-refused', originRefused(foreign, '4xx', 'server/discover'));
    t.check('foreign-origin-403', originRefused(foreign, 403, 'server/discover'));
  },
});
