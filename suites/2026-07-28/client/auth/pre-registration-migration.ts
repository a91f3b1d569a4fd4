import { ANY_REDIRECT, AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, param, PRE_REGISTERED, that } from '#api';

/**
 * Ours, joining the official pre-registration and authorization-server-migration: the client is
 * given credentials pre-registered with the first authorization server (MCP_CONFORMANCE_CONTEXT),
 * and uses them there. When it calls a tool, the resource has moved to a second authorization
 * server, which never saw those credentials. The client must not try them there: it may stop with
 * an error (what the text asks for, which the harness cannot see) or get a client id of the
 * second server's own, but no request to the second server may carry the pre-registered id.
 */
export default clientScenario({
  title: 'A client does not present pre-registered credentials to another server',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    'not-at-new-as': 'authorization/client-preregistered-mismatch-error',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/pre-registration-migration', {
      server: { clients: [{ id: PRE_REGISTERED.client_id, secret: PRE_REGISTERED.client_secret, redirectUris: ANY_REDIRECT }], redirectMatch: 'prefix' },
      protection: { prmAt: ['path'], challengeNamesPrm: true },
      context: { ...PRE_REGISTERED },
      migrateTo: { on: 'tools/call' },
    });
    const moved = run.mcp.find((r) => r.status === 401 && r.messages.some((m) => m.method === 'tools/call'));
    if (moved === undefined) return t.blocked(`the client never called a tool with a token of the first authorization server (${endOf(run)})`);
    const second = run.as2!.records.requests.filter((r) => r.endpoint === 'authorize' || r.endpoint === 'token');
    const presented = second.filter((r) => clientIdOf(r) === PRE_REGISTERED.client_id);
    t.check('not-at-new-as', that(presented.length === 0, `no authorization or token request to the second authorization server carries the client id ${PRE_REGISTERED.client_id}, registered only with the first`, second.map(describeAsRequest)));
  },
});

/** The client id of a request: its client_id parameter, else the user name of its HTTP Basic credentials. */
function clientIdOf(r: Parameters<typeof param>[0]): string | undefined {
  const given = param(r, 'client_id');
  if (given !== undefined) return given;
  const basic = /^basic\s+(\S+)/i.exec(r?.headers.authorization ?? '')?.[1];
  if (basic === undefined) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return decodeURIComponent(decoded.slice(0, Math.max(0, decoded.indexOf(':'))));
}
