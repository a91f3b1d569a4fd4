import { base64HeaderValue, describeRevision, errorCodeIn, withAnswer, exchangeEvidence, MODERN_ERRORS, refusedWith, removedMethods, scenario, that, UNKNOWN_VERSION } from '#api';

const MISMATCH = 'streamable-http/server-rejects-header-mismatch';
const UNKNOWN_METHOD = 'streamable-http/server-unknown-method-404';
/** No server has this tool: a server that skips header validation answers "unknown tool", and runs nothing. */
const NO_SUCH_TOOL = 'conformance-no-such-tool';

export default scenario({
  title: 'Streamable HTTP requests mirror their body in headers, checked by the server',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'version-header-mismatch-400': MISMATCH,
    'method-header-mismatch-400': MISMATCH,
    'method-header-missing-400': MISMATCH,
    'name-header-mismatch-400': MISMATCH,
    'name-header-missing-400': MISMATCH,
    'encoded-name-accepted': 'streamable-http/server-decodes-encoded-headers',
    'unknown-method-404': UNKNOWN_METHOD,
    'removed-method-404': UNKNOWN_METHOD,
  },
  async run(t) {
    const connection = await t.ready();
    const http = connection.http!;
    const discover = connection.requestBody('headers-discover', 'server/discover');
    const post = async (body: string, headers: Record<string, string | null> = {}) => withAnswer(await http.probe('POST', { body, headers }), t.timeoutMs);
    const mismatch = [MODERN_ERRORS.headerMismatch];

    // A header version that is no version at all: refused as a mismatch, or for naming a version the server does not serve.
    const version = await post(discover, { 'mcp-protocol-version': UNKNOWN_VERSION });
    t.check('version-header-mismatch-400', refusedWith(version, 400, [...mismatch, MODERN_ERRORS.unsupportedProtocolVersion], `MCP-Protocol-Version ${UNKNOWN_VERSION} on a body at the revision's version`));
    t.check('method-header-mismatch-400', refusedWith(await post(discover, { 'mcp-method': 'tools/list' }), 400, mismatch, 'Mcp-Method tools/list on a server/discover body'));
    t.check('method-header-missing-400', refusedWith(await post(discover, { 'mcp-method': null }), 400, mismatch, 'a POST without Mcp-Method'));

    const call = connection.requestBody('headers-call', 'tools/call', { name: NO_SUCH_TOOL, arguments: {} });
    t.check('name-header-mismatch-400', refusedWith(await post(call, { 'mcp-name': 'conformance-other-tool' }), 400, mismatch, `Mcp-Name conformance-other-tool on a tools/call of ${NO_SUCH_TOOL}`));
    t.check('name-header-missing-400', refusedWith(await post(call, { 'mcp-name': null }), 400, mismatch, 'a tools/call without Mcp-Name'));
    // The same name in the base64 form a client must use for unsafe values, and may not use otherwise: equal once decoded.
    const encoded = await post(call, { 'mcp-name': base64HeaderValue(NO_SUCH_TOOL) });
    const code = errorCodeIn(encoded);
    t.check(
      'encoded-name-accepted',
      that(encoded.status !== undefined && code !== MODERN_ERRORS.headerMismatch, `no HeaderMismatch for an Mcp-Name in base64 form that equals the body once decoded`, exchangeEvidence(encoded), [encoded.seq]),
    );

    t.check('unknown-method-404', refusedWith(await post(connection.requestBody('headers-unknown', 'conformance/no-such-method')), 404, [-32601], 'an unknown method'));
    // The methods this revision removed (ping, ...) are like any other the server does not implement,
    // unless the server still implements them for clients of the earlier era.
    if (t.target.supported.some((r) => describeRevision(r).stateful)) return t.notApplicable('removed-method-404', 'the server serves the earlier era too, where these methods exist');
    const removed = [];
    for (const { method, params } of removedMethods(connection.serverCapabilities)) {
      const exchange = await post(connection.requestBody(`headers-removed-${method}`, method, params));
      const refused = refusedWith(exchange, 404, [-32601], `${method}, which this revision removed`);
      if (!refused.ok) removed.push(refused);
    }
    t.check('removed-method-404', that(removed.length === 0, 'HTTP 404 with JSON-RPC error -32601 for each method this revision removed', removed.map((r) => ({ expected: r.expected, actual: r.actual })), removed.flatMap((r) => r.frames ?? [])));
  },
});
