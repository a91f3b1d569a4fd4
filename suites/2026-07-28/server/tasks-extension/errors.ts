import { describeReply, framesOf, isJsonObject, pollTask, scenario, taskHandleOf, tasksGate, that, type FixtureGate, type TaskPoll } from '#api';

// The extension's text: specification/draft/tasks.md of modelcontextprotocol/ext-tasks (Task Status,
// Task Execution Errors). Deep checks: need the official fixtures failing_job (a tool error) and
// protocol_error_job (a JSON-RPC error).
export default scenario({
  title: 'A tool error completes a task; a JSON-RPC error fails it, with the error',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'tool-error-completes': 'tasks-extension/server-failed-only-for-protocol-errors',
    'protocol-error-fails': 'tasks-extension/server-get-reports-status',
    'failed-status-message': 'tasks-extension/server-failed-status-message',
  },
  async run(t) {
    const gate = await tasksGate(t);
    const connection = gate.connection;
    /** The fixture's task polled to its end, or why that was not possible. */
    const runTask = async (g: FixtureGate, tool: string): Promise<{ poll: TaskPoll } | { absent: string } | { blocked: string }> => {
      const missing = g.toolMissing(tool);
      if (missing !== undefined) return { absent: missing };
      const created = await connection.request('tools/call', { name: tool, arguments: {} });
      const handle = taskHandleOf(created);
      if (!handle) return { blocked: `${tool} answered without a task handle: ${JSON.stringify(describeReply(created))}` };
      return { poll: await pollTask(connection, handle.taskId as string, t.timeoutMs) };
    };

    const tool = await runTask(gate, 'failing_job');
    if ('absent' in tool) t.notApplicable('tool-error-completes', tool.absent);
    else if ('blocked' in tool) t.untestable('tool-error-completes', tool.blocked);
    else {
      const task = tool.poll.task;
      const result = isJsonObject(task?.result) ? task.result : undefined;
      t.check('tool-error-completes', that(task?.status === 'completed' && result?.isError === true, 'failing_job (a tool error) ends completed, its result with isError: true', tool.poll.last && describeReply(tool.poll.last), tool.poll.last && framesOf(tool.poll.last)));
    }

    const crash = await runTask(gate, 'protocol_error_job');
    if (!('poll' in crash)) {
      for (const id of ['protocol-error-fails', 'failed-status-message'] as const) ('absent' in crash ? t.notApplicable : t.untestable).call(t, id, 'absent' in crash ? crash.absent : crash.blocked);
      return;
    }
    const task = crash.poll.task;
    const evidence = [crash.poll.last && describeReply(crash.poll.last), crash.poll.last && framesOf(crash.poll.last)] as const;
    const error = isJsonObject(task?.error) ? task.error : undefined;
    t.check('protocol-error-fails', that(task?.status === 'failed' && typeof error?.code === 'number' && typeof error.message === 'string', 'protocol_error_job (a JSON-RPC error) ends failed, carrying the error (code and message)', ...evidence));
    if (task?.status !== 'failed') return t.untestable('failed-status-message', 'the task did not end failed');
    t.check('failed-status-message', that(typeof task.statusMessage === 'string' && task.statusMessage.length > 0, 'the failed task carries a statusMessage', ...evidence));
  },
});
