// A hostile Streamable HTTP server: it answers initialize (so the harness's probes succeed, unless the mode says
// otherwise) and accepts notifications with 202, and does one bad thing with every other request:
//
//   node hostile-http.mjs --port N --mode MODE [--location URL] [--status 307]
//
//   trickle-json     200 application/json, then one byte of the answer every 5 s, never the end
//   trickle-sse      200 text/event-stream, then one byte of an event every 5 s, never the end
//   endless-sse      200 text/event-stream, then progress notifications every 20 ms for ever, never the response
//   redirect         every request but initialize: --status (default 307) with Location: --location
//   redirect-all     every request, initialize too: --status with Location: --location
//   trickle-all      every request, initialize too, as trickle-json
//
// GET gets the same treatment as a POSTed request (405 in the redirect-free modes, so a run does not hang on it).
import { createServer } from 'node:http';

const VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const port = Number(option('--port'));
const mode = option('--mode');
const location = option('--location', 'http://elsewhere.invalid/mcp');
const status = Number(option('--status', '307'));
const TRICKLE_MS = 5000;

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function initializeResult(message) {
  const asked = message.params?.protocolVersion;
  const protocolVersion = VERSIONS.includes(asked) ? asked : VERSIONS.at(-1);
  return { jsonrpc: '2.0', id: message.id, result: { protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'hostile-http', version: '1.0.0' } } };
}

/** Writes `text` one byte at a time, TRICKLE_MS apart, until the client hangs up. */
function trickle(res, text) {
  let i = 0;
  const timer = setInterval(() => res.write(text[i++ % text.length]), TRICKLE_MS);
  res.once('close', () => clearInterval(timer));
  res.write(text[i++]);
}

function hostile(req, res, message) {
  if (mode === 'redirect' || mode === 'redirect-all') return res.writeHead(status, { location, 'content-type': 'text/plain' }).end(`moved to ${location}`);
  if (req.method !== 'POST') return res.writeHead(405, { allow: 'POST' }).end();
  const answer = JSON.stringify({ jsonrpc: '2.0', id: message?.id ?? null, result: {} });
  if (mode === 'trickle-json' || mode === 'trickle-all') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return trickle(res, answer);
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if (mode === 'trickle-sse') return trickle(res, `data: ${answer}\n\n`);
  // endless-sse: notifications of the request, never its response.
  let n = 0;
  const timer = setInterval(() => {
    const note = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: `still working ${++n}` } };
    res.write(`event: message\ndata: ${JSON.stringify(note)}\n\n`);
  }, 20);
  res.once('close', () => clearInterval(timer));
}

let sessions = 0;
createServer((req, res) => {
  res.on('error', () => undefined);
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const message = req.method === 'POST' ? parse(body) : undefined;
    if (message?.method === 'initialize' && message.id !== undefined && !mode.endsWith('-all')) {
      res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': `hostile-${++sessions}` });
      return res.end(JSON.stringify(initializeResult(message)));
    }
    if (message !== undefined && message.id === undefined && typeof message.method === 'string' && !mode.startsWith('redirect')) return res.writeHead(202).end();
    if (req.method === 'DELETE' && !mode.startsWith('redirect')) return res.writeHead(200).end();
    hostile(req, res, message);
  });
}).listen(port, '127.0.0.1');
