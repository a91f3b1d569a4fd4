import { clientScenario, describeMessages, eraCached, requireBothEras, methodOf, paramsOf, requestMetaOf, requestsOf, that, type ClientScenarioContext, type Received } from '#api';

/** The earlier revision the harness plays. */
const LEGACY = '2025-11-25';

/** The common refusal of a request before initialize: Method not found. */
const METHOD_NOT_FOUND = { code: -32601, message: 'Method not found' };

/** An implementation-defined refusal of a request before initialize: neither -32601 nor a 2026-07-28 error. */
const NOT_INITIALIZED = { code: -32000, message: 'Server not initialized' };

interface Fallback {
  first: Received;
  initialize: Received | undefined;
  /** After initialize: the tools/call that used the tools/list result (which has no resultType), or what came instead. */
  call: Received | undefined;
  after: Received[];
  /** Everything after the first request. */
  later: Received[];
}

/**
 * One launch, at 2026-07-28, against a server of LEGACY that refuses whatever comes before
 * initialize with `refusal` and serves the tools once initialized.
 */
async function fallback(t: ClientScenarioContext, refusal: { code: number; message: string }): Promise<Fallback | undefined> {
  let initialized = false;
  const onRequest = (request: { method: string }): { error: { code: number; message: string } } | undefined => {
    if (request.method === 'initialize') initialized = true;
    return initialized ? undefined : { error: { ...refusal } };
  };
  const client = await t.launch({ behaviour: 'tools_call', server: { legacy: LEGACY, onRequest } });
  await client.finished();
  const [first, ...later] = requestsOf(client.messages());
  if (!first) return undefined;
  const at = later.findIndex((r) => methodOf(r) === 'initialize');
  const after = at < 0 ? [] : later.slice(at + 1);
  return { first, initialize: later[at], call: after.find((r) => methodOf(r) === 'tools/call'), after, later };
}

const evidence = (f: Fallback): unknown => (f.initialize ? { protocolVersion: paramsOf(f.initialize).protocolVersion ?? null } : { sentAfter: describeMessages(f.later) });
const framesOf = (...received: (Received | undefined)[]): number[] => received.flatMap((r) => (r ? [r.frame.seq] : []));

export default clientScenario({
  title: 'A client of both eras falls back to initialize, whatever the error code',
  role: 'client',
  transports: ['stdio'],
  checks: {
    'probes-with-discover': 'stdio/client-probes-with-discover',
    'falls-back-to-initialize': 'stdio/client-falls-back-to-initialize',
    'absent-result-type-complete': 'base/client-absent-result-type-complete',
    'falls-back-whatever-code': 'stdio/client-fallback-not-keyed-to-one-code',
    'era-cached': 'versioning/client-caches-era',
  },
  async run(t) {
    await requireBothEras(t, LEGACY);

    // Then at 2026-07-28, one launch each: a server of LEGACY that refuses anything before initialize
    // with -32601 (Method not found), and one that does so with a code of its own.
    const plain = await fallback(t, METHOD_NOT_FOUND);
    if (!plain) return t.blocked('the client sent no request');
    const version = requestMetaOf(paramsOf(plain.first)).protocolVersion;
    t.check('probes-with-discover', that(methodOf(plain.first) === 'server/discover' && version !== undefined, 'the first request is server/discover, naming a 2026-07-28 version in its _meta', { method: methodOf(plain.first) ?? null, protocolVersion: version ?? null }, framesOf(plain.first)));
    if (methodOf(plain.first) === 'initialize') {
      for (const id of ['falls-back-to-initialize', 'absent-result-type-complete', 'falls-back-whatever-code', 'era-cached'] as const) t.untestable(id, 'launched at 2026-07-28, the client began with initialize: there was nothing to fall back from');
      return;
    }
    t.check('falls-back-to-initialize', that(plain.initialize !== undefined, `after its ${methodOf(plain.first)} was refused with -32601 (none of the 2026-07-28 errors), the client goes on with initialize`, evidence(plain), framesOf(plain.first, plain.initialize)));
    // The results of a server of the earlier revision carry no resultType: they are complete.
    if (!plain.initialize) {
      t.untestable('absent-result-type-complete', 'the client did not fall back, so it got no result of the earlier revision');
      t.untestable('era-cached', 'the client did not fall back: there is no session of the earlier era to judge');
    } else {
      t.check('era-cached', eraCached(plain.after, LEGACY));
      t.check('absent-result-type-complete', that(plain.call !== undefined, `after initialize, the client calls a tool of the ${LEGACY} tools/list result (which has no resultType): it took the result as complete`, plain.call ? { called: paramsOf(plain.call).name ?? null } : { sentAfter: describeMessages(plain.after) }, framesOf(plain.initialize, plain.call)));
    }

    const other = await fallback(t, NOT_INITIALIZED);
    if (!other) return t.untestable('falls-back-whatever-code', 'in its last launch the client sent no request');
    t.check('falls-back-whatever-code', that(other.initialize !== undefined, `after its ${methodOf(other.first)} was refused with ${NOT_INITIALIZED.code} (implementation-defined: neither -32601 nor a 2026-07-28 error), the client goes on with initialize`, evidence(other), framesOf(other.first, other.initialize)));
  },
});
