import { ErrorCode, isError, resultOf, scenario, that, unknownResourceUri } from '#api';

export default scenario({
  title: 'Reading a resource that does not exist gets -32602 (Invalid params)',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['resources'] },
  checks: {
    'unknown-uri-not-empty-contents': 'resources/server-unknown-resource-no-empty-contents',
    'unknown-uri-32602': 'resources/server-unknown-resource-invalid-params',
  },
  async run(t) {
    const connection = await t.ready();
    const uri = await unknownResourceUri(connection);
    const reply = await connection.request('resources/read', { uri });
    const contents = resultOf(reply)?.contents;
    const empty = Array.isArray(contents) && contents.length === 0;
    t.check('unknown-uri-not-empty-contents', that(!empty, `no result with an empty contents array for ${uri}`, empty ? reply.kind === 'result' && reply.result : undefined, reply.kind === 'result' ? [reply.seq] : undefined));
    // The revision moved this answer from -32002 (Resource not found) to the standard -32602.
    t.check('unknown-uri-32602', isError(reply, ErrorCode.InvalidParams, `error -32602 (Invalid params) for ${uri}, not a result`));
  },
});
