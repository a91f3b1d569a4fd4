import { scenario, that } from '#api';

export default scenario({
  title: 'Messages on stdio are single lines',
  role: 'server',
  session: 'shared',
  transports: ['stdio'],
  checks: {
    'messages-single-line': 'stdio/messages-no-embedded-newlines',
  },
  async run(t) {
    const connection = await t.ready();
    // Give the server a few kinds of answer to write: an empty or small result, lists, an error.
    await connection.liveness();
    for (const method of ['tools/list', 'resources/list', 'prompts/list']) {
      if (connection.serverCapabilities[method.split('/')[0]!] !== undefined) await connection.request(method);
    }
    await connection.request('conformance/no-such-method');

    // A message split across lines shows up as consecutive non-JSON lines that parse once joined.
    const lines = connection.noise();
    const joined = lines.map((l) => l.raw).join('\n');
    const split = lines.length > 1 && parsesAsJsonSequence(joined);
    t.check('messages-single-line', that(!split, 'each message on exactly one line', split ? joined.slice(0, 600) : undefined, lines.map((l) => l.seq)));
  },
});

/** True when the text holds at least one JSON object spread over several lines. */
function parsesAsJsonSequence(text: string): boolean {
  const start = text.indexOf('{');
  if (start === -1) return false;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      const candidate = text.slice(start, i + 1);
      try {
        JSON.parse(candidate);
        return candidate.includes('\n');
      } catch {
        return false;
      }
    }
  }
  return false;
}
