import { clientScenario, describeMessages, describeRevision, methodOf, paramsOf, requestMetaOf, requestsOf, that, unsupportedVersion, type RequestId } from '#api';

export default clientScenario({
  title: 'A request refused as of an unsupported version is sent again with a listed one',
  role: 'client',
  checks: {
    'retries-supported-version': 'lifecycle/client-retries-supported-version',
    'no-fallback': 'versioning/client-modern-error-no-fallback',
  },
  async run(t) {
    const served = describeRevision(t.revision).wireVersion;
    // A client names the version it was launched with, which the harness serves: to see what it does
    // with UnsupportedProtocolVersion, the harness refuses its first request as though it did not
    // (listing that version). Sending the request again with it is then what the text asks.
    let refused: { id: RequestId; method: string } | undefined;
    const client = await t.launch({
      behaviour: 'tools_call',
      server: {
        onRequest: (request) => {
          if (refused) return undefined;
          refused = { id: request.id, method: request.method };
          return unsupportedVersion(requestMetaOf(request.params).protocolVersion ?? '(none)', [served]);
        },
      },
    });
    await client.finished();
    const requests = requestsOf(client.messages());
    const first = requests.findIndex((r) => r.classified?.kind === 'request' && r.classified.message.id === refused?.id);
    if (!refused || first < 0) return t.blocked('the client sent no request');
    const later = requests.slice(first + 1);
    const again = later.find((r) => methodOf(r) === refused!.method);
    const version = again ? requestMetaOf(paramsOf(again)).protocolVersion : undefined;
    t.check(
      'retries-supported-version',
      that(
        version === served,
        `after its ${refused.method} was refused with -32022 (data.supported ["${served}"]), the client sends ${refused.method} again with _meta protocolVersion "${served}"`,
        again ? { version: version ?? null } : { sentAfter: describeMessages(later) },
        again ? [again.frame.seq] : [],
      ),
    );
    // -32022 is an error only a server of 2026-07-28 gives: a client of both eras knows the era by it.
    if (refused.method === 'initialize') return t.untestable('no-fallback', 'the request refused was initialize itself: there was no request of 2026-07-28 to fall back from');
    const initialize = later.find((r) => methodOf(r) === 'initialize');
    t.check(
      'no-fallback',
      that(
        initialize === undefined,
        `after its ${refused.method} was refused with -32022, the client sends no initialize: the error shows a server of ${served}, not of an earlier era`,
        { sentAfter: describeMessages(later) },
        initialize ? [initialize.frame.seq] : [],
      ),
    );
  },
});
