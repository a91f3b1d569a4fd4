import {
  CHANGE_NOTIFICATIONS,
  fixtureGate,
  isChangeNotification,
  isJsonObject,
  isNotification,
  LIST_CHANGES,
  openListen,
  optedIn,
  paginate,
  QUIET_MS,
  scenario,
  subscriptionIdOf,
  that,
  useFixture,
  type JsonObject,
  type Listen,
  type ListSpec,
  type Received,
} from '#api';

const WATCHED = 'test://watched-resource';
// Ours: the official suite has no trigger for it (its README says the resource changes on a timer).
const UPDATE_TRIGGER = 'test_trigger_resource_update';
/** Two subscriptions at once, each opted in to what the other is not. */
const FILTER_A: JsonObject = { toolsListChanged: true, resourcesListChanged: true, resourceSubscriptions: [WATCHED] };
const FILTER_B: JsonObject = { promptsListChanged: true };

type Delivered = 'tools-list-changed-delivered' | 'prompts-list-changed-delivered' | 'resources-list-changed-delivered' | 'resource-update-delivered';

// Deep checks: need the trigger fixtures test_trigger_tool_change and test_trigger_prompt_change
// (the official suite's names), test_trigger_resource_change and test_trigger_resource_update with
// test://watched-resource (ours, in the same style).
export default scenario({
  title: 'Listen streams deliver the changes they opted in to, tagged, and nothing else',
  role: 'server',
  // Its trigger fixtures change what every client of the server sees.
  exclusive: true,
  requires: { capabilities: ['tools'] },
  checks: {
    'tools-list-changed-delivered': 'subscriptions/server-delivers-tools-list-changes',
    'prompts-list-changed-delivered': 'subscriptions/server-delivers-prompts-list-changes',
    'resources-list-changed-delivered': 'subscriptions/server-delivers-resources-list-changes',
    'resource-update-delivered': 'subscriptions/server-delivers-resource-updates',
    'notifications-tagged': 'subscriptions/server-tags-notifications',
    'only-opted-in': 'subscriptions/server-sends-only-opted-in',
  },
  async run(t) {
    const gate = await fixtureGate(t);
    const connection = gate.connection;
    const stdio = connection.transport === 'stdio';
    const start = connection.mark();
    const a = await openListen(connection, FILTER_A, 'conformance-listen-a', t.timeoutMs);
    if (a.kind === 'refused') return t.skip(`the server does not serve subscriptions/listen: ${a.reason}`);
    const b = await openListen(connection, FILTER_B, 'conformance-listen-b', t.timeoutMs);
    if (b.kind === 'refused') return t.blocked(`a second subscriptions/listen was refused: ${b.reason}`);
    const listens = [a.listen, b.listen];
    // Over stdio a delivery is found by its tag; one without any tag is still counted as delivered,
    // and judged by notifications-tagged.
    const deliveredOn = (listen: Listen, method: string) => (r: Received) => r.classified?.kind === 'notification' && r.classified.message.method === method && (listen.owns(r) || (stdio && subscriptionIdOf(r) === undefined));

    const declares = (capability: string, feature: string): boolean => {
      const declared = connection.serverCapabilities[capability];
      return isJsonObject(declared) && declared[feature] === true;
    };
    // Changes the harness made happen: without any, the absence of stray notifications shows nothing.
    let caused = 0;
    const listChange = async (id: Delivered, spec: ListSpec, listen: Listen): Promise<void> => {
      if (!declares(spec.capability, 'listChanged')) return t.notApplicable(id, `the server does not declare ${spec.capability}.listChanged`);
      const missing = gate.toolMissing(spec.trigger);
      if (missing !== undefined) return t.notApplicable(id, missing);
      const before = await paginate(connection, spec.method, spec.key);
      const mark = connection.mark();
      const call = await useFixture(gate, connection, spec.trigger);
      if (call.kind !== 'result') return t.untestable(id, call.reason);
      caused++;
      const after = await paginate(connection, spec.method, spec.key);
      if (before.stopped || after.stopped) return t.untestable(id, `${spec.method} could not be read to its end around the change`);
      if (JSON.stringify(before.items) === JSON.stringify(after.items)) return t.notApplicable(id, `${spec.trigger} left ${spec.method} as it was`);
      const found = await connection.waitFor(deliveredOn(listen, spec.notification), t.timeoutMs, mark);
      t.check(id, that(found !== undefined, `${spec.notification} on the listen stream that opted in (${listen.id}) after ${spec.trigger} changed ${spec.method}`, found?.frame.raw ?? `nothing within ${t.timeoutMs} ms`, [call.seq, ...(found ? [found.frame.seq] : [])]));
    };
    await listChange('tools-list-changed-delivered', LIST_CHANGES.tools, a.listen);
    await listChange('resources-list-changed-delivered', LIST_CHANGES.resources, a.listen);
    await listChange('prompts-list-changed-delivered', LIST_CHANGES.prompts, b.listen);

    if (!declares('resources', 'subscribe')) t.notApplicable('resource-update-delivered', 'the server does not declare resources.subscribe');
    else if (!gate.resources.has(WATCHED)) t.notApplicable('resource-update-delivered', `fixture ${WATCHED} not exposed`);
    else {
      const mark = connection.mark();
      const call = await useFixture(gate, connection, UPDATE_TRIGGER);
      if (call.kind !== 'result') (call.kind === 'absent' ? t.notApplicable : t.untestable).call(t, 'resource-update-delivered', call.reason);
      else {
        caused++;
        const updated = deliveredOn(a.listen, CHANGE_NOTIFICATIONS.resourceSubscriptions);
        const found = await connection.waitFor((r) => updated(r) && isNotification(r, CHANGE_NOTIFICATIONS.resourceSubscriptions, { uri: WATCHED }), t.timeoutMs, mark);
        t.check('resource-update-delivered', that(found !== undefined, `notifications/resources/updated for ${WATCHED} on the listen stream that named it (${a.listen.id}) after ${UPDATE_TRIGGER} changed it`, found?.frame.raw ?? `nothing within ${t.timeoutMs} ms`, [call.seq, ...(found ? [found.frame.seq] : [])]));
      }
    }

    // Whatever the changes made the server send has come by now, but for stragglers: a quiet window.
    const all = await connection.since(start, QUIET_MS);
    const how = `(after every change was made and answered, and a quiet window of ${QUIET_MS} ms)`;
    const changes = all.filter(isChangeNotification);
    if (changes.length === 0) {
      t.notApplicable('notifications-tagged', 'no change notification came, so none could be judged');
    } else {
      // Over HTTP each stream's own notifications must name it; over stdio, every change notification must name some subscription.
      const untagged = stdio ? changes.filter((r) => subscriptionIdOf(r) === undefined) : listens.flatMap((l) => changes.filter((r) => l.owns(r) && subscriptionIdOf(r) !== l.id));
      t.check('notifications-tagged', that(untagged.length === 0, `every change notification on a listen stream carrying that stream's id in _meta ${how}`, untagged.map((r) => r.frame.raw), untagged.map((r) => r.frame.seq)));
    }
    if (caused === 0) return t.notApplicable('only-opted-in', 'no trigger fixture changed anything, so nothing could have strayed');
    const stray = listens.flatMap((l) => changes.filter((r) => l.owns(r) && !optedIn(l.filter, r)).map((r) => ({ subscription: l.id, filter: l.filter, got: r })));
    t.check(
      'only-opted-in',
      that(stray.length === 0, `no listen stream carrying a change its filter did not ask for ${how}`, stray.map((s) => ({ subscription: s.subscription, filter: s.filter, notification: s.got.frame.raw })), stray.map((s) => s.got.frame.seq)),
    );
  },
});
