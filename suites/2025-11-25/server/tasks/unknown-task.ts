import { ErrorCode, isError, isJsonObject, scenario } from '#api';

/** A task id no server hands out. */
const UNKNOWN_ID = 'mcp-conformance-no-such-task';

// Black-box: needs nothing but the tasks capability; no task is created.
export default scenario({
  title: 'Unknown task ids, and an unknown tasks/list cursor, get -32602',
  role: 'server',
  session: 'shared',
  until: '2026-07-28',
  requires: { capabilities: ['tasks'] },
  checks: {
    'get-unknown-32602': 'tasks/server-unknown-task-32602',
    'result-unknown-32602': 'tasks/server-unknown-task-32602',
    'cancel-unknown-32602': 'tasks/server-unknown-task-32602',
    'list-invalid-cursor-32602': 'tasks/server-list-invalid-cursor-32602',
  },
  async run(t) {
    const connection = await t.ready();
    const declared = connection.serverCapabilities.tasks;
    const caps = isJsonObject(declared) ? declared : {};

    const get = await connection.request('tasks/get', { taskId: UNKNOWN_ID });
    t.check('get-unknown-32602', isError(get, ErrorCode.InvalidParams, 'tasks/get of a task id the server never handed out gets -32602'));
    const result = await connection.request('tasks/result', { taskId: UNKNOWN_ID });
    t.check('result-unknown-32602', isError(result, ErrorCode.InvalidParams, 'tasks/result of a task id the server never handed out gets -32602'));
    if (caps.cancel === undefined) t.notApplicable('cancel-unknown-32602', 'the server does not declare tasks.cancel');
    else {
      const cancel = await connection.request('tasks/cancel', { taskId: UNKNOWN_ID });
      t.check('cancel-unknown-32602', isError(cancel, ErrorCode.InvalidParams, 'tasks/cancel of a task id the server never handed out gets -32602'));
    }

    if (caps.list === undefined) return t.skip('the server does not declare tasks.list');
    const bad = await connection.request('tasks/list', { cursor: 'mcp-conformance-invalid-cursor' });
    t.check('list-invalid-cursor-32602', isError(bad, ErrorCode.InvalidParams, 'tasks/list with a cursor the server never handed out gets -32602'));
  },
});
