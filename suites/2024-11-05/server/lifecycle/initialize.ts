import { isJsonObject, isResult, resultOf, scenario, that } from '#api';

const RESULT = 'lifecycle/server-initialize-result';

export default scenario({
  title: 'initialize is answered with version, capabilities and server info',
  role: 'server',
  // 2026-07-28 removes the initialize handshake.
  until: '2026-07-28',
  checks: {
    'initialize-answered': RESULT,
    'result-has-protocol-version': RESULT,
    'result-has-capabilities': RESULT,
    'result-has-server-info': RESULT,
  },
  async run(t) {
    const connection = await t.connect();
    const reply = await connection.initialize({ initialized: false });
    if (!t.check('initialize-answered', isResult(reply))) return t.blocked('initialize got no result');

    const result = resultOf(reply) ?? {};
    t.check('result-has-protocol-version', that(typeof result.protocolVersion === 'string', 'protocolVersion is a string', result.protocolVersion));
    t.check('result-has-capabilities', that(isJsonObject(result.capabilities), 'capabilities is an object', result.capabilities));
    const info = result.serverInfo;
    t.check(
      'result-has-server-info',
      that(isJsonObject(info) && typeof info.name === 'string' && typeof info.version === 'string', 'serverInfo with a name and a version', info),
    );
  },
});
