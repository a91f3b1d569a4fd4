import { conforms, openNotificationRoute, QUIET_MS, requestsIn, scenario } from '#api';

// Black-box: the harness declares roots (with listChanged) and says its roots changed. No fixture
// exists for roots (the official suite has none for these revisions), and asking is up to the
// server: one that asks is held to a valid request, and the harness answers it as a good client
// would. The automatic watches judge the rest (asked only under declared roots, unique ids).
export default scenario({
  title: 'A server that asks roots/list after a roots change asks it validly',
  role: 'server',
  checks: {
    'roots-request-valid': 'schema/sender-messages-match-schema',
  },
  async run(t) {
    const connection = await t.ready({ capabilities: { roots: { listChanged: true } } });
    const route = await openNotificationRoute(connection, t.timeoutMs);
    if (route.kind === 'unavailable') return t.blocked(route.reason);
    const mark = connection.mark();
    await connection.notify('notifications/roots/list_changed');
    await connection.liveness();
    const first = await connection.waitFor((r) => r.classified?.kind === 'request' && r.classified.message.method === 'roots/list', QUIET_MS, mark);
    const refused = route.kind === 'refused' ? `; ${route.reason}` : '';
    if (!first) return t.skip(`the server did not ask roots/list within ${QUIET_MS} ms of notifications/roots/list_changed (asking is up to it)${refused}`);
    const asked = requestsIn(await connection.since(mark, 0), 'roots/list');
    const issues = asked.flatMap(({ seq: _seq, ...request }) => t.schema.definition('ListRootsRequest', request));
    t.check('roots-request-valid', conforms(issues, 'a valid roots/list request', asked.map((r) => r.seq)));
  },
});
