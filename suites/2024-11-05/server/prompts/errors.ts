import { randomUUID } from 'node:crypto';
import { ErrorCode, describeStop, isError, objectsIn, paginate, scenario } from '#api';

const MISSING = 'prompts/server-missing-argument-invalid-params';
const UNKNOWN = 'prompts/server-unknown-prompt-invalid-params';

export default scenario({
  title: 'Unknown prompts and missing required arguments are refused by prompts/get',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['prompts'] },
  checks: {
    'unknown-prompt-refused': UNKNOWN,
    'unknown-prompt-32602': UNKNOWN,
    'missing-argument-refused': MISSING,
    'missing-argument-32602': MISSING,
  },
  async run(t) {
    const connection = await t.ready();
    const name = `mcp-conformance-no-such-prompt-${randomUUID()}`;
    const unknown = await connection.request('prompts/get', { name });
    t.check('unknown-prompt-refused', isError(unknown, undefined, `an error for the unknown prompt ${name}, not a result`));
    t.check('unknown-prompt-32602', isError(unknown, ErrorCode.InvalidParams));

    const listed = await paginate(connection, 'prompts/list', 'prompts');
    const prompt = objectsIn(listed.items).find((p) => typeof p.name === 'string' && Array.isArray(p.arguments) && objectsIn(p.arguments).some((a) => a.required === true));
    if (!prompt) {
      return listed.stopped ? t.blocked(`prompts/list: ${describeStop(listed.stopped)}`) : t.skip('the server lists no prompt with a required argument');
    }
    const required = objectsIn(prompt.arguments as unknown[]).filter((a) => a.required === true).map((a) => a.name);
    const missing = await connection.request('prompts/get', { name: prompt.name as string });
    t.check('missing-argument-refused', isError(missing, undefined, `an error: ${String(prompt.name)} requires ${required.join(', ')}, and no arguments were given`));
    t.check('missing-argument-32602', isError(missing, ErrorCode.InvalidParams));
  },
});
