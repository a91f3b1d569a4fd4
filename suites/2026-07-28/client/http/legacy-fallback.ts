import {
  clientScenario,
  eraCached,
  requireBothEras,
  describeMessages,
  describeRequest,
  methodOf,
  paramsOf,
  requestsOf,
  that,
  type ClientRun,
  type ClientScenarioContext,
  type HttpRequestRecord,
  type Received,
} from '#api';

/** The earlier revision the harness plays. */
const LEGACY = '2025-11-25';

/**
 * What a Streamable HTTP server of the earlier era built on the 1.x TypeScript SDK answers a POST of
 * any request but initialize before its session exists: 400 and a JSON-RPC error without an id,
 * -32000, none of the errors 2026-07-28 defines.
 */
const SDK_REFUSAL = JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: Server not initialized' }, id: null });

/** One launch against a server of LEGACY: what came first, the initialize (if any), and what followed it. */
interface Fallback {
  client: ClientRun;
  first: Received;
  initialize: Received | undefined;
  /** The HTTP request that carried initialize. */
  initializePost: HttpRequestRecord | undefined;
  /** Every HTTP request after that one. */
  afterPosts: HttpRequestRecord[];
  /** The messages after initialize. */
  after: Received[];
  later: Received[];
}

/**
 * One launch, at 2026-07-28, against a Streamable HTTP server of LEGACY that answers each POST of a
 * request before initialize with 400 and `body` ('' for none), then serves its session (its
 * Mcp-Session-Id, the tools) once initialized.
 */
async function fallback(t: ClientScenarioContext, body: string): Promise<Fallback | undefined> {
  let initialized = false;
  const refuse = ({ method }: { method: string }) => {
    if (method === 'initialize') initialized = true;
    return initialized ? undefined : { status: 400, body };
  };
  const client = await t.launch({ behaviour: 'tools_call', server: { legacy: LEGACY }, http: { refuse } });
  await client.finished();
  const [first, ...later] = requestsOf(client.messages());
  if (!first) return undefined;
  const initialize = later.find((r) => methodOf(r) === 'initialize');
  const records = client.http!.requests;
  const initializePost = initialize ? records.find((r) => r.seq === initialize.frame.seq) : undefined;
  const afterPosts = initializePost ? records.filter((r) => r.n > initializePost.n) : [];
  const after = initialize ? client.messages().filter((r) => r.frame.seq > initialize.frame.seq) : [];
  return { client, first, initialize, initializePost, afterPosts, after, later };
}

const evidence = (f: Fallback): unknown => (f.initialize ? { protocolVersion: paramsOf(f.initialize).protocolVersion ?? null } : { sentAfter: describeMessages(f.later) });
const framesOf = (...received: (Received | undefined)[]): number[] => received.flatMap((r) => (r ? [r.frame.seq] : []));
const header = (r: HttpRequestRecord, name: string): string | null => r.headers[name] ?? null;

export default clientScenario({
  title: 'A client of both eras falls back after a 400 bearing no modern error',
  role: 'client',
  transports: ['streamable-http'],
  checks: {
    'falls-back-on-400': 'streamable-http/client-falls-back-after-400',
    'falls-back-on-empty-400': 'streamable-http/client-falls-back-after-400',
    'legacy-version-after': 'streamable-http/client-legacy-version-after-fallback',
    'session-after': 'streamable-http/client-session-after-fallback',
    'era-cached': 'versioning/client-caches-era',
    'absent-result-type-complete': 'base/client-absent-result-type-complete',
  },
  async run(t) {
    await requireBothEras(t, LEGACY);

    // At 2026-07-28: a server of LEGACY as the 1.x SDK builds it (400, a -32000 error without an id),
    // then one that answers 400 with nothing at all.
    const sdk = await fallback(t, SDK_REFUSAL);
    if (!sdk) return t.blocked('the client sent no request');
    if (methodOf(sdk.first) === 'initialize') {
      for (const id of ['falls-back-on-400', 'falls-back-on-empty-400', 'legacy-version-after', 'session-after', 'era-cached', 'absent-result-type-complete'] as const) t.untestable(id, 'launched at 2026-07-28, the client began with initialize: there was nothing to fall back from');
    } else {
      t.check('falls-back-on-400', that(sdk.initialize !== undefined, `after the POST of its ${methodOf(sdk.first)} was answered 400 with a -32000 error (none of the 2026-07-28 errors), the client goes on with initialize`, evidence(sdk), framesOf(sdk.first, sdk.initialize)));
      const empty = await fallback(t, '');
      if (!empty) t.untestable('falls-back-on-empty-400', 'in this launch the client sent no request');
      else t.check('falls-back-on-empty-400', that(empty.initialize !== undefined, `after the POST of its ${methodOf(empty.first)} was answered 400 with an empty body, the client goes on with initialize`, evidence(empty), framesOf(empty.first, empty.initialize)));
      const fell = [sdk, empty].find((f) => f?.initialize !== undefined && f.initializePost !== undefined);
      if (!fell) {
        for (const id of ['legacy-version-after', 'session-after', 'era-cached', 'absent-result-type-complete'] as const) t.untestable(id, 'the client did not fall back to initialize: there is no session of the earlier era to judge');
      } else judgeSession(t, fell);
    }
  },
});

/** The session of the earlier era the client fell back to: its version, its session id, its results taken as complete. */
function judgeSession(t: ClientScenarioContext, f: Fallback): void {
  const post = f.initializePost!;
  const issued = f.client.http!.sessionIds[0];
  const seqs = (records: HttpRequestRecord[]): number[] => [post.seq, ...records.map((r) => r.seq)];
  if (f.afterPosts.length === 0) {
    for (const id of ['legacy-version-after', 'session-after'] as const) t.untestable(id, 'after initialize the client made no HTTP request');
  } else {
    // The version is the client's from its notifications/initialized on: it took the answer up then.
    const taken = f.afterPosts.findIndex((r) => r.messages.some((m) => m.kind === 'notification' && m.method === 'notifications/initialized'));
    if (taken < 0) t.untestable('legacy-version-after', `the client sent no notifications/initialized: it did not take up the version initialize was answered with (${LEGACY})`);
    else {
      const versioned = f.afterPosts.slice(taken);
      const wrongVersion = versioned.filter((r) => header(r, 'mcp-protocol-version') !== LEGACY);
      t.check(
        'legacy-version-after',
        that(
          wrongVersion.length === 0,
          `every HTTP request from notifications/initialized on names ${LEGACY} (the version initialize was answered with) in MCP-Protocol-Version`,
          { wrongHeader: wrongVersion.map((r) => `${describeRequest(r)}: ${JSON.stringify(header(r, 'mcp-protocol-version'))}`) },
          seqs(wrongVersion.length > 0 ? wrongVersion : versioned.slice(0, 1)),
        ),
      );
    }
    const wrongSession = f.afterPosts.filter((r) => header(r, 'mcp-session-id') !== issued);
    t.check(
      'session-after',
      that(
        issued !== undefined && wrongSession.length === 0,
        `every HTTP request after initialize carries the Mcp-Session-Id the server issued (${issued ?? 'none'})`,
        { wrongSession: wrongSession.map((r) => `${describeRequest(r)}: ${JSON.stringify(header(r, 'mcp-session-id'))}`) },
        seqs(wrongSession.length > 0 ? wrongSession : f.afterPosts.slice(0, 1)),
      ),
    );
  }
  t.check('era-cached', eraCached(f.after, LEGACY));
  // The results of a server of the earlier revision carry no resultType: they are complete.
  const call = f.after.find((r) => methodOf(r) === 'tools/call');
  t.check(
    'absent-result-type-complete',
    that(call !== undefined, `after initialize, the client calls a tool of the ${LEGACY} tools/list result (which has no resultType): it took the result as complete`, call ? { called: paramsOf(call).name ?? null } : { sentAfter: describeMessages(f.after) }, framesOf(f.initialize, call)),
  );
}
