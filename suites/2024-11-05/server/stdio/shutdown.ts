import { scenario, that } from '#api';

/** How long a server gets to exit by itself before the harness would send SIGTERM: a reasonable time, with room for a loaded machine. */
const GRACE_MS = 5000;

export default scenario({
  title: 'The server exits when its stdin closes',
  role: 'server',
  transports: ['stdio'],
  checks: {
    'exits-on-stdin-close': 'stdio/server-exits-when-stdin-closes',
  },
  async run(t) {
    const connection = await t.ready();
    connection.closeInput();
    const started = Date.now();
    const exited = await connection.exitsWithin(GRACE_MS);
    t.check(
      'exits-on-stdin-close',
      that(exited, `the process exits within ${GRACE_MS} ms of stdin closing`, exited ? `exited after ${Date.now() - started} ms` : `still running after ${GRACE_MS} ms`),
    );
  },
});
