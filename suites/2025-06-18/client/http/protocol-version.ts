import { clientScenario, compareRevisions, describeRevision, type HttpRequestRecord, REVISIONS, that } from '#api';

const line = (r: HttpRequestRecord): string => `${r.method} #${r.n}: MCP-Protocol-Version ${JSON.stringify(r.headers['mcp-protocol-version'] ?? null)}`;

export default clientScenario({
  title: 'Every HTTP request after initialize carries the negotiated MCP-Protocol-Version',
  role: 'client',
  transports: ['streamable-http'],
  until: '2026-07-28',
  checks: {
    'protocol-version-header': 'streamable-http/client-sends-protocol-version',
    'negotiated-version-header': 'streamable-http/client-sends-negotiated-version',
  },
  async run(t) {
    // Asked to offer a newer revision, the client gets the scenario's revision as the harness's answer:
    // the negotiated version is then not the one it offered.
    const newer = REVISIONS.find((r) => compareRevisions(r, t.revision) > 0 && describeRevision(r).bootstrap === 'initialize');
    const client = await t.launch({ behaviour: 'tools_call', ...(newer ? { offer: newer } : {}) });
    await client.finished();
    const requests = client.http!.requests;
    const initialize = requests.find((r) => r.messages.some((m) => m.method === 'initialize'));
    if (!initialize) return t.blocked('the client sent no initialize');
    const later = requests.filter((r) => r.n > initialize.n);
    if (later.length === 0) return t.blocked('the client made no request after initialize');

    const missing = later.filter((r) => r.headers['mcp-protocol-version'] === undefined);
    t.check('protocol-version-header', that(missing.length === 0, 'every request after initialize carries MCP-Protocol-Version', missing.map(line), missing.map((r) => r.seq)));
    // The harness answered initialize with the scenario's revision: that is the negotiated version.
    const wrong = later.filter((r) => r.headers['mcp-protocol-version'] !== undefined && r.headers['mcp-protocol-version'] !== t.revision);
    t.check('negotiated-version-header', that(wrong.length === 0, `MCP-Protocol-Version: ${t.revision}, the version the harness answered initialize with`, wrong.map(line), wrong.map((r) => r.seq)));
  },
});
