import { originRefused, probeForeignOrigin, scenario } from '#api';

// 2025-11-25 names the status: a present and invalid Origin gets 403 Forbidden.
export default scenario({
  title: 'A request from a foreign Origin is refused with HTTP 403',
  role: 'server',
  // 2026-07-28 moves the transport to its own page; the stateless suites carry its rules.
  until: '2026-07-28',
  transports: ['streamable-http'],
  checks: {
    'foreign-origin-initialize-403': 'streamable-http/server-403-invalid-origin',
    'foreign-origin-request-403': 'streamable-http/server-403-invalid-origin',
  },
  async run(t) {
    const probes = await probeForeignOrigin(await t.ready(), (text) => t.note(text));
    if ('blocked' in probes) return t.blocked(probes.blocked);
    t.check('foreign-origin-initialize-403', originRefused(probes.initialize, 403, 'an initialize request'));
    t.check('foreign-origin-request-403', originRefused(probes.inSession, 403, 'a ping of the session'));
  },
});
