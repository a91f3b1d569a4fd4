import { ErrorCode, initialized, isError, scenario } from '../../../../runner/api/index.js';

export default scenario({
  title: 'An unknown method gets "method not found"',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  async run(t) {
    const connection = await initialized(t, [['unknown-method-32601', 'jsonrpc/receiver-method-not-found']]);
    if (!connection) return;
    const reply = await connection.request('conformance/no-such-method', { probe: true });
    t.check('unknown-method-32601', 'jsonrpc/receiver-method-not-found', isError(reply, ErrorCode.MethodNotFound));
  },
});
