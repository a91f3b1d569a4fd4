import { clientScenario, that } from '#api';

export default clientScenario({
  title: 'A client that spawned its server shuts it down by closing its stdin',
  role: 'client',
  transports: ['stdio'],
  checks: {
    'closes-server-stdin': 'lifecycle/client-closes-server-stdin',
  },
  async run(t) {
    const client = await t.launch({ behaviour: 'initialize' });
    const end = await client.finished();
    const shim = client.shim;
    if (!shim) return t.skip('the client does not spawn its server: only a command line with {server} shows how it ends one');
    if (!shim.connected) return t.blocked('the client never spawned the {server} command');
    if (!end.exitedByItself) return t.skip(`the client did not end by itself (${end.endedBecause ?? 'ended by the harness'}), so it never shut its server down`);
    t.check('closes-server-stdin', that(shim.ending === 'stdin-closed', "the server's stdin closed before any signal", shim.ending ?? 'the server was killed without a chance to say how (SIGKILL?)'));
  },
});
