import { equals, isResult, resultOf, scenario, that, UNKNOWN_VERSION } from '../../../../runner/api/index.js';

export default scenario({
  title: 'Protocol version negotiation',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  async run(t) {
    // A version the server supports (this revision, offered on its own) comes back unchanged.
    const own = await t.connect();
    const ownReply = await own.initialize({ initialized: false });
    if (ownReply.kind === 'result') {
      t.check('supported-version-echoed', 'lifecycle/server-echoes-supported-version', equals(ownReply.result.protocolVersion, t.revision, 'protocolVersion', [ownReply.seq]));
    } else {
      t.check('supported-version-echoed', 'lifecycle/server-echoes-supported-version', isResult(ownReply, `a result echoing ${t.revision}`));
    }

    // A version nobody supports gets a counter-offer the server really supports.
    const unknown = await t.connect();
    const reply = await unknown.initialize({ protocolVersion: UNKNOWN_VERSION, initialized: false });
    const offered = resultOf(reply)?.protocolVersion;
    if (!t.check('unknown-version-answered', 'lifecycle/server-offers-supported-version', isResult(reply, `a result offering another version for ${UNKNOWN_VERSION}`))) {
      t.untestable('unknown-version-gets-supported-version', 'lifecycle/server-offers-supported-version', 'no result to read a version from');
      t.untestable('unknown-version-gets-latest', 'lifecycle/server-offers-latest-version', 'no result to read a version from');
      return;
    }
    // "Supported" is judged by the server itself: offered back in a fresh session, it must be echoed.
    const again = await t.connect();
    const confirm = typeof offered === 'string' ? await again.initialize({ protocolVersion: offered, initialized: false }) : undefined;
    const echoed = confirm !== undefined && resultOf(confirm)?.protocolVersion === offered;
    t.check(
      'unknown-version-gets-supported-version',
      'lifecycle/server-offers-supported-version',
      that(offered !== UNKNOWN_VERSION && echoed, `a version the server echoes when offered it (not ${UNKNOWN_VERSION})`, {
        offered,
        echoedWhenOfferedBack: confirm === undefined ? null : (resultOf(confirm)?.protocolVersion ?? null),
      }),
    );

    const latest = t.target.supported.at(-1);
    if (latest === undefined) {
      t.notApplicable('unknown-version-gets-latest', 'lifecycle/server-offers-latest-version', 'the server echoed none of the known revisions');
      return;
    }
    t.check(
      'unknown-version-gets-latest',
      'lifecycle/server-offers-latest-version',
      that(typeof offered === 'string' && offered >= latest, `the latest version it supports (${latest}) or newer`, { offered, supported: t.target.supported }),
    );
  },
});
