import { clientScenario, describeMessages, methodOf, MODERN_ERRORS, requestsOf, that, type ClientScenarioContext, type JsonObject } from '#api';

/** The modern errors the harness, a server of 2026-07-28, answers the client's first request with (HTTP 400), by check. */
const REFUSALS: Record<'no-fallback-missing-capability' | 'no-fallback-header-mismatch', { name: string; error: { code: number; message: string; data?: JsonObject } }> = {
  'no-fallback-missing-capability': {
    name: 'MissingRequiredClientCapability',
    error: { code: MODERN_ERRORS.missingClientCapability, message: 'This request needs a capability the client did not declare', data: { requiredCapabilities: { experimental: { 'mcp-conformance/never-declared': {} } } } },
  },
  'no-fallback-header-mismatch': {
    name: 'HeaderMismatch',
    error: { code: MODERN_ERRORS.headerMismatch, message: 'A header disagrees with the request body' },
  },
};

/** One launch that refuses the first request with the error of `id` (400): the client sends no initialize after it. */
async function staysModern(t: ClientScenarioContext, id: keyof typeof REFUSALS): Promise<void> {
  const refusal = REFUSALS[id];
  let refused = false;
  const client = await t.launch({
    behaviour: 'tools_call',
    server: {
      onRequest: () => {
        if (refused) return undefined;
        refused = true;
        return { error: { ...refusal.error } };
      },
    },
  });
  await client.finished();
  const requests = requestsOf(client.messages());
  const init = requests.find((r) => methodOf(r) === 'initialize');
  if (requests.length === 0) return t.untestable(id, 'in this launch the client sent no request');
  if (methodOf(requests[0]!) === 'initialize') return t.untestable(id, 'launched at 2026-07-28, the client began with initialize: there was nothing to fall back from');
  t.check(
    id,
    that(
      init === undefined,
      `after the POST of its ${methodOf(requests[0]!)} was answered 400 with ${refusal.name} (${refusal.error.code}), the client sends no initialize: the error shows a server of 2026-07-28`,
      { sent: describeMessages(requests.slice(1)) },
      [requests[0]!, ...(init ? [init] : [])].map((r) => r.frame.seq),
    ),
  );
}

export default clientScenario({
  title: 'A 400 bearing a modern error brings no fallback to initialize',
  role: 'client',
  transports: ['streamable-http'],
  checks: {
    'no-fallback-missing-capability': 'streamable-http/client-no-fallback-on-modern-400',
    'no-fallback-header-mismatch': 'streamable-http/client-no-fallback-on-modern-400',
  },
  async run(t) {
    // The first request refused with one of the errors of 2026-07-28 (HTTP 400): a client of both eras
    // knows a server of 2026-07-28 by it, and mends the request or gives up rather than falling back.
    // (A client of 2026-07-28 alone never falls back: it passes as well.)
    for (const id of ['no-fallback-missing-capability', 'no-fallback-header-mismatch'] as const) await staysModern(t, id);
  },
});
