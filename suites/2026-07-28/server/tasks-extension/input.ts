import { answersFor, describeReply, framesOf, isEmptyAck, isJsonObject, pollTask, scenario, taskHandleOf, tasksGate, that, type JsonObject } from '#api';

const TOOL = 'confirm_delete';
/** The harness declares the extension and elicitation (the fixture asks with a form). */
const ELICITATION: JsonObject = { elicitation: { form: {} } };
const STRAY_KEY = 'conformance-never-asked';

// The extension's text: specification/draft/tasks.md of modelcontextprotocol/ext-tasks (Task Status,
// Task Polling, Task Update Requests). Deep checks: need the official fixture confirm_delete (a
// task that asks for a confirmation).
export default scenario({
  title: 'A task that needs input shows its input requests, and tasks/update answers them',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'input-required-carries-requests': 'tasks-extension/server-get-reports-status',
    'stray-answer-ignored': 'tasks-extension/server-update-ignores-unknown-keys',
    'update-acknowledged': 'tasks-extension/server-update-acknowledged',
    'update-resumes-task': 'tasks-extension/server-get-reports-status',
  },
  async run(t) {
    const { connection } = await tasksGate(t, TOOL, ELICITATION);
    const created = await connection.request('tools/call', { name: TOOL, arguments: { path: '/tmp/conformance-nothing' } });
    const handle = taskHandleOf(created);
    if (!handle) return t.blocked(`${TOOL} answered without a task handle: ${JSON.stringify(describeReply(created))}`);
    const taskId = handle.taskId as string;

    const waiting = await pollTask(connection, taskId, t.timeoutMs, (task) => task.status === 'input_required');
    const task = waiting.task;
    if (task?.status !== 'input_required') {
      const why = `the task never asked for input: ${waiting.last ? JSON.stringify(describeReply(waiting.last)) : 'no poll'}`;
      t.untestable('input-required-carries-requests', why);
      for (const id of ['stray-answer-ignored', 'update-acknowledged', 'update-resumes-task'] as const) t.untestable(id, why);
      return;
    }
    const requests = isJsonObject(task.inputRequests) ? task.inputRequests : {};
    const asked = Object.entries(requests).filter(([, r]) => isJsonObject(r) && typeof r.method === 'string');
    const seq = waiting.seen.at(-1)?.seq;
    t.check('input-required-carries-requests', that(asked.length > 0 && asked.length === Object.keys(requests).length, 'an input_required task carries inputRequests, each a request with a method', task.inputRequests, seq === undefined ? undefined : [seq]));
    if (asked.length === 0) {
      for (const id of ['stray-answer-ignored', 'update-acknowledged', 'update-resumes-task'] as const) t.untestable(id, 'the task named no input request to answer');
      return;
    }

    // An answer under a key the task never issued: acknowledged or not, the task still waits.
    const stray = await connection.request('tasks/update', { taskId, inputResponses: { [STRAY_KEY]: { action: 'accept', content: {} } } });
    const after = await connection.request('tasks/get', { taskId });
    const still = after.kind === 'result' && after.result.status === 'input_required';
    t.check('stray-answer-ignored', that(stray.kind === 'result' && still, `tasks/update answering only key "${STRAY_KEY}" (never asked) is taken, and the task still waits for input`, { update: describeReply(stray), then: describeReply(after) }, [...(framesOf(stray) ?? []), ...(framesOf(after) ?? [])]));

    const inputResponses = await answersFor({ requests: Object.fromEntries(asked.map(([key, r]) => [key, { method: (r as JsonObject).method as string, params: isJsonObject((r as JsonObject).params) ? ((r as JsonObject).params as JsonObject) : {} }])), malformed: [] }, ELICITATION);
    const update = await connection.request('tasks/update', { taskId, inputResponses });
    t.check('update-acknowledged', that(isEmptyAck(update), 'an empty result of resultType "complete" for tasks/update', describeReply(update), framesOf(update)));
    const done = await pollTask(connection, taskId, t.timeoutMs);
    const ok = done.task?.status === 'completed' && isJsonObject(done.task.result);
    t.check('update-resumes-task', that(ok, 'once answered, the task goes on to completed with its result', done.last && describeReply(done.last), done.last && framesOf(done.last)));
  },
});
