import { isEmptyResult, isJsonObject, isResult, objectsIn, paginate, scenario } from '#api';

const HONOURED = 'lifecycle/server-honours-declared-capabilities';
const CONFIRMED = 'resources/server-confirms-subscription';

export default scenario({
  title: 'A declared resource subscription is confirmed, and so is its end',
  role: 'server',
  // 2026-07-28 replaces resources/subscribe with subscriptions/listen.
  until: '2026-07-28',
  requires: { capabilities: ['resources'] },
  checks: {
    'subscribe-answered': HONOURED,
    'subscribe-empty-result': CONFIRMED,
    'unsubscribe-answered': HONOURED,
    'unsubscribe-empty-result': CONFIRMED,
  },
  async run(t) {
    const connection = await t.ready();
    const resources = connection.serverCapabilities.resources;
    if (!isJsonObject(resources) || resources.subscribe !== true) return t.skip('the server does not declare resources.subscribe');
    const uri = objectsIn((await paginate(connection, 'resources/list', 'resources')).items)[0]?.uri;
    if (typeof uri !== 'string') return t.skip('the server lists no resource to subscribe to');

    const subscribed = await connection.request('resources/subscribe', { uri });
    if (t.check('subscribe-answered', isResult(subscribed, `a result: resources.subscribe is declared and ${uri} is listed`))) {
      t.check('subscribe-empty-result', isEmptyResult(subscribed));
    } else t.notApplicable('subscribe-empty-result', 'resources/subscribe got no result');

    const unsubscribed = await connection.request('resources/unsubscribe', { uri });
    if (t.check('unsubscribe-answered', isResult(unsubscribed, `a result: resources.subscribe is declared and ${uri} was subscribed`))) {
      t.check('unsubscribe-empty-result', isEmptyResult(unsubscribed));
    } else t.notApplicable('unsubscribe-empty-result', 'resources/unsubscribe got no result');
  },
});
