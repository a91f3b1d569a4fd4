import { MODERN_ERRORS, offersTasks, refusedWith, scenario, TASKS_EXTENSION, withAnswer, withTasks } from '#api';

const NO_SUCH_TASK = 'conformance-no-such-task';

// The tasks extension (its "Streamable HTTP: Routing Headers") adds tasks/get, tasks/update and
// tasks/cancel to the requests that carry Mcp-Name, holding params.taskId; the transport's server
// validation then refuses a value that disagrees with the body, as for tools/call.
export default scenario({
  title: 'A tasks/get whose Mcp-Name is not its task id is refused as a header mismatch',
  role: 'server',
  transports: ['streamable-http'],
  checks: {
    'task-name-header-mismatch-400': 'streamable-http/server-rejects-header-mismatch',
  },
  async run(t) {
    const connection = await t.ready({ capabilities: withTasks() });
    if (!offersTasks(connection.serverCapabilities)) return t.skip(`the server does not declare the ${TASKS_EXTENSION} extension in server/discover`);
    const body = connection.requestBody('tasks-routing', 'tasks/get', { taskId: NO_SUCH_TASK });
    const exchange = await withAnswer(await connection.http!.probe('POST', { body, headers: { 'mcp-name': 'conformance-other-task' } }), t.timeoutMs);
    t.check('task-name-header-mismatch-400', refusedWith(exchange, 400, [MODERN_ERRORS.headerMismatch], `Mcp-Name conformance-other-task on a tasks/get of ${NO_SUCH_TASK}`));
  },
});
