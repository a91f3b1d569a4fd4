import { declaresTaskToolCalls, ErrorCode, isError, listTools, scenario, taskCallables } from '#api';

// Black-box: only tools the policy allows calling (read-only ones without arguments, unless the user consented).
export default scenario({
  title: "Tools are refused when called against their execution.taskSupport",
  role: 'server',
  until: '2026-07-28',
  requires: { capabilities: ['tasks', 'tools'] },
  checks: {
    'forbidden-tool-task-32601': 'tasks/server-forbidden-tool-task-32601',
    'required-tool-plain-32601': 'tasks/server-required-tool-plain-32601',
  },
  async run(t) {
    const connection = await t.ready();
    // Without tasks.requests.tools.call, taskSupport means nothing: clients must not run tools as tasks.
    if (!declaresTaskToolCalls(connection.serverCapabilities)) return t.skip('the server does not declare tasks.requests.tools.call');
    const { tools } = await listTools(t, connection);

    const forbidden = taskCallables(tools, t.policy, ['forbidden'])[0];
    if (!forbidden) t.notApplicable('forbidden-tool-task-32601', 'no tool the harness may call lists taskSupport "forbidden" or none');
    else {
      t.note(`calling ${forbidden.name} (${forbidden.consent}) as a task, which it does not support`);
      const reply = await connection.request('tools/call', { name: forbidden.name, arguments: forbidden.arguments, task: { ttl: 60_000 } });
      t.check('forbidden-tool-task-32601', isError(reply, ErrorCode.MethodNotFound, `a task-augmented call of ${forbidden.name} (taskSupport forbidden) gets -32601`));
    }

    const required = taskCallables(tools, t.policy, ['required'])[0];
    if (!required) return t.notApplicable('required-tool-plain-32601', 'no tool the harness may call lists taskSupport "required"');
    t.note(`calling ${required.name} (${required.consent}) without a task, which it requires`);
    const reply = await connection.request('tools/call', { name: required.name, arguments: required.arguments });
    t.check('required-tool-plain-32601', isError(reply, ErrorCode.MethodNotFound, `a call of ${required.name} (taskSupport required) without a task gets -32601`));
  },
});
