import { ErrorCode, initialized, scenario, that } from '../../../../runner/api/index.js';

const PARSE = 'jsonrpc/receiver-parse-error';

export default scenario({
  title: 'Invalid JSON is answered with a parse error',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  transports: ['stdio'],
  async run(t) {
    const connection = await initialized(t, [['invalid-json-answered-32700', PARSE]]);
    if (!connection) return;
    const mark = connection.mark();
    await connection.sendRaw('{"jsonrpc": "2.0", "id": 77, "method": "ping"');
    const answer = await connection.rpc.waitFor((r) => r.classified?.kind === 'error', t.timeoutMs, mark);
    const code = answer?.classified?.kind === 'error' ? answer.classified.message.error.code : undefined;
    t.check(
      'invalid-json-answered-32700',
      PARSE,
      that(code === ErrorCode.ParseError, `an error response with code ${ErrorCode.ParseError}`, answer?.frame.raw ?? `no error response within ${t.timeoutMs} ms`, answer ? [answer.frame.seq] : undefined),
    );
  },
});
