// A tiny stdio peer for the runner's unit tests: reads newline-delimited JSON on stdin and answers by
// simple rules keyed on the request's method. It is deliberately not an MCP server; each rule exists
// to make the harness see one particular (mis)behaviour on a real pipe.
//
//   echo             result {echo: params}, same id; params.delayMs delays the answer
//   wrong-id-type    result with the id turned into a string (7 -> "7")
//   initialize       a result without serverInfo (a schema violation)
//   garbage          a non-JSON line, then a result
//   huge             a stdout line of params.bytes bytes, then a result
//   crlf             a blank CRLF line, then a result ended by CRLF
//   stderr           params.lines written to stderr, no answer at all
//   ask              sends the client a ping (id "srv-ping") and an unknown request (id "srv-odd")
//   hold             answers nothing until two held requests are in, then answers both in one batch
//   silent           no answer
//   exit             exits with code 3 without answering
//   partial-exit     writes "partial" to stderr without a newline, then exits 0
// Any response the peer receives is reported back as a notification peer/saw {message}.
// Anything else gets -32601. At start it announces itself with the notification peer/ready.

let buffer = '';
const held = [];

function write(value, ending = '\n') {
  process.stdout.write(JSON.stringify(value) + ending);
}

function result(id, value) {
  write({ jsonrpc: '2.0', id, result: value });
}

function handle(message) {
  if (!('method' in message)) {
    write({ jsonrpc: '2.0', method: 'peer/saw', params: { message } });
    return;
  }
  const { id, method, params = {} } = message;
  switch (method) {
    case 'echo':
      if (params.delayMs) setTimeout(() => result(id, { echo: params }), params.delayMs);
      else result(id, { echo: params });
      return;
    case 'wrong-id-type':
      result(String(id), {});
      return;
    case 'initialize':
      result(id, { protocolVersion: '2025-11-25', capabilities: {} });
      return;
    case 'garbage':
      process.stdout.write('this is not json\n');
      result(id, {});
      return;
    case 'huge':
      process.stdout.write('x'.repeat(params.bytes) + '\n');
      result(id, { after: 'huge' });
      return;
    case 'crlf':
      process.stdout.write('\r\n');
      write({ jsonrpc: '2.0', id, result: { crlf: true } }, '\r\n');
      return;
    case 'stderr':
      for (const line of params.lines) process.stderr.write(line + '\n');
      return;
    case 'ask':
      write({ jsonrpc: '2.0', id: 'srv-ping', method: 'ping' });
      write({ jsonrpc: '2.0', id: 'srv-odd', method: 'peer/odd-request', params: {} });
      return;
    case 'hold':
      held.push(id);
      if (held.length === 2) process.stdout.write(JSON.stringify(held.map((h) => ({ jsonrpc: '2.0', id: h, result: { held: h } }))) + '\n');
      return;
    case 'silent':
      return;
    case 'exit':
      process.exit(3);
      return;
    case 'partial-exit':
      process.stderr.write('partial', () => process.exit(0));
      return;
    default:
      if (id !== undefined) write({ jsonrpc: '2.0', id, error: { code: -32601, message: `no ${method}` } });
  }
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
    const line = buffer.slice(0, i);
    buffer = buffer.slice(i + 1);
    if (line.trim() === '') continue;
    handle(JSON.parse(line));
  }
});
process.stdin.on('end', () => process.exit(0));
write({ jsonrpc: '2.0', method: 'peer/ready', params: {} });
