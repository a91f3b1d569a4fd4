import { describeReply, errorCode, fixtureGate, framesOf, hasStatus, inputRequiredOf, isJsonObject, MODERN_ERRORS, scenario, that } from '#api';

const NEEDS_SAMPLING = 'test_missing_capability';
const ASKS_WHAT_IS_DECLARED = 'test_input_required_result_capabilities';

// Deep checks: need the fixture tools test_missing_capability (needs sampling) and
// test_input_required_result_capabilities (asks with every capability the request declares).
export default scenario({
  title: 'Input is asked only as the request declares, and a missing capability refused',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'missing-capability-32021': 'base/server-missing-capability-error',
    'missing-capability-http-400': 'base/server-missing-capability-error',
    'asks-only-declared': 'mrtr/server-asks-only-declared',
  },
  async run(t) {
    // The harness declares elicitation only.
    const gate = await fixtureGate(t, { capabilities: { elicitation: { form: {} } } });
    const connection = gate.connection;
    if (connection.transport !== 'streamable-http') t.notApplicable('missing-capability-http-400', 'applies to Streamable HTTP only');

    const missing = gate.toolMissing(NEEDS_SAMPLING);
    if (missing !== undefined) {
      t.notApplicable('missing-capability-32021', missing);
      if (connection.transport === 'streamable-http') t.notApplicable('missing-capability-http-400', missing);
    } else {
      const reply = await connection.request('tools/call', { name: NEEDS_SAMPLING, arguments: {} });
      const data = reply.kind === 'error' ? reply.error.data : undefined;
      const named = isJsonObject(data) && isJsonObject(data.requiredCapabilities) && 'sampling' in data.requiredCapabilities;
      t.check('missing-capability-32021', that(errorCode(reply) === MODERN_ERRORS.missingClientCapability && named, `error ${MODERN_ERRORS.missingClientCapability} whose data.requiredCapabilities names sampling, for ${NEEDS_SAMPLING} without it`, describeReply(reply), framesOf(reply)));
      if (connection.transport === 'streamable-http') t.check('missing-capability-http-400', hasStatus(connection, reply, 400, `${NEEDS_SAMPLING} without the sampling capability`));
    }

    const absent = gate.toolMissing(ASKS_WHAT_IS_DECLARED);
    if (absent !== undefined) return t.notApplicable('asks-only-declared', absent);
    const reply = await connection.request('tools/call', { name: ASKS_WHAT_IS_DECLARED, arguments: {} });
    const asked = inputRequiredOf(reply);
    if (!asked) return t.untestable('asks-only-declared', `${ASKS_WHAT_IS_DECLARED} asked for nothing: ${JSON.stringify(describeReply(reply))}`);
    const undeclared = Object.entries(asked.requests).filter(([, r]) => r.method !== 'elicitation/create');
    t.check('asks-only-declared', that(undeclared.length === 0, 'input requests only for elicitation, the one capability the request declared', undeclared.map(([key, r]) => `${key}: ${r.method}`), framesOf(reply)));
  },
});
