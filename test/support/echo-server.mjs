// A raw JSON-RPC MCP server that leaks its credentials, for the redaction self-test: whatever the user
// passed to reach it comes back in every place a server can put text. It is MCP enough for the runner to
// probe it and run its suites (the verdicts do not matter), over stdio or Streamable HTTP.
//
//   node echo-server.mjs                      stdio, newline-delimited JSON-RPC
//   node echo-server.mjs --http --port N      Streamable HTTP on 127.0.0.1:N, endpoint /mcp
//   ... --crash                               writes the secret to stderr and exits before answering
//
// It echoes the API_TOKEN environment variable and (over HTTP) the Authorization request header and
// the request URL (query included): in the X-Echo-Authorization response header, the initialize
// instructions, serverInfo, the tools/list tool description, error messages, HTTP error bodies, and
// on stderr.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
const token = process.env.API_TOKEN ?? '(no API_TOKEN)';
const args = process.argv.slice(2);

process.stderr.write(`echo-server: starting with API_TOKEN=${token}\n`);
if (args.includes('--crash')) {
  process.stderr.write(`echo-server: refusing to start: API_TOKEN ${token} is not accepted\n`, () => process.exit(1));
} else if (args.includes('--http')) {
  serveHttp(Number(args[args.indexOf('--port') + 1]));
} else {
  serveStdio();
}

/** What the client sent that a careless server repeats: the env token, and over HTTP the Authorization header and URL. */
function leak(request) {
  return request ? `API_TOKEN=${token} Authorization=${request.auth ?? '(none)'} URL=${request.url}` : `API_TOKEN=${token}`;
}

/** The answer to one JSON-RPC message, or undefined for notifications and responses. */
function answer(message, request) {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    return { jsonrpc: '2.0', id: null, error: { code: -32600, message: `Invalid request (${leak(request)})` } };
  }
  const { id, method, params } = message;
  if (typeof method !== 'string' || id === undefined) return undefined;
  process.stderr.write(`echo-server: ${method} (${leak(request)})\n`);
  const result = (value) => ({ jsonrpc: '2.0', id, result: value });
  switch (method) {
    case 'initialize': {
      const asked = params?.protocolVersion;
      return result({
        protocolVersion: VERSIONS.includes(asked) ? asked : VERSIONS.at(-1),
        capabilities: { tools: {} },
        serverInfo: { name: 'echo-server', version: `1.0.0 ${leak(request)}` },
        instructions: `You connected with ${leak(request)}`,
      });
    }
    case 'ping':
      return result({});
    case 'tools/list':
      return result({ tools: [{ name: 'echo', description: `Echoes its input; configured with ${leak(request)}`, inputSchema: { type: 'object' } }] });
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: `Method not found: ${method} (${leak(request)})` } };
  }
}

/** Answers a message or a batch; undefined when nothing is to be sent back. */
function answerAll(text, request) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { jsonrpc: '2.0', id: null, error: { code: -32700, message: `Parse error (${leak(request)})` } };
  }
  if (!Array.isArray(parsed)) return answer(parsed, request);
  const answers = parsed.map((m) => answer(m, request)).filter(Boolean);
  return answers.length > 0 ? answers : undefined;
}

function serveStdio() {
  let buffer = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i).trim();
      buffer = buffer.slice(i + 1);
      if (line === '') continue;
      const reply = answerAll(line);
      if (reply) process.stdout.write(JSON.stringify(reply) + '\n');
    }
  });
  process.stdin.on('end', () => process.exit(0));
}

function serveHttp(port) {
  const sessions = new Set();
  const server = createServer((req, res) => {
    const request = { auth: req.headers.authorization, url: req.url };
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'x-echo-authorization': request.auth ?? '(none)', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const refuse = (status, why) => send(status, { jsonrpc: '2.0', id: null, error: { code: -32000, message: `${why} (${leak(request)})` } });
    if (!req.url?.startsWith('/mcp')) return refuse(404, 'Not found');
    const sessionId = req.headers['mcp-session-id'];
    if (req.method === 'GET') return refuse(405, 'No GET stream');
    if (req.method === 'DELETE') {
      if (!sessions.delete(sessionId)) return refuse(404, 'Unknown session');
      return send(200);
    }
    if (req.method !== 'POST') return refuse(405, 'Method not allowed');
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        return send(400, answerAll(text, request));
      }
      if (!Array.isArray(parsed) && parsed?.method === 'initialize') {
        const id = randomUUID();
        sessions.add(id);
        return send(200, answer(parsed, request), { 'mcp-session-id': id });
      }
      if (sessionId === undefined) return refuse(400, 'Missing Mcp-Session-Id');
      if (!sessions.has(sessionId)) return refuse(404, 'Unknown session');
      const reply = answerAll(text, request);
      return reply === undefined ? send(202) : send(200, reply);
    });
  });
  server.listen(port, '127.0.0.1');
}
