import { isResult, scenario, type JsonObject } from '#api';

const HONOURED = 'lifecycle/server-honours-declared-capabilities';

/** For each capability, a harmless request that must work when the capability is declared. */
const PROBES: { capability: string; checkId: 'declared-tools-answered' | 'declared-resources-answered' | 'declared-prompts-answered' | 'declared-logging-answered'; method: string; params?: JsonObject }[] = [
  { capability: 'tools', checkId: 'declared-tools-answered', method: 'tools/list' },
  { capability: 'resources', checkId: 'declared-resources-answered', method: 'resources/list' },
  { capability: 'prompts', checkId: 'declared-prompts-answered', method: 'prompts/list' },
  { capability: 'logging', checkId: 'declared-logging-answered', method: 'logging/setLevel', params: { level: 'info' } },
];

export default scenario({
  title: 'Declared capabilities are backed by their methods',
  role: 'server',
  session: 'shared',
  // 2026-07-28 declares capabilities through server/discover, and drops logging/setLevel.
  until: '2026-07-28',
  checks: {
    'declared-tools-answered': HONOURED,
    'declared-resources-answered': HONOURED,
    'declared-prompts-answered': HONOURED,
    'declared-logging-answered': HONOURED,
  },
  async run(t) {
    const connection = await t.ready();
    for (const probe of PROBES) {
      if (connection.serverCapabilities[probe.capability] === undefined) {
        t.notApplicable(probe.checkId, `the server does not declare ${probe.capability}`);
        continue;
      }
      const reply = await connection.request(probe.method, probe.params);
      t.check(probe.checkId, isResult(reply, `${probe.method} succeeds because ${probe.capability} is declared`));
    }
  },
});
