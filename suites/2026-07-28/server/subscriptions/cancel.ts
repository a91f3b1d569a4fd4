import { fixtureGate, isJsonObject, isNotification, isResponse, LIST_CHANGES, openListen, QUIET_MS, scenario, subscriptionIdOf, that, useFixture } from '#api';

const CANCELLED = 'conformance-listen-cancelled';
const KEPT = 'conformance-listen-kept';
const TRIGGER = LIST_CHANGES.tools.trigger;

// Deep checks: need the fixture test_trigger_tool_change (the official suite's name). Over Streamable
// HTTP a client cancels by closing the stream, after which nothing the server does can be seen: the
// row says so, and this scenario runs over stdio.
export default scenario({
  title: 'A listen cancelled with notifications/cancelled delivers nothing more',
  role: 'server',
  // Its trigger fixtures change what every client of the server sees.
  exclusive: true,
  transports: ['stdio'],
  requires: { capabilities: ['tools'] },
  checks: {
    'nothing-after-cancel': 'subscriptions/server-ends-cancelled-listen',
    'no-response-after-cancel': 'cancellation/receiver-no-response-after-cancel',
  },
  async run(t) {
    const gate = await fixtureGate(t);
    const connection = gate.connection;
    const tools = connection.serverCapabilities.tools;
    if (!isJsonObject(tools) || tools.listChanged !== true) return t.skip('the server does not declare tools.listChanged, so no change would show the subscription alive');
    const missing = gate.toolMissing(TRIGGER);
    if (missing !== undefined) return t.skip(missing);
    const cancelled = await openListen(connection, { toolsListChanged: true }, CANCELLED, t.timeoutMs);
    if (cancelled.kind === 'refused') return t.skip(`the server does not serve subscriptions/listen: ${cancelled.reason}`);
    // A second subscription to the same changes, left open: its delivery shows when the change went out.
    const kept = await openListen(connection, { toolsListChanged: true }, KEPT, t.timeoutMs);
    if (kept.kind === 'refused') return t.blocked(`a second subscriptions/listen was refused: ${kept.reason}`);

    const mark = connection.mark();
    await cancelled.listen.cancel();
    // The answer to a request sent after the cancellation: the server has read it by then.
    await connection.liveness();
    const call = await useFixture(gate, connection, TRIGGER);
    if (call.kind !== 'result') return t.blocked(`${TRIGGER} got no result: ${call.reason}`);
    const delivered = await connection.waitFor((r) => isNotification(r, LIST_CHANGES.tools.notification) && subscriptionIdOf(r) === KEPT, t.timeoutMs, mark);
    const after = await connection.since(mark, QUIET_MS);
    const how = `established by a quiet window of ${QUIET_MS} ms after the change reached the subscription left open`;
    if (!delivered) {
      t.untestable('nothing-after-cancel', `the change made by ${TRIGGER} did not reach the subscription left open (${KEPT}) within ${t.timeoutMs} ms, so its absence on the cancelled one shows nothing`);
    } else {
      const late = after.filter((r) => r.classified?.kind === 'notification' && subscriptionIdOf(r) === CANCELLED);
      t.check('nothing-after-cancel', that(late.length === 0, `no notification of the cancelled subscription ${CANCELLED} after the change (${how})`, late.map((r) => r.frame.raw), [call.seq, delivered.frame.seq, ...late.map((r) => r.frame.seq)]));
    }
    const answered = after.filter(isResponse(CANCELLED));
    t.check('no-response-after-cancel', that(answered.length === 0, `no response to the cancelled subscriptions/listen request (a quiet window of ${QUIET_MS} ms at least after the cancellation was read)`, answered.map((r) => r.frame.raw), answered.map((r) => r.frame.seq)));
  },
});
