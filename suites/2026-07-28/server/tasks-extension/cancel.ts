import { describeReply, framesOf, isEmptyAck, scenario, taskHandleOf, tasksGate, that } from '#api';

const TOOL = 'slow_compute';

// The extension's text: specification/draft/tasks.md of modelcontextprotocol/ext-tasks (Task
// Cancellation). Cancellation is cooperative: only the acknowledgement is required, not that the
// task ends cancelled. Deep checks: need the official fixture slow_compute.
export default scenario({
  title: 'Cancelling a running task with tasks/cancel is acknowledged',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'cancel-acknowledged': 'tasks-extension/server-cancel-acknowledged',
  },
  async run(t) {
    const { connection } = await tasksGate(t, TOOL);
    const created = await connection.request('tools/call', { name: TOOL, arguments: { seconds: 30 } });
    const handle = taskHandleOf(created);
    if (!handle) return t.notApplicable('cancel-acknowledged', `${TOOL} {seconds: 30} answered without a task handle (the server may): ${JSON.stringify(describeReply(created))}`);
    const cancel = await connection.request('tasks/cancel', { taskId: handle.taskId as string });
    t.check('cancel-acknowledged', that(isEmptyAck(cancel), 'an empty result of resultType "complete" for tasks/cancel of a running task', describeReply(cancel), framesOf(cancel)));
  },
});
