import { clientScenario, describeMessages, methodOf, paramsOf, requestsOf, that } from '#api';

/** A resultType no revision and no extension defines. */
const UNKNOWN = 'mcp-conformance-unknown';

export default clientScenario({
  title: 'A result of a resultType the client does not know is invalid, not used',
  role: 'client',
  checks: {
    'unknown-is-invalid': 'base/client-unknown-result-type-invalid',
  },
  async run(t) {
    // A deliberate fault of the harness: every tools/list result carries resultType UNKNOWN (any
    // string is valid in the schema; no extension with that value was declared). Its tools must not
    // be acted on: a client that calls one took the invalid result for a list of tools.
    // (The rule's other half, a result without resultType, binds results of servers of an earlier
    // revision: lifecycle/legacy-fallback checks it, where the harness plays one.)
    const client = await t.launch({ behaviour: 'tools_call', server: { resultType: { method: 'tools/list', value: UNKNOWN } } });
    await client.finished();
    const requests = requestsOf(client.messages());
    const index = requests.findIndex((r) => methodOf(r) === 'tools/list');
    if (index < 0) return t.blocked('the client did not list the tools (behaviour tools_call lists them, then calls the first)');
    const later = requests.slice(index + 1);
    const call = later.find((r) => methodOf(r) === 'tools/call');
    t.check(
      'unknown-is-invalid',
      that(
        call === undefined,
        `the client calls no tool named only in tools/list results of resultType ${JSON.stringify(UNKNOWN)}: such a result is invalid`,
        call ? { called: paramsOf(call).name ?? null } : { sentAfter: describeMessages(later) },
        [requests[index]!.frame.seq, ...(call ? [call.frame.seq] : [])],
      ),
    );
  },
});
