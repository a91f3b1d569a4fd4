import { isJsonObject, isResult, resultOf, scenario, that } from '../../../../runner/api/index.js';

const RESULT = 'lifecycle/server-initialize-result';

export default scenario({
  title: 'initialize is answered with version, capabilities and server info',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  async run(t) {
    const connection = await t.connect();
    const reply = await connection.initialize({ initialized: false });
    if (!t.check('initialize-answered', RESULT, isResult(reply))) {
      for (const id of ['result-has-protocol-version', 'result-has-capabilities', 'result-has-server-info']) t.untestable(id, RESULT, 'initialize got no result');
      return;
    }

    const result = resultOf(reply) ?? {};
    t.check('result-has-protocol-version', RESULT, that(typeof result.protocolVersion === 'string', 'protocolVersion is a string', result.protocolVersion));
    t.check('result-has-capabilities', RESULT, that(isJsonObject(result.capabilities), 'capabilities is an object', result.capabilities));
    const info = result.serverInfo;
    t.check(
      'result-has-server-info',
      RESULT,
      that(isJsonObject(info) && typeof info.name === 'string' && typeof info.version === 'string', 'serverInfo with a name and a version', info),
    );
  },
});
