import { ErrorCode, errorCode, scenario, that } from '#api';

export default scenario({
  title: 'Invalid JSON is answered with a parse error',
  role: 'server',
  transports: ['stdio'],
  checks: {
    'invalid-json-answered-32700': 'jsonrpc/receiver-parse-error',
  },
  async run(t) {
    const connection = await t.ready();
    const mark = connection.mark();
    await connection.sendRaw('{"jsonrpc": "2.0", "id": 77, "method": "ping"');
    // Text that does not parse can only be answered as it is read, so before a later ping is.
    const settled = await connection.settle(mark, t.timeoutMs);
    const answer = settled.frames.find((r) => errorCode(r) !== undefined);
    t.check(
      'invalid-json-answered-32700',
      that(errorCode(answer) === ErrorCode.ParseError, `an error response with code ${ErrorCode.ParseError}`, answer?.frame.raw ?? `no error response (${settled.how})`, answer ? [answer.frame.seq] : undefined),
    );
  },
});
