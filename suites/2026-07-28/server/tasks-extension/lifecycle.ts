import { describeReply, framesOf, pollTask, scenario, taskHandleOf, taskShapeProblems, tasksGate, that } from '#api';

const TOOL = 'slow_compute';

// The extension's text: specification/draft/tasks.md of modelcontextprotocol/ext-tasks (Polymorphic
// Results, Task Creation, Task Polling). Deep checks: need the official fixture slow_compute.
export default scenario({
  title: 'A tool call answered with a task handle is polled with tasks/get to its result',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'handle-result-type': 'tasks-extension/server-task-result-type',
    'task-type-only-on-handles': 'tasks-extension/server-task-type-only-on-handles',
    'handle-durable': 'tasks-extension/server-task-durable-before-handle',
    'get-reports-status': 'tasks-extension/server-get-reports-status',
    'get-result-type-complete': 'tasks-extension/server-get-result-type-complete',
  },
  async run(t) {
    const { connection } = await tasksGate(t, TOOL);

    // The immediate path (seconds 0) may answer at once; whatever it answers, "task" only on a handle.
    const immediate = await connection.request('tools/call', { name: TOOL, arguments: { seconds: 0 } });
    const created = await connection.request('tools/call', { name: TOOL, arguments: { seconds: 1 } });
    const handle = taskHandleOf(created);
    // The handle is looked up at once: the text promises it resolves.
    const first = handle ? await connection.request('tasks/get', { taskId: handle.taskId as string }) : undefined;
    const typedTask = [immediate, created].filter((r) => r.kind === 'result' && r.result.resultType === 'task' && (taskHandleOf(r) === undefined || taskShapeProblems(r.result).length > 0));
    t.check('task-type-only-on-handles', that(typedTask.length === 0, 'resultType "task" only on a task handle (a CreateTaskResult with the Task fields)', typedTask.map(describeReply), typedTask.flatMap((r) => framesOf(r) ?? [])));
    if (!handle) {
      const why = `${TOOL} {seconds: 1} answered without a task handle (the server may): ${JSON.stringify(describeReply(created))}`;
      for (const id of ['handle-result-type', 'handle-durable', 'get-reports-status', 'get-result-type-complete'] as const) t.notApplicable(id, why);
      return;
    }
    t.check('handle-result-type', that(handle.resultType === 'task', 'resultType "task" on the task handle', handle.resultType, framesOf(created)));
    const taskId = handle.taskId as string;
    t.check('handle-durable', that(first?.kind === 'result' && first.result.taskId === taskId, `tasks/get right after the handle finds task ${taskId}`, first && describeReply(first), first && framesOf(first)));

    const poll = await pollTask(connection, taskId, t.timeoutMs);
    const seen = [...(first?.kind === 'result' ? [{ task: first.result, seq: first.seq }] : []), ...poll.seen];
    const untyped = seen.filter((s) => s.task.resultType !== 'complete');
    t.check('get-result-type-complete', that(untyped.length === 0, 'resultType "complete" on every tasks/get result', untyped.map((s) => s.task.resultType), untyped.map((s) => s.seq)));
    if (poll.task?.status !== 'completed') return t.untestable('get-reports-status', `the task did not complete: ${poll.last ? JSON.stringify(describeReply(poll.last)) : 'no poll'}`);
    const wrong = seen.flatMap((s) => {
      const problems = [...taskShapeProblems(s.task), ...(s.task.taskId !== taskId ? ['another taskId'] : [])];
      if (s.task.status === 'completed' && !(typeof s.task.result === 'object' && s.task.result !== null && Array.isArray((s.task.result as { content?: unknown }).content))) problems.push('completed without a result holding content');
      return problems.length ? [{ seq: s.seq, status: s.task.status, problems }] : [];
    });
    t.check('get-reports-status', that(wrong.length === 0, `every tasks/get result is task ${taskId} with the Task fields, and the completed one carries the tool's result`, wrong, wrong.map((w) => w.seq)));
  },
});
