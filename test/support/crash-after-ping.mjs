// A stdio MCP server that answers initialize and ping, and crashes on anything else: on the first other
// request (or a line that is not JSON) it writes why to stderr and exits with code 3. Notifications are
// ignored. It lets the CLI tests see a target that dies in the middle of a run, scenario after scenario.
const SUPPORTED = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
let buffer = '';

function reply(id, result) {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');
}

function crash(why) {
  process.stderr.write('crash-after-ping: starting to handle the request\n');
  process.stderr.write(`crash-after-ping: fatal: ${why}\n`, () => process.exit(3));
}

function handle(line) {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return crash('a line that is not JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return crash('a message that is not an object');
  if (message.id === undefined) return; // a notification
  if (message.method === 'initialize') {
    const offered = message.params?.protocolVersion;
    return reply(message.id, {
      protocolVersion: SUPPORTED.includes(offered) ? offered : SUPPORTED.at(-1),
      capabilities: {},
      serverInfo: { name: 'crash-after-ping', version: '1.0.0' },
    });
  }
  if (message.method === 'ping') return reply(message.id, {});
  return crash(`no handler for ${message.method}`);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
    const line = buffer.slice(0, i);
    buffer = buffer.slice(i + 1);
    if (line.trim() !== '') handle(line);
  }
});
process.stdin.on('end', () => process.exit(0));
