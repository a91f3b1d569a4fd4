import { describeRevision, framesOf, isJsonObject, isResult, META, resultOf, scenario, that } from '#api';

export default scenario({
  title: 'Discovery tells the versions, capabilities and identity of the server',
  role: 'server',
  session: 'shared',
  checks: {
    'discover-answered': 'versioning/server-implements-discover',
    'discover-server-info': 'discover/server-info',
  },
  async run(t) {
    const connection = await t.ready();
    const reply = await connection.discover();
    t.check('discover-answered', isResult(reply, 'a server/discover result'));
    const result = resultOf(reply);
    if (!result) return t.skip('server/discover gave no result');
    const meta = isJsonObject(result._meta) ? result._meta : {};
    const info = meta[META.serverInfo];
    t.check(
      'discover-server-info',
      that(isJsonObject(info) && typeof info.name === 'string' && typeof info.version === 'string', `_meta["${META.serverInfo}"] with the server's name and version`, { _meta: result._meta ?? null }, framesOf(reply)),
    );
    // What the target said it speaks, for the reader; which revisions run was decided by the probe.
    t.note(`server/discover lists ${JSON.stringify(result.supportedVersions ?? null)} (this run: ${describeRevision(connection.revision).wireVersion})`);
  },
});
