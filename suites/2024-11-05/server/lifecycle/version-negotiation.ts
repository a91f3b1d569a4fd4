import { describeRevision, equals, isResult, resultOf, scenario, that, UNKNOWN_VERSION } from '#api';

const ECHOES = 'lifecycle/server-echoes-supported-version';
const OFFERS = 'lifecycle/server-offers-supported-version';
const LATEST = 'lifecycle/server-offers-latest-version';

export default scenario({
  title: 'The protocol version is negotiated',
  role: 'server',
  // 2026-07-28 replaces negotiation in initialize with per-request versions and server/discover.
  until: '2026-07-28',
  checks: {
    'supported-version-echoed': ECHOES,
    'unknown-version-answered': OFFERS,
    'unknown-version-gets-supported-version': OFFERS,
    'unknown-version-gets-latest': LATEST,
  },
  async run(t) {
    // A version the server supports (this revision, offered on its own) comes back unchanged.
    const own = await (await t.connect()).initialize({ initialized: false });
    t.check(
      'supported-version-echoed',
      own.kind === 'result' ? equals(own.result.protocolVersion, t.revision, 'protocolVersion', [own.seq]) : isResult(own, `a result echoing ${t.revision}`),
    );

    // A version nobody supports gets a counter-offer the server really supports.
    const reply = await (await t.connect()).initialize({ protocolVersion: UNKNOWN_VERSION, initialized: false });
    if (!t.check('unknown-version-answered', isResult(reply, `a result offering another version for ${UNKNOWN_VERSION}`))) {
      return t.blocked('no result to read a version from');
    }
    const offered = resultOf(reply)?.protocolVersion;
    // "Supported" is judged by the server itself: offered back in a fresh session, it must be echoed.
    const confirm = typeof offered === 'string' ? await (await t.connect()).initialize({ protocolVersion: offered, initialized: false }) : undefined;
    const echoed = confirm !== undefined && resultOf(confirm)?.protocolVersion === offered;
    t.check(
      'unknown-version-gets-supported-version',
      that(offered !== UNKNOWN_VERSION && echoed, `a version the server echoes when offered it (not ${UNKNOWN_VERSION})`, {
        offered,
        echoedWhenOfferedBack: confirm === undefined ? null : (resultOf(confirm)?.protocolVersion ?? null),
      }),
    );

    // The versions initialize can agree on: a dual-era server serves the stateless ones without it.
    const handshake = t.target.supported.filter((r) => describeRevision(r).stateful);
    const latest = handshake.at(-1);
    if (latest === undefined) return t.skip('the server echoed none of the known revisions, so its latest is unknown');
    t.check(
      'unknown-version-gets-latest',
      that(typeof offered === 'string' && offered >= latest, `the latest version it supports (${latest}) or newer`, { offered, supported: handshake }),
    );
  },
});
