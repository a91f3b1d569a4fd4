import { describeReply, errorCode, ErrorCode, framesOf, isJsonObject, MODERN_ERRORS, openListen, scenario, taskHandleOf, TASKS_EXTENSION, tasksGate, that, withoutTasks, type JsonObject } from '#api';

/** A task id no server issued: the task methods' probes name it. */
const NO_SUCH_TASK = 'conformance-no-such-task';

// The extension's text: specification/draft/tasks.md of modelcontextprotocol/ext-tasks (Capability
// Negotiation, Error Handling). Deep checks need the official fixtures slow_compute (may run as a
// task) and failing_job (runs only as a task).
export default scenario({
  title: 'Tasks go only to requests declaring the extension; unknown task ids refused',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'methods-need-extension': 'tasks-extension/server-task-methods-need-capability',
    'no-handle-without-extension': 'tasks-extension/server-task-only-when-declared',
    'task-only-tool-32021': 'tasks-extension/server-task-required-32021',
    'get-unknown-task-32602': 'tasks-extension/server-get-unknown-task-32602',
    'update-cancel-unknown-task-32602': 'tasks-extension/server-update-cancel-unknown-task-32602',
    'listen-tasks-need-extension': 'tasks-extension/server-listen-tasks-need-capability',
  },
  async run(t) {
    const gate = await tasksGate(t);
    const connection = gate.connection;

    // The task methods, from a request that does not declare the extension.
    const probes = [
      { method: 'tasks/get', params: { taskId: NO_SUCH_TASK } },
      { method: 'tasks/update', params: { taskId: NO_SUCH_TASK, inputResponses: {} } },
      { method: 'tasks/cancel', params: { taskId: NO_SUCH_TASK } },
    ];
    const ungated: { method: string; got: unknown; frames: number[] | undefined }[] = [];
    for (const { method, params } of probes) {
      const reply = await connection.request(method, withoutTasks(connection, params));
      if (errorCode(reply) !== MODERN_ERRORS.missingClientCapability) ungated.push({ method, got: describeReply(reply), frames: framesOf(reply) });
    }
    t.check('methods-need-extension', that(ungated.length === 0, `error ${MODERN_ERRORS.missingClientCapability} for tasks/get, tasks/update and tasks/cancel from a request that does not declare ${TASKS_EXTENSION}`, ungated, ungated.flatMap((u) => u.frames ?? [])));

    // The same methods with the extension declared, naming a task no one created.
    const get = await connection.request('tasks/get', { taskId: NO_SUCH_TASK });
    t.check('get-unknown-task-32602', that(errorCode(get) === ErrorCode.InvalidParams, `error ${ErrorCode.InvalidParams} for tasks/get of an unknown task id`, describeReply(get), framesOf(get)));
    const others: typeof ungated = [];
    for (const { method, params } of probes.slice(1)) {
      const reply = await connection.request(method, params);
      if (errorCode(reply) !== ErrorCode.InvalidParams) others.push({ method, got: describeReply(reply), frames: framesOf(reply) });
    }
    t.check('update-cancel-unknown-task-32602', that(others.length === 0, `error ${ErrorCode.InvalidParams} for tasks/update and tasks/cancel of an unknown task id`, others, others.flatMap((o) => o.frames ?? [])));

    // Task notifications asked on subscriptions/listen without the extension: -32021.
    const listen = await openListen(connection, { taskIds: [NO_SUCH_TASK] }, 'conformance-listen-tasks', t.timeoutMs, withoutTasks(connection)._meta as JsonObject);
    if (listen.kind === 'refused' && errorCode(listen.reply) === ErrorCode.MethodNotFound) t.notApplicable('listen-tasks-need-extension', 'the server does not serve subscriptions/listen');
    else {
      if (listen.kind === 'open') await listen.listen.cancel();
      const reply = listen.kind === 'refused' ? listen.reply : listen.listen.acknowledgement?.frame.raw;
      const refused = listen.kind === 'refused' && errorCode(listen.reply) === MODERN_ERRORS.missingClientCapability;
      t.check('listen-tasks-need-extension', that(refused, `error ${MODERN_ERRORS.missingClientCapability} for subscriptions/listen asking task notifications (taskIds) without ${TASKS_EXTENSION}`, listen.kind === 'refused' ? describeReply(listen.reply) : { opened: reply }, listen.kind === 'refused' ? framesOf(listen.reply) : undefined));
    }

    // A tool that may run as a task, called without the extension: a plain answer, never a handle.
    const slow = gate.toolMissing('slow_compute');
    if (slow !== undefined) t.notApplicable('no-handle-without-extension', slow);
    else {
      const reply = await connection.request('tools/call', withoutTasks(connection, { name: 'slow_compute', arguments: { seconds: 1 } }));
      const handle = taskHandleOf(reply) !== undefined || (reply.kind === 'result' && reply.result.resultType === 'task');
      t.check('no-handle-without-extension', that(!handle, `no task handle for slow_compute from a request that does not declare ${TASKS_EXTENSION}`, describeReply(reply), framesOf(reply)));
    }

    // A tool that runs only as a task, called without the extension: -32021 naming it.
    const only = gate.toolMissing('failing_job');
    if (only !== undefined) return t.notApplicable('task-only-tool-32021', only);
    const reply = await connection.request('tools/call', withoutTasks(connection, { name: 'failing_job', arguments: {} }));
    const data = reply.kind === 'error' ? reply.error.data : undefined;
    const required = isJsonObject(data) && isJsonObject(data.requiredCapabilities) ? data.requiredCapabilities.extensions : undefined;
    const named = isJsonObject(required) && required[TASKS_EXTENSION] !== undefined;
    t.check('task-only-tool-32021', that(errorCode(reply) === MODERN_ERRORS.missingClientCapability && named, `error ${MODERN_ERRORS.missingClientCapability} whose data.requiredCapabilities.extensions names ${TASKS_EXTENSION}, for failing_job (task-only) without it`, describeReply(reply), framesOf(reply)));
  },
});
