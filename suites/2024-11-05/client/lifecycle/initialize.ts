import { clientScenario, describeMessages, isJsonObject, isMessage, methodOf, QUIET_MS, that } from '#api';

/** A protocol version as revisions are named: a date, YYYY-MM-DD. */
const REVISION_NAME = /^\d{4}-\d{2}-\d{2}$/;

export default clientScenario({
  title: 'The client starts with initialize, waits for its result, then sends initialized',
  role: 'client',
  // 2026-07-28 removes the initialize handshake.
  until: '2026-07-28',
  checks: {
    'initialize-first': 'lifecycle/client-initialize-first',
    'initialize-has-protocol-version': 'lifecycle/client-initialize-request',
    'initialize-has-capabilities': 'lifecycle/client-initialize-request',
    'initialize-has-client-info': 'lifecycle/client-initialize-request',
    'offers-a-revision': 'lifecycle/client-sends-supported-version',
    'only-ping-before-result': 'lifecycle/client-only-pings-before-initialize-result',
    'sends-initialized': 'lifecycle/client-sends-initialized',
  },
  async run(t) {
    // A server slow to answer: a client that does not wait for the result shows it in the meantime.
    const client = await t.launch({ behaviour: 'initialize', server: { holdInitializeMs: QUIET_MS } });
    const initialized = await client.waitFor((r) => isMessage(r, 'notifications/initialized', 'notification'));
    await client.finished();

    const messages = client.messages();
    const first = messages[0];
    t.check('initialize-first', that(first !== undefined && isMessage(first, 'initialize'), 'the first message is the initialize request', describeMessages(messages, 3), first ? [first.frame.seq] : []));
    // The rest is judged on the initialize request wherever it came.
    const initialize = messages.find((r) => isMessage(r, 'initialize'));
    if (!initialize || initialize.classified?.kind !== 'request') return t.blocked(first ? 'the client sent no initialize request' : 'the client sent no message');
    const params = isJsonObject(initialize.classified.message.params) ? initialize.classified.message.params : {};
    const seq = [initialize.frame.seq];
    t.check('initialize-has-protocol-version', that(typeof params.protocolVersion === 'string', 'params.protocolVersion is a string', params.protocolVersion, seq));
    t.check('initialize-has-capabilities', that(isJsonObject(params.capabilities), 'params.capabilities is an object', params.capabilities, seq));
    const info = params.clientInfo;
    t.check('initialize-has-client-info', that(isJsonObject(info) && typeof info.name === 'string' && typeof info.version === 'string', 'params.clientInfo with a name and a version', info, seq));
    t.check('offers-a-revision', that(typeof params.protocolVersion === 'string' && REVISION_NAME.test(params.protocolVersion), 'protocolVersion names a protocol revision (YYYY-MM-DD)', params.protocolVersion, seq));

    const answeredAfter = client.initializeAnsweredAfter();
    if (answeredAfter === undefined) {
      t.untestable('only-ping-before-result', 'the harness never answered initialize');
      t.untestable('sends-initialized', 'the harness never answered initialize');
      return;
    }
    const early = messages.slice(0, answeredAfter).filter((r) => r.classified?.kind === 'request' && methodOf(r) !== 'ping' && methodOf(r) !== 'initialize');
    t.check('only-ping-before-result', that(early.length === 0, `no request but ping before the initialize result (the harness took ${QUIET_MS} ms to answer)`, describeMessages(early), early.map((r) => r.frame.seq)));
    t.check('sends-initialized', that(initialized !== undefined && messages.indexOf(initialized) >= answeredAfter, 'notifications/initialized after the initialize result', initialized ? 'sent' : describeMessages(messages.slice(answeredAfter)), initialized ? [initialized.frame.seq] : []));
  },
});
