// Hostile clients under test, for the self-tests of `mcp-conformance client` (plain Node, no build):
//
//   node hostile-client.mjs hang                   never connects, never exits (ignores its stdin too)
//   node hostile-client.mjs exit-now               writes one stderr line and exits 3 at once
//   node hostile-client.mjs flood                  writes garbage to stdout and stderr for ever, never connects
//   node hostile-client.mjs ignore-sigterm         ignores SIGTERM and its stdin, spawns `sleep 1000` in its own
//                                                  process group (so only ending the group ends it), never connects
//   node hostile-client.mjs connect-then-hang URL  POSTs a valid initialize to URL, then hangs (no
//                                                  notifications/initialized, nothing more)
//
// The URL is the last argument, as the harness appends it; modes that do not connect ignore it. Every mode
// but exit-now writes `hostile-client MODE: {"pid":...}` to stderr once it is in place (ignore-sigterm adds
// the sleep's pid), so a test can wait for that line and then check that every pid is gone afterwards.
import { spawn } from 'node:child_process';

const [mode, url] = process.argv.slice(2);
const ready = (extra = {}) => process.stderr.write(`hostile-client ${mode}: ${JSON.stringify({ pid: process.pid, ...extra })}\n`);
// Keeps the event loop alive for ever; nothing else would.
const hangForever = () => setInterval(() => {}, 1 << 30);

switch (mode) {
  case 'hang':
    hangForever();
    ready();
    break;

  case 'exit-now':
    process.stderr.write('hostile-client exit-now: exiting with code 3 without connecting\n');
    process.exit(3);
    break;

  case 'flood': {
    // As fast as each pipe takes it: write again once the last chunk is accepted. A closed pipe
    // (EPIPE) ends the flood on that stream only; the process stays until it is killed.
    const garbage = Buffer.from('not json \u0000\u00ff garbage '.repeat(2048));
    const flood = (stream) => {
      let open = true;
      stream.on('error', () => (open = false));
      const next = () => open && stream.write(garbage, next);
      next();
    };
    hangForever();
    ready();
    flood(process.stdout);
    flood(process.stderr);
    break;
  }

  case 'ignore-sigterm': {
    process.on('SIGTERM', () => {});
    hangForever();
    // Not detached: the sleep shares our process group, and outlives us unless the group is ended.
    const sleeper = spawn('sleep', ['1000'], { stdio: 'ignore' });
    sleeper.on('spawn', () => ready({ sleep: sleeper.pid }));
    break;
  }

  case 'connect-then-hang': {
    if (!url) {
      process.stderr.write('hostile-client connect-then-hang: needs a URL as its last argument\n');
      process.exit(2);
    }
    hangForever();
    const protocolVersion = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION || '2025-06-18';
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion, capabilities: {}, clientInfo: { name: 'hostile-client', version: '1.0.0' } },
      }),
    });
    // The answer is left unread (an SSE stream may stay open): the status is enough.
    ready({ status: response.status });
    break;
  }

  default:
    process.stderr.write(`hostile-client: unknown mode ${JSON.stringify(mode)} (hang, exit-now, flood, ignore-sigterm, connect-then-hang URL)\n`);
    process.exit(2);
}
