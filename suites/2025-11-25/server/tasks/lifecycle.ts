import {
  awaitTerminal,
  badTimestamps,
  capNote,
  createdTask,
  declaresTaskToolCalls,
  ErrorCode,
  illegalTransitions,
  isError,
  isJsonObject,
  isTerminal,
  listTools,
  objectsIn,
  paginate,
  relatedTaskOf,
  resultOf,
  scenario,
  statusesOf,
  statusNotifications,
  taskCallables,
  that,
  type JsonObject,
  type TaskSighting,
} from '#api';

// Runs a tool the policy allows calling (read-only without arguments, unless the user consented) as two tasks.
export default scenario({
  title: 'A task-augmented tool call creates a task that runs to a terminal status',
  role: 'server',
  until: '2026-07-28',
  requires: { capabilities: ['tasks', 'tools'] },
  checks: {
    'create-task-result': 'tasks/server-returns-create-task-result',
    'starts-working': 'tasks/server-task-starts-working',
    'result-waits-for-terminal': 'tasks/server-result-blocks-until-terminal',
    'result-related-task': 'tasks/server-result-related-task-meta',
    'task-ids-unique': 'tasks/server-task-ids-unique',
    'list-includes-tasks': 'tasks/server-lists-retrievable-tasks',
    'cancel-terminal-32602': 'tasks/server-cancel-terminal-32602',
    'timestamps-iso8601': 'tasks/server-timestamps-iso8601',
    'transitions-legal': 'tasks/server-legal-transitions',
    'task-results-no-related-task': 'tasks/server-task-results-no-related-task',
    'status-notification-no-related-task': 'tasks/server-status-notification-no-related-task',
  },
  async run(t) {
    const connection = await t.ready();
    if (!declaresTaskToolCalls(connection.serverCapabilities)) return t.skip('the server does not declare tasks.requests.tools.call');
    const caps = isJsonObject(connection.serverCapabilities.tasks) ? connection.serverCapabilities.tasks : {};
    const { tools } = await listTools(t, connection);
    // Tools that require tasks first: the likeliest to run long enough for tasks/result to block.
    const tool = taskCallables(tools, t.policy, ['required'])[0] ?? taskCallables(tools, t.policy, ['optional'])[0];
    if (!tool) return t.skip('no tool the harness may call lists taskSupport "optional" or "required"');
    const mark = connection.mark();
    // Statuses in the order the server reported them (for transitions), and every task seen (for timestamps).
    const sightings: TaskSighting[] = [];
    const listed: JsonObject[] = [];

    t.note(`calling ${tool.name} (${tool.consent}) as a task`);
    const created = await connection.request('tools/call', { name: tool.name, arguments: tool.arguments, task: { ttl: 60_000 } });
    const task = createdTask(created);
    t.check('create-task-result', that(task !== undefined, `a CreateTaskResult (a "task" with a taskId) for the task-augmented call of ${tool.name}`, created.kind === 'result' ? created.result : created, created.kind === 'result' ? [created.seq] : undefined));
    // Without a task there is nothing more to observe; the failure above says why.
    if (!task) return created.kind === 'result' || created.kind === 'error' ? t.skip('the call created no task') : t.blocked(`the call got no answer (${created.kind})`);
    const taskId = task.taskId as string;
    // The creation state comes first, even if a status notification overtook the response.
    sightings.push({ task, seq: -1 });
    t.check('starts-working', that(task.status === 'working', 'the new task is in status "working"', task.status, created.kind === 'result' ? [created.seq] : undefined));

    // tasks/result blocks until the task is terminal; tasks/get right after must say so.
    const payload = await connection.request('tasks/result', { taskId });
    if (payload.kind !== 'result' && payload.kind !== 'error') return t.blocked(`tasks/result got no answer (${payload.kind})`);
    const after = await connection.request('tasks/get', { taskId });
    const afterTask = resultOf(after);
    if (!afterTask || after.kind !== 'result') t.untestable('result-waits-for-terminal', `tasks/get after tasks/result got no task: ${after.kind}`);
    else {
      sightings.push({ task: afterTask, seq: after.seq });
      t.check('result-waits-for-terminal', that(isTerminal(afterTask.status), 'once tasks/result is answered, tasks/get reports a terminal status', { payload: payload.kind, status: afterTask.status }, [after.seq]));
    }
    if (payload.kind === 'error') t.notApplicable('result-related-task', `tasks/result answered with error ${payload.error.code} (the underlying error has no _meta)`);
    else t.check('result-related-task', that(relatedTaskOf(payload.result) === taskId, `tasks/result carries _meta["io.modelcontextprotocol/related-task"].taskId ${JSON.stringify(taskId)}`, payload.result._meta, [payload.seq]));

    // Once the first task is terminal, cancelling it is refused.
    const first = isTerminal(afterTask?.status) ? undefined : await awaitTerminal(connection, taskId, t.timeoutMs);
    sightings.push(...(first?.sightings ?? []));
    const firstStatus = first ? first.status : afterTask?.status;
    if (caps.cancel === undefined) t.notApplicable('cancel-terminal-32602', 'the server does not declare tasks.cancel');
    else if (!isTerminal(firstStatus)) t.untestable('cancel-terminal-32602', 'the first task was not seen in a terminal status');
    else t.check('cancel-terminal-32602', isError(await connection.request('tasks/cancel', { taskId }), ErrorCode.InvalidParams, `tasks/cancel of a task in status ${String(firstStatus)} gets -32602`));

    // A second task of the same tool: its own id, and both in tasks/list.
    const second = createdTask(await connection.request('tools/call', { name: tool.name, arguments: tool.arguments, task: { ttl: 60_000 } }));
    if (!second) return t.blocked('the second task-augmented call created no task');
    sightings.push({ task: second, seq: -1 });
    t.check('task-ids-unique', that(second.taskId !== taskId, 'two tasks get two different ids', [taskId, second.taskId]));
    if (caps.list === undefined) t.notApplicable('list-includes-tasks', 'the server does not declare tasks.list');
    else {
      const pages = await paginate(connection, 'tasks/list', 'tasks');
      listed.push(...objectsIn(pages.items));
      const missing = [taskId, second.taskId].filter((id) => !listed.some((item) => item.taskId === id));
      // A task missing from a list the harness did not read to its end may be on a later page.
      const cap = missing.length ? capNote('tasks/list', pages) : undefined;
      if (cap) t.untestable('list-includes-tasks', cap);
      else t.check('list-includes-tasks', that(missing.length === 0, 'both tasks appear in tasks/list (followed through its pages)', missing.length ? { missing, pages: pages.pages } : undefined, pages.frames));
    }
    const wait = await awaitTerminal(connection, second.taskId as string, t.timeoutMs);
    sightings.push(...wait.sightings);
    const notified = statusNotifications(await connection.since(mark, 0));
    sightings.push(...notified);

    const bad = badTimestamps([...sightings.map((s) => s.task), ...listed]);
    t.check('timestamps-iso8601', that(bad.length === 0, 'createdAt and lastUpdatedAt of every task reported are RFC 3339 timestamps', bad.length ? bad.slice(0, 5) : undefined));
    const illegal = [taskId, second.taskId as string].flatMap((id) => illegalTransitions(statusesOf(id, sightings)).map((move) => `${id}: ${move}`));
    t.check('transitions-legal', that(illegal.length === 0, 'every observed status change is one the task state machine allows', illegal.length ? illegal : undefined));
    const gets = [...(afterTask && after.kind === 'result' ? [{ task: afterTask, seq: after.seq }] : []), ...(first?.sightings ?? []), ...wait.sightings];
    const tied = gets.filter((s) => relatedTaskOf(s.task) !== undefined);
    t.check('task-results-no-related-task', that(tied.length === 0, 'tasks/get results carry no related-task _meta', tied.length ? tied.map((s) => s.task._meta) : undefined, tied.map((s) => s.seq)));
    if (notified.length === 0) return t.notApplicable('status-notification-no-related-task', 'the server sent no notifications/tasks/status (they are optional)');
    const tagged = notified.filter((n) => relatedTaskOf(n.task) !== undefined);
    t.check('status-notification-no-related-task', that(tagged.length === 0, 'notifications/tasks/status without related-task _meta', tagged.length ? tagged.map((n) => n.task._meta) : undefined, tagged.map((n) => n.seq)));
  },
});
