import { describeReply, describeRevision, errorCode, framesOf, hasStatus, isJsonObject, metaWithVersion, MODERN_ERRORS, scenario, that, UNKNOWN_VERSION, type Reply } from '#api';

const LISTS = [
  { capability: 'tools', method: 'tools/list' },
  { capability: 'prompts', method: 'prompts/list' },
  { capability: 'resources', method: 'resources/list' },
] as const;

export default scenario({
  title: 'A version the server lacks is refused, before and after other requests succeed',
  role: 'server',
  checks: {
    'unknown-version-32022': 'versioning/server-unsupported-version-error',
    'unknown-version-http-400': 'streamable-http/server-unsupported-version-400',
    'judged-alone': 'base/server-judges-each-request-alone',
    'initialize-error-names-versions': 'versioning/server-initialize-error-names-versions',
  },
  async run(t) {
    // A fresh connection: what earlier requests on it did must not matter, and that is checked after.
    const connection = await t.ready();
    const http = connection.transport === 'streamable-http';
    if (!http) t.notApplicable('unknown-version-http-400', 'applies to Streamable HTTP only');
    // Not server/discover: a client probing with a version the server lacks may get the server's
    // DiscoverResult and pick a version from it (basic/transports/stdio#backward-compatibility).
    const list = LISTS.find((l) => connection.serverCapabilities[l.capability] !== undefined);
    if (!list) return t.skip('the server declares neither tools, prompts nor resources, whose list request would carry the version');
    const atUnknown = (): Promise<Reply> => connection.request(list.method, { _meta: metaWithVersion(connection, UNKNOWN_VERSION) }, { meta: false, offSchema: true });
    const refusal = (reply: Reply): boolean => {
      const data = reply.kind === 'error' ? reply.error.data : undefined;
      const supported = isJsonObject(data) ? data.supported : undefined;
      return errorCode(reply) === MODERN_ERRORS.unsupportedProtocolVersion && Array.isArray(supported) && supported.every((v) => typeof v === 'string');
    };
    const evidence = (reply: Reply): unknown => (reply.kind === 'error' ? { error: reply.error } : reply.kind === 'result' ? { result: '…a result' } : reply);

    // A client of the earlier era opens with initialize: a server of this era alone refuses it, naming its versions.
    if (t.target.supported.some((r) => describeRevision(r).stateful)) {
      t.notApplicable('initialize-error-names-versions', 'the server serves the earlier era too, so it answers initialize');
    } else {
      const init = await connection.request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'mcp-conformance', version: '0' } }, { meta: false, offSchema: true });
      const wire = describeRevision(connection.revision).wireVersion;
      const said = init.kind === 'error' ? JSON.stringify(init.error) : '';
      t.check('initialize-error-names-versions', that(init.kind === 'error' && said.includes(wire), `an error to initialize that names the versions served (${wire} among them)`, describeReply(init), framesOf(init)));
    }

    const first = await atUnknown();
    t.check('unknown-version-32022', that(refusal(first), `error ${MODERN_ERRORS.unsupportedProtocolVersion} with data.supported listing the versions served, for ${list.method} at ${UNKNOWN_VERSION}`, evidence(first), framesOf(first)));
    if (http) t.check('unknown-version-http-400', hasStatus(connection, first, 400, `${list.method} at ${UNKNOWN_VERSION}`));

    // The same request again, after one at the revision's own version succeeded on this connection.
    if (!refusal(first)) return t.notApplicable('judged-alone', `the server did not refuse ${UNKNOWN_VERSION} on a fresh connection either (see unknown-version-32022)`);
    const good = await connection.request(list.method);
    if (good.kind !== 'result') return t.untestable('judged-alone', `${list.method} at the revision's version got no result: ${JSON.stringify(describeReply(good))}`);
    const again = await atUnknown();
    t.check('judged-alone', that(refusal(again), `${list.method} at ${UNKNOWN_VERSION} refused again after a request at the revision's version succeeded on the connection`, evidence(again), framesOf(again)));
  },
});
