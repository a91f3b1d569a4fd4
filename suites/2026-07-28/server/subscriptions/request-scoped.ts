import { fixtureGate, META, notificationsIn, openListen, QUIET_MS, scenario, that, useFixture } from '#api';

const LOGGING = 'test_tool_with_logging';
const PROGRESS = 'test_tool_with_progress';

// Deep checks: need the fixture tools test_tool_with_logging and test_tool_with_progress, which log
// and report progress while they run.
export default scenario({
  title: 'Log messages and progress of a request never travel on a listen stream',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'log-not-on-listen': 'subscriptions/server-no-log-on-listen',
    'progress-not-on-listen': 'subscriptions/server-no-progress-on-listen',
  },
  async run(t) {
    const gate = await fixtureGate(t);
    const connection = gate.connection;
    // Opted in to every list: the stream is as open as a listen stream gets.
    const opening = await openListen(connection, { toolsListChanged: true, promptsListChanged: true, resourcesListChanged: true }, 'conformance-listen-scoped', t.timeoutMs);
    if (opening.kind === 'refused') return t.skip(`the server does not serve subscriptions/listen: ${opening.reason}`);
    const listen = opening.listen;

    const judge = async (id: 'log-not-on-listen' | 'progress-not-on-listen', tool: string, method: string, meta: Record<string, string>): Promise<void> => {
      const mark = connection.mark();
      const call = await useFixture(gate, connection, tool, {}, meta);
      if (call.kind !== 'result') return (call.kind === 'absent' ? t.notApplicable : t.untestable).call(t, id, call.reason);
      const quiet = await connection.settle(mark, QUIET_MS);
      if (notificationsIn(quiet.frames, method).length === 0) return t.notApplicable(id, `${tool} sent no ${method}, so none could stray`);
      // Over HTTP: on the listen stream; over stdio: tagged with the subscription's id.
      const strayed = quiet.frames.filter((r) => listen.owns(r) && r.classified?.kind === 'notification' && r.classified.message.method === method);
      t.check(id, that(strayed.length === 0, `the ${method} of ${tool} only with its own request, none on the listen stream ${listen.id} (${quiet.how})`, strayed.map((r) => r.frame.raw), strayed.map((r) => r.frame.seq)));
    };
    await judge('log-not-on-listen', LOGGING, 'notifications/message', { [META.logLevel]: 'debug' });
    await judge('progress-not-on-listen', PROGRESS, 'notifications/progress', { progressToken: 'conformance-scoped-progress' });
  },
});
