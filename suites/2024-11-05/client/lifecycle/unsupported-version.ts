import { clientScenario, describeMessages, that, UNKNOWN_VERSION } from '#api';

export default clientScenario({
  title: 'A client answered with a protocol version it does not support disconnects',
  role: 'client',
  until: '2026-07-28',
  checks: {
    'disconnects-on-unsupported-version': 'lifecycle/client-disconnects-unsupported-version',
  },
  async run(t) {
    // No client supports a version from before MCP existed.
    const client = await t.launch({ behaviour: 'initialize', server: { version: () => UNKNOWN_VERSION } });
    const end = await client.finished();
    const answeredAfter = client.initializeAnsweredAfter();
    if (answeredAfter === undefined) return t.blocked('the client sent no initialize');
    // Disconnecting may still mean ending an HTTP session (DELETE): that carries no message, so any message after the answer is going on.
    const after = client.messages().slice(answeredAfter);
    t.check(
      'disconnects-on-unsupported-version',
      that(after.length === 0, `after initialize was answered with protocolVersion ${UNKNOWN_VERSION}, the client sends nothing more (it disconnects)`, { sent: describeMessages(after), end: end.exitedByItself ? `exited (${end.signal ?? `code ${end.code}`})` : `ended by the harness: ${end.endedBecause}` }, after.map((r) => r.frame.seq)),
    );
  },
});
