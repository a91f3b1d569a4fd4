import { ErrorCode, errorCode, isResult, QUIET_MS, responsesIn, scenario, that } from '#api';

export default scenario({
  title: 'Invalid JSON does not end the session',
  role: 'server',
  // Over HTTP the same probe is a transport question (an HTTP error status): see the http suites.
  transports: ['stdio'],
  checks: {
    'survives-invalid-json': 'jsonrpc/receiver-handles-invalid-json',
    'invalid-json-error-is-parse-error': 'jsonrpc/receiver-handles-invalid-json',
  },
  async run(t) {
    const connection = await t.ready();
    const mark = connection.mark();
    await connection.sendRaw('{"jsonrpc": "2.0", "id": 99, "method": "ping"');
    const settled = await connection.settle(mark, QUIET_MS);
    const answers = responsesIn(settled.frames);
    const after = await connection.liveness();
    t.check('survives-invalid-json', isResult(after, 'a request after a line of invalid JSON still gets its result'));
    // Answering is optional before 2025-11-25 (the schema had no id-less error), but an answer must be a parse error.
    const codes = answers.filter((a) => errorCode(a) !== undefined).map(errorCode);
    t.check(
      'invalid-json-error-is-parse-error',
      that(codes.every((c) => c === ErrorCode.ParseError), `no answer, or an error with code ${ErrorCode.ParseError} (${settled.how})`, answers.map((a) => a.frame.raw), answers.map((a) => a.frame.seq)),
    );
  },
});
