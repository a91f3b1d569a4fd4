import { initialized, scenario, that } from '../../../../runner/api/index.js';

const EXITS = 'stdio/server-exits-when-stdin-closes';
/** How long a server gets to exit by itself before the harness would send SIGTERM. */
const GRACE_MS = 2000;

export default scenario({
  title: 'The server exits when its stdin closes',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  transports: ['stdio'],
  async run(t) {
    const connection = await initialized(t, [['exits-on-stdin-close', EXITS]]);
    if (!connection?.stdio) return;
    const stdio = connection.stdio;
    stdio.closeInput();
    const started = Date.now();
    const exited = await Promise.race([stdio.process.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), GRACE_MS))]);
    t.check(
      'exits-on-stdin-close',
      EXITS,
      that(exited, `the process exits within ${GRACE_MS} ms of stdin closing`, exited ? `exited after ${Date.now() - started} ms` : `still running after ${GRACE_MS} ms`),
    );
  },
});
