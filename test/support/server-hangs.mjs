// A server that answers initialize and then nothing: the shape of a server whose request handling
// is stuck while its SDK still does the handshake. Every initialize is answered (so the harness's
// probes succeed); every other message is read and left without an answer, for ever.
//
//   node server-hangs.mjs                     over stdio
//   node server-hangs.mjs --http --port N     Streamable HTTP at http://127.0.0.1:N/mcp: a POSTed
//                                             initialize gets its result; every other HTTP request
//                                             (POSTs of notifications too, GET, DELETE) is accepted
//                                             and never answered
import { createServer } from 'node:http';

const VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

/** The initialize result for a request, or undefined for anything else. */
function initializeResult(message) {
  if (message?.method !== 'initialize' || message.id === undefined) return undefined;
  const asked = message.params?.protocolVersion;
  const protocolVersion = VERSIONS.includes(asked) ? asked : VERSIONS.at(-1);
  return { jsonrpc: '2.0', id: message.id, result: { protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'server-hangs', version: '1.0.0' } } };
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const args = process.argv.slice(2);
if (args.includes('--http')) {
  const port = Number(args[args.indexOf('--port') + 1]);
  let sessions = 0;
  createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const answer = req.method === 'POST' ? initializeResult(parse(body)) : undefined;
      if (!answer) return; // accepted, never answered
      res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': `hangs-${++sessions}` });
      res.end(JSON.stringify(answer));
    });
  }).listen(port, '127.0.0.1');
} else {
  let buffer = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
      const answer = initializeResult(parse(buffer.slice(0, i)));
      buffer = buffer.slice(i + 1);
      if (answer) process.stdout.write(JSON.stringify(answer) + '\n');
    }
  });
  process.stdin.on('end', () => process.exit(0));
}
