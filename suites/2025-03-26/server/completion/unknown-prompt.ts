import { randomUUID } from 'node:crypto';
import { ErrorCode, isError, scenario } from '#api';

const UNKNOWN = 'completion/server-unknown-prompt-invalid-params';

export default scenario({
  title: 'Completing an argument of an unknown prompt gets "invalid params"',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['completions'] },
  checks: {
    'unknown-prompt-refused': UNKNOWN,
    'unknown-prompt-32602': UNKNOWN,
  },
  async run(t) {
    const connection = await t.ready();
    const name = `mcp-conformance-no-such-prompt-${randomUUID()}`;
    const reply = await connection.request('completion/complete', { ref: { type: 'ref/prompt', name }, argument: { name: 'argument', value: '' } });
    t.check('unknown-prompt-refused', isError(reply, undefined, `an error for the unknown prompt ${name}, not a result`));
    t.check('unknown-prompt-32602', isError(reply, ErrorCode.InvalidParams));
  },
});
