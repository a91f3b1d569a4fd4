import { clientScenario, describeMessages, isJsonObject, paramsOf, requestMetaOf, requestsOf, that, type Received, type RequestMeta } from '#api';

export default clientScenario({
  title: 'Every request names its protocol version, capabilities and client in _meta',
  role: 'client',
  checks: {
    'meta-protocol-version': 'base/client-request-meta-protocol-version',
    'meta-client-capabilities': 'base/client-request-meta-capabilities',
    'meta-client-info': 'base/client-request-meta-client-info',
  },
  async run(t) {
    const client = await t.launch({ behaviour: 'tools_call' });
    await client.finished();
    const requests = requestsOf(client.messages());
    if (requests.length === 0) return t.blocked('the client sent no request');

    const lacking = (has: (meta: RequestMeta) => boolean): Received[] => requests.filter((r) => !has(requestMetaOf(paramsOf(r))));
    const verdict = (bad: Received[], expected: string) => that(bad.length === 0, `every request (${requests.length}) carries ${expected}`, { lacking: describeMessages(bad), _meta: bad[0] ? (paramsOf(bad[0])._meta ?? null) : undefined }, bad.map((r) => r.frame.seq));
    t.check('meta-protocol-version', verdict(lacking((m) => m.protocolVersion !== undefined), '_meta["io.modelcontextprotocol/protocolVersion"], a string'));
    t.check('meta-client-capabilities', verdict(lacking((m) => m.clientCapabilities !== undefined), '_meta["io.modelcontextprotocol/clientCapabilities"], an object'));
    const named = (m: RequestMeta): boolean => isJsonObject(m.clientInfo) && typeof m.clientInfo.name === 'string' && typeof m.clientInfo.version === 'string';
    t.check('meta-client-info', verdict(lacking(named), '_meta["io.modelcontextprotocol/clientInfo"] with a name and a version'));
  },
});
