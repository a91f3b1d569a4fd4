import { clientScenario, describeMessages, methodOf, paramsOf, requestsOf, that, type ClientScenarioContext, type JsonObject } from '#api';

/** An implementation-defined refusal of a request before initialize: neither -32601 nor a 2026-07-28 error. */
const NOT_INITIALIZED = { code: -32000, message: 'Server not initialized' };

/**
 * One launch against a server of 2025-11-25 that refuses what comes before initialize with `refusal`
 * (undefined: the good server's own -32601 for server/discover, a method it does not know). Says
 * whether the client went on with initialize after its first request was refused.
 */
async function fallback(t: ClientScenarioContext, refusal?: { code: number; message: string }): Promise<{ first: string; initialize: boolean; evidence: unknown; frames: number[] } | 'no request' | 'initialize first'> {
  let initialized = false;
  const onRequest = (request: { method: string }): { error: { code: number; message: string } } | undefined => {
    if (request.method === 'initialize') initialized = true;
    return initialized || refusal === undefined ? undefined : { error: { ...refusal } };
  };
  const client = await t.launch({ behaviour: 'tools_call', server: { legacy: '2025-11-25', onRequest } });
  await client.finished();
  const [first, ...later] = requestsOf(client.messages());
  if (!first) return 'no request';
  if (methodOf(first) === 'initialize') return 'initialize first';
  const initialize = later.find((r) => methodOf(r) === 'initialize');
  const evidence: JsonObject | { sentAfter: unknown } = initialize ? { protocolVersion: (paramsOf(initialize).protocolVersion as string | undefined) ?? null } : { sentAfter: describeMessages(later) };
  return { first: methodOf(first) ?? '?', initialize: initialize !== undefined, evidence, frames: [first.frame.seq, ...(initialize ? [initialize.frame.seq] : [])] };
}

const NOT_MODERN = 'the client began with initialize: it asked the server nothing in the 2026-07-28 way, so there was nothing to fall back from';

export default clientScenario({
  title: 'A client of both eras falls back to initialize, whatever the error code',
  role: 'client',
  transports: ['stdio'],
  checks: {
    'falls-back-to-initialize': 'stdio/client-falls-back-to-initialize',
    'falls-back-whatever-code': 'stdio/client-fallback-not-keyed-to-one-code',
  },
  async run(t) {
    // The harness plays a server of 2025-11-25, one launch each: first one that knows no
    // server/discover (-32601, Method not found); then one that refuses anything before initialize
    // with an error code of its own. Both serve the tools once initialized.
    const plain = await fallback(t);
    if (plain === 'no request') return t.blocked('the client sent no request');
    if (plain === 'initialize first') return t.skip(NOT_MODERN);
    t.check('falls-back-to-initialize', that(plain.initialize, `after its ${plain.first} was refused with -32601 (none of the 2026-07-28 errors), the client goes on with initialize`, plain.evidence, plain.frames));

    const other = await fallback(t, NOT_INITIALIZED);
    if (typeof other === 'string') return t.untestable('falls-back-whatever-code', `in its second launch, ${other === 'no request' ? 'the client sent no request' : NOT_MODERN}`);
    t.check('falls-back-whatever-code', that(other.initialize, `after its ${other.first} was refused with ${NOT_INITIALIZED.code} (implementation-defined: neither -32601 nor a 2026-07-28 error), the client goes on with initialize`, other.evidence, other.frames));
  },
});
