import { originRefused, probeForeignOrigin, scenario } from '#api';

// DNS rebinding: a page on another site reaches a local server through a name it controls; the
// browser then sends that site's Origin, which the server must refuse.
export default scenario({
  title: 'Requests from a foreign Origin are refused, with or without a session',
  role: 'server',
  // 2026-07-28 moves the transport to its own page; the stateless suites carry its rules.
  until: '2026-07-28',
  transports: ['streamable-http'],
  checks: {
    'foreign-origin-initialize-refused': 'streamable-http/server-validates-origin',
    'foreign-origin-request-refused': 'streamable-http/server-validates-origin',
  },
  async run(t) {
    const probes = await probeForeignOrigin(await t.ready(), (text) => t.note(text));
    if ('blocked' in probes) return t.blocked(probes.blocked);
    t.check('foreign-origin-initialize-refused', originRefused(probes.initialize, '4xx', 'an initialize request'));
    t.check('foreign-origin-request-refused', originRefused(probes.inSession, '4xx', 'a ping of the session'));
  },
});
