import { clientScenario, describeMessages, methodOf, paramsOf, requestsOf, that, type ClientScenarioContext, type Received } from '#api';

/** A resultType no revision and no extension defines. */
const UNKNOWN = 'mcp-conformance-unknown';

/**
 * One launch whose tools/list results carry `resultType` (null: none at all), and what the client
 * did after its first tools/list: the tools/call that used the result, or what it sent instead.
 */
async function afterList(t: ClientScenarioContext, resultType: string | null): Promise<{ list: Received; call: Received | undefined; evidence: unknown } | undefined> {
  const client = await t.launch({ behaviour: 'tools_call', server: { resultType: { method: 'tools/list', value: resultType } } });
  await client.finished();
  const requests = requestsOf(client.messages());
  const index = requests.findIndex((r) => methodOf(r) === 'tools/list');
  if (index < 0) return undefined;
  const later = requests.slice(index + 1);
  const call = later.find((r) => methodOf(r) === 'tools/call');
  return { list: requests[index]!, call, evidence: call ? { called: paramsOf(call).name ?? null } : { sentAfter: describeMessages(later) } };
}

const framesOf = (seen: { list: Received; call: Received | undefined }): number[] => [seen.list.frame.seq, ...(seen.call ? [seen.call.frame.seq] : [])];

export default clientScenario({
  title: 'A result without resultType is complete, one of unknown resultType invalid',
  role: 'client',
  checks: {
    'absent-is-complete': 'base/client-absent-result-type-complete',
    'unknown-is-invalid': 'base/client-unknown-result-type-invalid',
  },
  async run(t) {
    // Deliberate faults of the harness, one launch each. First, tools/list is answered with no
    // resultType at all, as a server of an earlier revision answers: off the 2026-07-28 schema on
    // purpose (sent without counting as the harness's own fault). The client should use that list.
    const absent = await afterList(t, null);
    if (!absent) return t.blocked('the client did not list the tools (behaviour tools_call lists them, then calls the first)');
    t.check('absent-is-complete', that(absent.call !== undefined, 'after a tools/list result without resultType, the client calls a tool it listed (tools_call calls the first): it took the result as complete', absent.evidence, framesOf(absent)));

    // Then every tools/list result carries a resultType nothing defines (any string is valid in the
    // schema; no extension with that value was declared): its tools must not be acted on.
    const unknown = await afterList(t, UNKNOWN);
    if (!unknown) return t.untestable('unknown-is-invalid', 'in its second launch the client did not list the tools');
    t.check('unknown-is-invalid', that(unknown.call === undefined, `the client calls no tool named only in tools/list results of resultType ${JSON.stringify(UNKNOWN)}: such a result is invalid`, unknown.evidence, framesOf(unknown)));
  },
});
