/**
 * Copy me to suites/<revision>/<role>/<area>/<name>.ts (without the leading underscore: files that
 * start with `_` are never loaded) and follow suites/README.md. This file is typechecked like any
 * scenario, so it cannot drift from the api.
 */
import { ErrorCode, isError, isResult, scenario } from '#api';

export default scenario({
  // A sentence-case claim about the target, no trailing period.
  title: 'An example request is answered as the spec says',
  role: 'server',
  // until: '2026-07-28',        only when the behaviour is retired at that revision
  // transports: ['stdio'],      only when the behaviour exists on some transports only
  // requires: { capabilities: ['tools'] },   only when the server must declare something first
  checks: {
    // check id (kebab-case, permanent) -> the requirement it enforces (requirements/source/<topic>.json)
    'example-answered': 'jsonrpc/receiver-answers-every-request',
    'example-unknown-method': 'jsonrpc/receiver-method-not-found',
  },
  async run(t) {
    // Ready the way this revision makes a connection ready; if that fails, every check not yet
    // recorded is reported as not testable, with the reason.
    const connection = await t.ready();

    const reply = await connection.liveness();
    if (!t.check('example-answered', isResult(reply, 'a result for the liveness request'))) {
      return t.blocked('the server does not answer its cheapest request');
    }

    const unknown = await connection.request('conformance/no-such-method');
    t.check('example-unknown-method', isError(unknown, ErrorCode.MethodNotFound));
  },
});
