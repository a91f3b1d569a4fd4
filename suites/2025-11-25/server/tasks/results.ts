import {
  awaitTerminal,
  createdTask,
  declaresTaskToolCalls,
  equals,
  invalidArguments,
  listTools,
  resultOf,
  scenario,
  taskCallables,
  that,
  withoutMeta,
} from '#api';

// Calls a tool the policy allows calling (taskSupport "optional") plainly and as a task, and with
// invalid arguments as a task (as tools/calls does plainly, to see the error path).
export default scenario({
  title: 'A task returns what a plain call returns, and a tool error fails the task',
  role: 'server',
  until: '2026-07-28',
  requires: { capabilities: ['tasks', 'tools'] },
  checks: {
    'result-matches-plain-call': 'tasks/server-result-matches-underlying',
    'iserror-task-failed': 'tasks/server-iserror-task-failed',
    'failed-status-message': 'tasks/server-failed-status-message',
  },
  async run(t) {
    const connection = await t.ready();
    if (!declaresTaskToolCalls(connection.serverCapabilities)) return t.skip('the server does not declare tasks.requests.tools.call');
    const { tools } = await listTools(t, connection);
    const tool = taskCallables(tools, t.policy, ['optional'])[0];
    if (!tool) return t.skip('no tool the harness may call lists taskSupport "optional"');
    const call = { name: tool.name, arguments: tool.arguments };

    // Two plain calls around the task: a tool whose answer varies between calls cannot be compared.
    t.note(`calling ${tool.name} (${tool.consent}) plainly, as a task, and plainly again`);
    const before = resultOf(await connection.request('tools/call', call));
    const created = await connection.request('tools/call', { ...call, task: { ttl: 60_000 } });
    const task = createdTask(created);
    // tasks/lifecycle judges a call answered without a task; here there is then nothing to observe.
    if (!task) return created.kind === 'result' || created.kind === 'error' ? t.skip('the task-augmented call created no task') : t.blocked(`the task-augmented call got no answer (${created.kind})`);
    const payload = await connection.request('tasks/result', { taskId: task.taskId as string });
    const again = resultOf(await connection.request('tools/call', call));
    if (!before || !again) t.untestable('result-matches-plain-call', 'a plain call of the tool got no result');
    else if (JSON.stringify(withoutMeta(before)) !== JSON.stringify(withoutMeta(again))) {
      t.notApplicable('result-matches-plain-call', `${tool.name} answered two plain calls differently, so its answer cannot be compared`);
    } else {
      const got = resultOf(payload);
      t.check('result-matches-plain-call', equals(got ? withoutMeta(got) : payload, withoutMeta(before), `tasks/result returns the plain call's result (_meta aside)`, payload.kind === 'result' ? [payload.seq] : undefined));
    }

    const bad = tool.consent === 'tool-args' ? undefined : invalidArguments(tool.tool.inputSchema);
    if (!bad) return t.skip(`the inputSchema of ${tool.name} refuses no arguments the harness can make`);
    const failing = createdTask(await connection.request('tools/call', { name: tool.name, arguments: bad, task: { ttl: 60_000 } }));
    if (!failing) return t.skip(`${tool.name} refused invalid arguments without creating a task`);
    const failed = await connection.request('tasks/result', { taskId: failing.taskId as string });
    const wait = await awaitTerminal(connection, failing.taskId as string, t.timeoutMs);
    const last = wait.sightings.at(-1);
    if (resultOf(failed)?.isError !== true) return t.skip(`${tool.name} accepted the arguments ${JSON.stringify(bad)} (no isError result)`);
    t.check('iserror-task-failed', that(wait.status === 'failed', 'a task whose tool result has isError: true ends "failed"', wait.status, last ? [last.seq] : undefined));
    if (wait.status !== 'failed' || !last) return t.notApplicable('failed-status-message', 'the task did not end "failed"');
    const message = last.task.statusMessage;
    t.check('failed-status-message', that(typeof message === 'string' && message.length > 0, 'tasks/get of the failed task gives a statusMessage', message, [last.seq]));
  },
});
