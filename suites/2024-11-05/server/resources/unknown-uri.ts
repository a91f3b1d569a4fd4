import { isError, scenario, unknownResourceUri } from '#api';

/** MCP's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

export default scenario({
  title: 'Reading a resource that does not exist gets "resource not found"',
  role: 'server',
  session: 'shared',
  // 2026-07-28 answers an unknown resource with -32602 instead (2026-07-28/server/resources/not-found).
  until: '2026-07-28',
  requires: { capabilities: ['resources'] },
  checks: {
    'unknown-uri-refused': 'resources/server-resource-not-found-error',
    'unknown-uri-32002': 'resources/server-resource-not-found-error',
  },
  async run(t) {
    const connection = await t.ready();
    const uri = await unknownResourceUri(connection);

    const reply = await connection.request('resources/read', { uri });
    t.check('unknown-uri-refused', isError(reply, undefined, `an error for ${uri}, not a result`));
    t.check('unknown-uri-32002', isError(reply, RESOURCE_NOT_FOUND, `error ${RESOURCE_NOT_FOUND} (Resource not found)`));
  },
});
