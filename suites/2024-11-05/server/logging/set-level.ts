import { ErrorCode, isEmptyResult, isError, requestOffSchema, scenario } from '#api';

const INVALID = 'logging/server-invalid-level-invalid-params';

export default scenario({
  title: 'logging/setLevel is answered with an empty result, and bogus levels are refused',
  role: 'server',
  // 2026-07-28 drops logging/setLevel: the level travels in each request's _meta.
  until: '2026-07-28',
  requires: { capabilities: ['logging'] },
  checks: {
    'set-level-empty-result': 'logging/server-set-level-empty-result',
    'invalid-level-refused': INVALID,
    'invalid-level-32602': INVALID,
  },
  async run(t) {
    const connection = await t.ready();
    // lifecycle/capabilities checks that setLevel is answered at all; this checks what it answers.
    const set = await connection.request('logging/setLevel', { level: 'warning' });
    if (set.kind === 'result') t.check('set-level-empty-result', isEmptyResult(set));
    else t.notApplicable('set-level-empty-result', `logging/setLevel got no result (${set.kind}): lifecycle/capabilities reports that`);

    // Sent raw: the schema lists the levels, so the harness would otherwise refuse its own request.
    const bogus = await requestOffSchema(connection, 'logging/setLevel', { level: 'mcp-conformance-no-such-level' }, t.timeoutMs);
    t.check('invalid-level-refused', isError(bogus, undefined, 'an error for a level that is not a log level, not a result'));
    t.check('invalid-level-32602', isError(bogus, ErrorCode.InvalidParams));
  },
});
