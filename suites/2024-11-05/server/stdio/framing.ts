import { initialized, scenario, that } from '../../../../runner/api/index.js';

const NO_NEWLINES = 'stdio/messages-no-embedded-newlines';

export default scenario({
  title: 'stdio messages are single lines',
  role: 'server',
  // 2026-07-28 drops the initialize handshake this scenario is built on.
  until: '2026-07-28',
  transports: ['stdio'],
  async run(t) {
    const connection = await initialized(t, [['messages-single-line', NO_NEWLINES]]);
    if (!connection) return;
    // Give the server a few kinds of answer to write: an empty result, lists, an error.
    await connection.request('ping');
    for (const method of ['tools/list', 'resources/list', 'prompts/list']) {
      if (connection.serverCapabilities[method.split('/')[0]!] !== undefined) await connection.request(method);
    }
    await connection.request('conformance/no-such-method');

    // A message split across lines shows up as consecutive non-JSON lines that parse once joined.
    const lines = connection.rpc.violations.filter((v) => v.kind === 'not-json');
    const joined = lines.map((l) => l.raw).join('\n');
    const split = lines.length > 1 && parsesAsJsonSequence(joined);
    t.check(
      'messages-single-line',
      NO_NEWLINES,
      that(!split, 'each message on exactly one line', split ? joined.slice(0, 600) : undefined, lines.map((l) => l.seq)),
    );
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
