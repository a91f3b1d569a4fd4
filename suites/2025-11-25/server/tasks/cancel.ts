import { createdTask, declaresTaskToolCalls, ErrorCode, isJsonObject, isTerminal, listTools, resultOf, scenario, taskCallables, that, watchTask } from '#api';

// Runs a tool the policy allows calling as a task and cancels it at once; tools that require tasks
// come first, as they are the likeliest to still be running.
export default scenario({
  title: 'A running task cancelled with tasks/cancel is and stays cancelled',
  role: 'server',
  until: '2026-07-28',
  requires: { capabilities: ['tasks', 'tools'] },
  checks: {
    'cancel-moves-to-cancelled': 'tasks/server-cancel-moves-to-cancelled',
    'cancelled-stays-cancelled': 'tasks/server-cancelled-stays-cancelled',
  },
  async run(t) {
    const connection = await t.ready();
    const caps = isJsonObject(connection.serverCapabilities.tasks) ? connection.serverCapabilities.tasks : {};
    if (!declaresTaskToolCalls(connection.serverCapabilities)) return t.skip('the server does not declare tasks.requests.tools.call');
    if (caps.cancel === undefined) return t.skip('the server does not declare tasks.cancel');
    const { tools } = await listTools(t, connection);
    const tool = taskCallables(tools, t.policy, ['required'])[0] ?? taskCallables(tools, t.policy, ['optional'])[0];
    if (!tool) return t.skip('no tool the harness may call lists taskSupport "optional" or "required"');

    t.note(`calling ${tool.name} (${tool.consent}) as a task, then cancelling it`);
    const created = await connection.request('tools/call', { name: tool.name, arguments: tool.arguments, task: { ttl: 60_000 } });
    const task = createdTask(created);
    // tasks/lifecycle judges a call answered without a task; here there is then nothing to observe.
    if (!task) return created.kind === 'result' || created.kind === 'error' ? t.skip('the task-augmented call created no task') : t.blocked(`the task-augmented call got no answer (${created.kind})`);
    const taskId = task.taskId as string;
    const cancel = await connection.request('tasks/cancel', { taskId });
    const cancelled = resultOf(cancel);
    if (cancel.kind === 'error' && cancel.error.code === ErrorCode.InvalidParams) {
      // Refused as terminal: true only if the task had finished before the cancellation arrived.
      const state = resultOf(await connection.request('tasks/get', { taskId }));
      if (state && isTerminal(state.status)) return t.skip(`${tool.name} finished (${String(state.status)}) before it could be cancelled`);
      t.check('cancel-moves-to-cancelled', that(false, 'a task that is not terminal is cancelled, not refused with -32602', { cancel: cancel.error, statusAfter: state?.status ?? 'no task' }, [cancel.seq]));
      return t.notApplicable('cancelled-stays-cancelled', 'the task was not cancelled');
    }
    t.check('cancel-moves-to-cancelled', that(cancelled?.status === 'cancelled', 'tasks/cancel answers with the task in status "cancelled"', cancelled ?? cancel, cancel.kind === 'result' ? [cancel.seq] : undefined));
    if (cancelled?.status !== 'cancelled') return t.notApplicable('cancelled-stays-cancelled', 'the task was not cancelled');

    // Whatever the work does afterwards, the task stays cancelled (or is deleted, which the text allows).
    const later = await watchTask(connection, taskId, 4, 250);
    const changed = later.filter((s) => s.task.status !== 'cancelled');
    t.check('cancelled-stays-cancelled', that(changed.length === 0, 'every tasks/get after the cancellation reports "cancelled" (or the task is gone)', changed.map((s) => s.task.status), changed.map((s) => s.seq)));
  },
});
