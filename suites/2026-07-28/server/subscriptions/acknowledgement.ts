import { isJsonObject, META, openListen, scenario, that, type JsonObject } from '#api';

const ID = 'conformance-listen-ack';
const WATCHED = 'test://watched-resource';
/** A notification type no server has: a server acknowledges only the types it supports. */
const UNKNOWN_TYPE = 'conformanceNoSuchNotifications';
/** What the harness asks for: tools list changes and one resource, prompts explicitly not, resources list changes left out. */
const FILTER: JsonObject = { toolsListChanged: true, promptsListChanged: false, resourceSubscriptions: [WATCHED], [UNKNOWN_TYPE]: true };
/** The list-change flags, and the capability a server must have for each type to exist at all. */
const FLAGS = { toolsListChanged: 'tools', promptsListChanged: 'prompts', resourcesListChanged: 'resources' } as const;

export default scenario({
  title: 'subscriptions/listen is acknowledged first, with its id and the honoured filter',
  role: 'server',
  checks: {
    'acknowledged-first': 'subscriptions/server-acknowledges-first',
    'acknowledgement-names-subscription': 'subscriptions/server-acknowledgement-names-subscription',
    'acknowledges-only-requested': 'subscriptions/server-acknowledges-requested-subset',
    'unsupported-types-omitted': 'subscriptions/server-omits-unsupported-types',
  },
  async run(t) {
    const connection = await t.ready();
    const opening = await openListen(connection, FILTER, ID, t.timeoutMs);
    if (opening.kind === 'refused') return t.skip(`the server does not serve subscriptions/listen: ${opening.reason}`);
    const listen = opening.listen;
    const ack = listen.acknowledgement;
    const before = ack ? (await listen.messages()).filter((r) => r.frame.seq < ack.frame.seq) : [];
    const first = t.check(
      'acknowledged-first',
      that(ack !== undefined && before.length === 0, 'notifications/subscriptions/acknowledged before any other message of the subscription', ack ? before.map((r) => r.frame.raw) : `no acknowledgement within ${t.timeoutMs} ms`, [...(ack ? [ack.frame.seq] : []), ...before.map((r) => r.frame.seq)]),
    );
    if (!ack) {
      // Its own failure is reported above: what an acknowledgement should name cannot be read from none.
      for (const id of ['acknowledgement-names-subscription', 'acknowledges-only-requested', 'unsupported-types-omitted'] as const) t.notApplicable(id, 'no acknowledgement came (see acknowledged-first)');
      return;
    }
    if (!first) t.note('the acknowledgement came, but after other messages of the subscription (see acknowledged-first)');
    const params = ack.classified?.kind === 'notification' && isJsonObject(ack.classified.message.params) ? ack.classified.message.params : {};
    const meta = isJsonObject(params._meta) ? params._meta : {};
    t.check('acknowledgement-names-subscription', that(meta[META.subscriptionId] === ID, `_meta ${META.subscriptionId} ${JSON.stringify(ID)} (the listen request's id)`, meta[META.subscriptionId] ?? 'absent', [ack.frame.seq]));

    const granted = isJsonObject(params.notifications) ? params.notifications : {};
    const uris = Array.isArray(granted.resourceSubscriptions) ? granted.resourceSubscriptions : [];
    const unasked = [
      ...Object.keys(FLAGS).filter((flag) => granted[flag] === true && FILTER[flag] !== true),
      ...uris.filter((uri) => uri !== WATCHED).map((uri) => `resourceSubscriptions: ${JSON.stringify(uri)}`),
    ];
    t.check('acknowledges-only-requested', that(unasked.length === 0, `an acknowledged filter within the one requested (${JSON.stringify(FILTER)})`, unasked.length === 0 ? granted : { notAsked: unasked, acknowledged: granted }, [ack.frame.seq]));

    // Types the server cannot have: the unknown one always; a list or resources the server does not offer at all.
    const capabilities = connection.serverCapabilities;
    const unsupported = [
      ...(UNKNOWN_TYPE in granted ? [UNKNOWN_TYPE] : []),
      ...Object.entries(FLAGS).filter(([flag, capability]) => granted[flag] === true && capabilities[capability] === undefined).map(([flag, capability]) => `${flag} (no ${capability} capability)`),
      ...(uris.length > 0 && capabilities.resources === undefined ? ['resourceSubscriptions (no resources capability)'] : []),
    ];
    t.check('unsupported-types-omitted', that(unsupported.length === 0, `an acknowledged filter without ${UNKNOWN_TYPE} (a type no server has) or types of features the server does not declare`, unsupported.length === 0 ? granted : { unsupported, acknowledged: granted }, [ack.frame.seq]));
  },
});
