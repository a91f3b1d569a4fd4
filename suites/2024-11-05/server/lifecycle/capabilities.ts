import { initialized, isResult, scenario, type JsonObject } from '../../../../runner/api/index.js';

const HONOURED = 'lifecycle/server-honours-declared-capabilities';

/** For each capability, a harmless request that must work when the capability is declared. */
const PROBES: { capability: string; checkId: string; method: string; params?: JsonObject }[] = [
  { capability: 'tools', checkId: 'declared-tools-answered', method: 'tools/list' },
  { capability: 'resources', checkId: 'declared-resources-answered', method: 'resources/list' },
  { capability: 'prompts', checkId: 'declared-prompts-answered', method: 'prompts/list' },
  { capability: 'logging', checkId: 'declared-logging-answered', method: 'logging/setLevel', params: { level: 'info' } },
];

export default scenario({
  title: 'Declared capabilities are backed by their methods',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  async run(t) {
    const connection = await initialized(t, PROBES.map((p) => [p.checkId, HONOURED] as const));
    if (!connection) return;
    for (const probe of PROBES) {
      if (connection.serverCapabilities[probe.capability] === undefined) {
        t.notApplicable(probe.checkId, HONOURED, `the server does not declare ${probe.capability}`);
        continue;
      }
      const reply = await connection.request(probe.method, probe.params);
      t.check(probe.checkId, HONOURED, isResult(reply, `${probe.method} succeeds because ${probe.capability} is declared`));
    }
  },
});
