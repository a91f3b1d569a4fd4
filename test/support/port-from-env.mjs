// The reference server over Streamable HTTP on the port named by the PORT environment variable, the way
// many real servers take their port. The CLI tests start it with `PORT={port} node port-from-env.mjs` and
// with `--env PORT={port}`, so the variable must reach the process for the run to get anywhere.
const port = process.env.PORT;
if (!port) {
  process.stderr.write('port-from-env: PORT is not set\n');
  process.exit(5);
}
process.argv.splice(2, Infinity, '--http', '--port', port);
await import(new URL('../../dist/fixtures/reference-server.js', import.meta.url).href);
