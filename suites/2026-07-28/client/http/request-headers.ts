import {
  ADD_NUMBERS_MIRRORED,
  clientScenario,
  decodeHeaderValue,
  describeRequest,
  headerTextOf,
  methodOf,
  mirroredParameters,
  paramsOf,
  postedRequests,
  requestMetaOf,
  standardHeaders,
  that,
  valueAt,
  type HttpRequestRecord,
} from '#api';

type Posted = ReturnType<typeof postedRequests>[number];

const line = (p: Posted, header: string): string => `${describeRequest(p.record)}: ${header} ${JSON.stringify(p.record.headers[header.toLowerCase()] ?? null)}`;
const seqs = (posted: readonly Posted[]): number[] => posted.map((p) => p.record.seq);

/** The Mcp-Param-* headers a tools/call of the harness's tool should carry: lower-cased name -> the argument's text. */
function expectedParams(p: Posted): Record<string, string> {
  const args = paramsOf(p.request).arguments;
  const expected: Record<string, string> = {};
  for (const parameter of mirroredParameters(ADD_NUMBERS_MIRRORED.tool.inputSchema)) {
    const text = headerTextOf(valueAt(args, parameter.path));
    if (text !== undefined) expected[`mcp-param-${parameter.header.toLowerCase()}`] = text;
  }
  return expected;
}

/** The Mcp-Name the request calls for (base64 form when not plain header text); undefined for methods without one. */
const expectedName = (p: Posted): string | undefined => standardHeaders({ method: methodOf(p.request), params: paramsOf(p.request) })['mcp-name'];

const wrongParams = (record: HttpRequestRecord, expected: Record<string, string>): string[] =>
  Object.entries(expected).flatMap(([name, text]) => {
    const sent = record.headers[name];
    return sent !== undefined && decodeHeaderValue(sent) === text ? [] : [`${name}: ${JSON.stringify(sent ?? null)}, expected ${JSON.stringify(text)}`];
  });

export default clientScenario({
  title: 'Every POST repeats version, method, name and x-mcp-header arguments in headers',
  role: 'client',
  transports: ['streamable-http'],
  checks: {
    'protocol-version-header': 'streamable-http/client-post-protocol-version-header',
    'protocol-version-matches-meta': 'streamable-http/client-protocol-version-header-matches-meta',
    'method-header': 'streamable-http/client-method-header',
    'name-header': 'streamable-http/client-name-header',
    'param-headers': 'streamable-http/client-mirrors-tool-parameters',
  },
  async run(t) {
    // The harness lists add_numbers with its first addend marked x-mcp-header (Mcp-Param-A); tools_call calls it with a 2 and b 3.
    const client = await t.launch({ behaviour: 'tools_call' });
    await client.finished();
    const posted = postedRequests(client.http!.requests, client.messages());
    if (posted.length === 0) return t.blocked('the client POSTed no request');

    const unversioned = posted.filter((p) => p.record.headers['mcp-protocol-version'] === undefined);
    t.check('protocol-version-header', that(unversioned.length === 0, 'every POST of a request carries MCP-Protocol-Version', unversioned.map((p) => line(p, 'MCP-Protocol-Version')), seqs(unversioned)));
    const disagreeing = posted.filter((p) => {
      const header = p.record.headers['mcp-protocol-version'];
      return header !== undefined && header !== requestMetaOf(paramsOf(p.request)).protocolVersion;
    });
    t.check(
      'protocol-version-matches-meta',
      that(disagreeing.length === 0, 'MCP-Protocol-Version equals the _meta protocolVersion of the request it carries', disagreeing.map((p) => `${line(p, 'MCP-Protocol-Version')}, _meta ${JSON.stringify(requestMetaOf(paramsOf(p.request)).protocolVersion ?? null)}`), seqs(disagreeing)),
    );

    const wrongMethod = posted.filter((p) => p.record.headers['mcp-method'] !== methodOf(p.request));
    t.check('method-header', that(wrongMethod.length === 0, "every POST of a request carries Mcp-Method equal to the request's method", wrongMethod.map((p) => line(p, 'Mcp-Method')), seqs(wrongMethod)));

    const named = posted.filter((p) => expectedName(p) !== undefined);
    if (named.length === 0) t.untestable('name-header', 'the client sent no tools/call, prompts/get or resources/read (behaviour tools_call calls a tool)');
    else {
      const wrongName = named.filter((p) => {
        const sent = p.record.headers['mcp-name'];
        return sent === undefined || decodeHeaderValue(sent) !== decodeHeaderValue(expectedName(p)!);
      });
      t.check('name-header', that(wrongName.length === 0, 'Mcp-Name equals params.name (tools/call, prompts/get) or params.uri (resources/read), decoded', wrongName.map((p) => line(p, 'Mcp-Name')), seqs(wrongName)));
    }

    const calls = posted.filter((p) => methodOf(p.request) === 'tools/call' && paramsOf(p.request).name === ADD_NUMBERS_MIRRORED.tool.name);
    const mirrored = calls.filter((p) => Object.keys(expectedParams(p)).length > 0);
    if (mirrored.length === 0) t.untestable('param-headers', `the client called ${ADD_NUMBERS_MIRRORED.tool.name} with no argument its inputSchema marks x-mcp-header (or did not call it)`);
    else {
      const wrong = mirrored.flatMap((p) => wrongParams(p.record, expectedParams(p)).map((problem) => ({ p, problem })));
      t.check('param-headers', that(wrong.length === 0, 'the tools/call POST carries Mcp-Param-A with the text of argument a (x-mcp-header "A")', wrong.map(({ p, problem }) => `${describeRequest(p.record)}: ${problem}`), wrong.map(({ p }) => p.record.seq)));
    }
  },
});
