import { ErrorCode, initialized, isResult, QUIET_MS, responsesIn, scenario, that } from '../../../../runner/api/index.js';

const HANDLES = 'jsonrpc/receiver-handles-invalid-json';

export default scenario({
  title: 'Invalid JSON does not end the session',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  // Over HTTP the same probe is a transport question (an HTTP error status): see the http suites.
  transports: ['stdio'],
  async run(t) {
    const connection = await initialized(t, [['survives-invalid-json', HANDLES], ['invalid-json-error-is-parse-error', HANDLES]]);
    if (!connection) return;
    const mark = connection.mark();
    await connection.sendRaw('{"jsonrpc": "2.0", "id": 99, "method": "ping"');
    const answers = responsesIn(await connection.since(mark, QUIET_MS));
    const ping = await connection.request('ping');
    t.check('survives-invalid-json', HANDLES, isResult(ping, 'ping answered after a line of invalid JSON'));
    // Answering is optional before 2025-11-25 (the schema had no id-less error), but an answer must be a parse error.
    const errors = answers.filter((a) => a.classified?.kind === 'error');
    const codes = errors.map((a) => (a.classified?.kind === 'error' ? a.classified.message.error.code : undefined));
    t.check(
      'invalid-json-error-is-parse-error',
      HANDLES,
      that(codes.every((c) => c === ErrorCode.ParseError), `no answer, or an error with code ${ErrorCode.ParseError}`, answers.map((a) => a.frame.raw), answers.map((a) => a.frame.seq)),
    );
  },
});
