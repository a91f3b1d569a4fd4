// A stdio MCP server with one read-only tool, `slow_lookup`, that takes 60 s to answer. For the
// self-test of sampled tool calls: the harness must cancel it after its budget, carry on, and not take
// the wait for a target that stopped answering.
//
//   node slow-tool-server.mjs
import { createInterface } from 'node:readline';

const TOOL = { name: 'slow_lookup', description: 'Looks something up, slowly.', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } };
const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n');
const timers = new Map();

createInterface({ input: process.stdin }).on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return send({ id: null, error: { code: -32700, message: 'Parse error' } });
  }
  const { id, method, params } = message;
  if (id === undefined) {
    if (method === 'notifications/cancelled') process.stderr.write(`cancelled ${JSON.stringify(params?.requestId)}\n`);
    return;
  }
  switch (method) {
    case 'initialize':
      return send({ id, result: { protocolVersion: params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'slow-tool-server', version: '1.0.0' } } });
    case 'ping':
      return send({ id, result: {} });
    case 'tools/list':
      return send({ id, result: { tools: [TOOL] } });
    case 'tools/call':
      if (params?.name !== TOOL.name) return send({ id, error: { code: -32602, message: `Unknown tool: ${params?.name}` } });
      if (params.arguments !== undefined && (typeof params.arguments !== 'object' || params.arguments === null)) return send({ id, error: { code: -32602, message: 'arguments must be an object' } });
      timers.set(id, setTimeout(() => send({ id, result: { content: [{ type: 'text', text: 'found it' }] } }), 60_000));
      return;
    default:
      return send({ id, error: { code: -32601, message: `Method not found: ${method}` } });
  }
});
process.stdin.on('end', () => process.exit(0));
