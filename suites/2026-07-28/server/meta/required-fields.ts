import { describeRevision, errorCode, framesOf, hasStatus, isError, META, metaWithout, MODERN_ERRORS, scenario, that, type Reply } from '#api';

const MISSING = 'base/server-rejects-missing-request-meta';


export default scenario({
  title: 'A request without its required _meta fields is refused',
  role: 'server',
  // Its own connection: hasStatus() finds a reply's HTTP exchange by transcript seq, and in a shared
  // session an earlier holder's exchange can carry the same seq (another scenario's transcript).
  checks: {
    'missing-capabilities-32602': MISSING,
    'missing-version-refused': MISSING,
    'no-meta-refused': MISSING,
    'missing-meta-http-400': MISSING,
  },
  async run(t) {
    const connection = await t.ready();
    const http = connection.transport === 'streamable-http';
    // server/discover: every server answers it, so only the _meta can be the reason for a refusal.
    const discover = (meta: Record<string, unknown> | undefined): Promise<Reply> => connection.request('server/discover', meta ? { _meta: meta } : undefined, { meta: false, offSchema: true });

    const noCapabilities = await discover(metaWithout(connection, META.clientCapabilities));
    t.check('missing-capabilities-32602', isError(noCapabilities, -32602, 'error -32602 (Invalid params) for a request without io.modelcontextprotocol/clientCapabilities'));
    if (http) t.check('missing-meta-http-400', hasStatus(connection, noCapabilities, 400, 'a request without a required _meta field'));

    // Without a version, a server that also serves the earlier era may take the request for one of
    // that era (which has no _meta): only a server of this era alone, or the MCP-Protocol-Version
    // header over HTTP, makes the request unambiguously one of this revision.
    const stateless = t.target.supported.length > 0 && t.target.supported.every((r) => !describeRevision(r).stateful);
    const ambiguous = http || stateless ? undefined : 'the server serves the earlier era too, and without a protocol version the request may be one of that era';
    // Over HTTP the header still names the version, so HeaderMismatch (-32020) is as right as -32602.
    const codes = http ? [-32602, MODERN_ERRORS.headerMismatch] : [-32602];
    const refused = (reply: Reply): boolean => reply.kind === 'error' && codes.includes(reply.error.code);
    const expected = `an error ${codes.join(' or ')}`;
    if (ambiguous) {
      t.notApplicable('missing-version-refused', ambiguous);
      t.notApplicable('no-meta-refused', ambiguous);
    } else {
      const noVersion = await discover(metaWithout(connection, META.protocolVersion));
      t.check('missing-version-refused', that(refused(noVersion), `${expected} for a request without io.modelcontextprotocol/protocolVersion`, { code: errorCode(noVersion) ?? noVersion.kind }, framesOf(noVersion)));
      const bare = await discover(undefined);
      t.check('no-meta-refused', that(refused(bare), `${expected} for a request without _meta`, { code: errorCode(bare) ?? bare.kind }, framesOf(bare)));
    }

    if (!http) t.notApplicable('missing-meta-http-400', 'applies to Streamable HTTP only');
  },
});
