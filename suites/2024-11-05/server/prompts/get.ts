import { describeStop, isJsonObject, objectsIn, paginate, resultOf, scenario, that, type JsonObject } from '#api';

/** Prompts retrieved at most. */
const MAX_GETS = 5;

/** A prompt needs arguments when one of them is marked required. */
const needsArguments = (prompt: JsonObject): boolean =>
  Array.isArray(prompt.arguments) && objectsIn(prompt.arguments).some((a) => a.required === true);

export default scenario({
  title: 'Listed prompts can be retrieved, with complete embedded resources',
  role: 'server',
  session: 'shared',
  requires: { capabilities: ['prompts'] },
  checks: {
    'listed-prompts-served': 'prompts/server-serves-listed-prompts',
    'embedded-resource-has-mime-type': 'prompts/server-embedded-resource-mime-type',
  },
  async run(t) {
    const connection = await t.ready();
    const listed = await paginate(connection, 'prompts/list', 'prompts');
    if (listed.stopped) t.note(`prompts/list: ${describeStop(listed.stopped)}`);
    const picked = objectsIn(listed.items)
      .filter((p) => typeof p.name === 'string' && !needsArguments(p))
      .slice(0, MAX_GETS);
    if (picked.length === 0) {
      return listed.stopped ? t.blocked(`prompts/list: ${describeStop(listed.stopped)}`) : t.skip('the server lists no prompt that needs no arguments');
    }

    const refused: unknown[] = [];
    const messages: { prompt: string; content: unknown; seq: number }[] = [];
    for (const prompt of picked) {
      const reply = await connection.request('prompts/get', { name: prompt.name as string });
      const got = resultOf(reply)?.messages;
      if (reply.kind !== 'result' || !Array.isArray(got)) {
        refused.push({ name: prompt.name, reply: reply.kind === 'error' ? reply.error : reply.kind === 'result' ? reply.result : reply.kind });
        continue;
      }
      for (const message of objectsIn(got)) messages.push({ prompt: prompt.name as string, content: message.content, seq: reply.seq });
    }
    t.check('listed-prompts-served', that(refused.length === 0, `prompts/get answers each listed prompt that needs no arguments with its messages`, refused));

    const embedded = messages.filter((m) => isJsonObject(m.content) && m.content.type === 'resource' && isJsonObject(m.content.resource));
    if (embedded.length === 0) return t.notApplicable('embedded-resource-has-mime-type', 'no message retrieved embeds a resource');
    const untyped = embedded.filter((m) => {
      const resource = (m.content as JsonObject).resource as JsonObject;
      return typeof resource.mimeType !== 'string' || resource.mimeType === '';
    });
    t.check(
      'embedded-resource-has-mime-type',
      that(untyped.length === 0, 'every embedded resource names its MIME type', untyped.map((m) => ({ prompt: m.prompt, content: m.content })), untyped.map((m) => m.seq)),
    );
  },
});
