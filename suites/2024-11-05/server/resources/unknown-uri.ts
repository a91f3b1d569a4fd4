import { randomUUID } from 'node:crypto';
import { isError, objectsIn, paginate, scenario } from '#api';

/** MCP's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

export default scenario({
  title: 'Reading a resource that does not exist gets "resource not found"',
  role: 'server',
  session: 'shared',
  // 2026-07-28 answers an unknown resource with -32602 instead.
  until: '2026-07-28',
  requires: { capabilities: ['resources'] },
  checks: {
    'unknown-uri-refused': 'resources/server-resource-not-found-error',
    'unknown-uri-32002': 'resources/server-resource-not-found-error',
  },
  async run(t) {
    const connection = await t.ready();
    // The scheme of a listed resource, so that the URI is one the server could serve, but does not.
    const listedUri = objectsIn((await paginate(connection, 'resources/list', 'resources')).items)[0]?.uri;
    const scheme = typeof listedUri === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(listedUri) ? listedUri.slice(0, listedUri.indexOf(':')) : 'conformance';
    const uri = `${scheme}:///mcp-conformance/no-such-resource-${randomUUID()}`;

    const reply = await connection.request('resources/read', { uri });
    t.check('unknown-uri-refused', isError(reply, undefined, `an error for ${uri}, not a result`));
    t.check('unknown-uri-32002', isError(reply, RESOURCE_NOT_FOUND, `error ${RESOURCE_NOT_FOUND} (Resource not found)`));
  },
});
