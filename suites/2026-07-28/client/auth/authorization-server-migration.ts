import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, param, that } from '#api';

/**
 * The official suite's auth/authorization-server-migration (2026-07-28): the client authorizes with
 * the first authorization server; when it calls a tool, the resource has moved to a second one (401,
 * the PRM now names the second). The client must get credentials of the second server's own
 * (register there) and never present the first server's client id to it.
 */
export default clientScenario({
  title: 'A client whose server moved to another authorization server registers there',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'registers-with-new-as': 'authorization/client-credentials-keyed-by-issuer',
    'no-foreign-credentials': 'authorization/client-separate-state-per-as',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/authorization-server-migration', { protection: { prmAt: ['path'], challengeNamesPrm: true }, migrateTo: { on: 'tools/call' } });
    const as2 = run.as2!;
    const moved = run.mcp.find((r) => r.status === 401 && r.messages.some((m) => m.method === 'tools/call'));
    if (moved === undefined) return t.blocked(`the client never called a tool with a token of the first authorization server (${endOf(run)})`);
    const first = new Set(run.as.records.registrations.map((r) => r.clientId));
    const used = as2.records.requests.filter((r) => r.endpoint === 'authorize' || r.endpoint === 'token');
    if (used.length === 0) return t.blocked(`the client sent the second authorization server no authorization request (${endOf(run)})`);
    const own = new Set(as2.records.registrations.map((r) => r.clientId));
    const ids = used.map((r) => param(r, 'client_id')).filter((id): id is string => id !== undefined);
    t.check('registers-with-new-as', that(ids.length > 0 && ids.every((id) => own.has(id)), 'the requests to the second authorization server use a client id it issued', { second: used.map(describeAsRequest), clientIdsIssuedThere: own.size }));
    const foreign = ids.filter((id) => first.has(id));
    t.check('no-foreign-credentials', that(foreign.length === 0, 'no request to the second authorization server carries a client id of the first', { requestsWithTheFirstServersClientId: foreign.length }));
  },
});
