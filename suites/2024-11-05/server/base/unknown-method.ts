import { ErrorCode, isError, scenario } from '#api';

export default scenario({
  title: 'An unknown method gets "method not found"',
  role: 'server',
  session: 'shared',
  checks: {
    'unknown-method-32601': 'jsonrpc/receiver-method-not-found',
  },
  async run(t) {
    const connection = await t.ready();
    const reply = await connection.request('conformance/no-such-method', { probe: true });
    t.check('unknown-method-32601', isError(reply, ErrorCode.MethodNotFound));
  },
});
