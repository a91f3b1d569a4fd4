import { clientScenario, type HttpRequestRecord, that } from '#api';

const line = (r: HttpRequestRecord): string => `${r.method} #${r.n} → ${r.status ?? '?'}${r.messages[0]?.method ? ` (${r.messages[0].method})` : ''}, Mcp-Session-Id ${JSON.stringify(r.headers['mcp-session-id'] ?? null)}`;

export default clientScenario({
  title: 'A client whose session is gone (404) starts a new one',
  role: 'client',
  transports: ['streamable-http'],
  until: '2026-07-28',
  checks: {
    'new-session-after-404': 'streamable-http/client-restarts-after-404',
  },
  async run(t) {
    // The endpoint forgets the session as soon as the client has sent notifications/initialized.
    const client = await t.launch({ behaviour: 'tools_call', http: { expireSessions: 1 } });
    await client.finished();
    const requests = client.http!.requests;
    const gone = requests.find((r) => r.status === 404 && r.headers['mcp-session-id'] !== undefined);
    if (!gone) return t.blocked('the client made no request in its session after notifications/initialized, so none got the 404');
    const fresh = requests.find((r) => r.n > gone.n && r.method === 'POST' && r.messages.some((m) => m.method === 'initialize') && r.headers['mcp-session-id'] === undefined);
    t.check(
      'new-session-after-404',
      that(fresh !== undefined, 'after a 404 for its session, a POST initialize without Mcp-Session-Id', requests.filter((r) => r.n >= gone.n).map(line).slice(0, 6), [gone.seq, ...(fresh ? [fresh.seq] : [])]),
    );
  },
});
