import {
  base64HeaderValue,
  errorCodeIn,
  exchangeEvidence,
  listTools,
  MODERN_ERRORS,
  mirroredCalls,
  mirroredParameters,
  otherHeaderValue,
  paramHeaders,
  refusedWith,
  scenario,
  that,
  withAnswer,
  type HttpExchange,
  type JsonObject,
} from '#api';

const MISMATCH = 'streamable-http/server-rejects-param-header-mismatch';

export default scenario({
  title: 'Mcp-Param headers of x-mcp-header arguments are checked against the body',
  role: 'server',
  transports: ['streamable-http'],
  requires: { capabilities: ['tools'] },
  checks: {
    'param-header-mismatch-400': MISMATCH,
    'param-header-missing-400': MISMATCH,
    'encoded-param-accepted': 'streamable-http/server-decodes-encoded-param-headers',
    'invalid-characters-400': 'streamable-http/server-rejects-invalid-param-header-characters',
    'absent-argument-no-header': 'streamable-http/server-no-param-header-for-absent-argument',
    'integer-compared-numerically': 'streamable-http/server-compares-integer-params-numerically',
  },
  async run(t) {
    const connection = await t.ready();
    const http = connection.http!;
    const { tools } = await listTools(t, connection);
    const marking = tools.filter((tool) => mirroredParameters(tool.inputSchema).length > 0);
    if (marking.length === 0) return t.skip('no listed tool marks a parameter x-mcp-header');
    const call = mirroredCalls(tools, t.policy)[0];
    if (!call) return t.skip(`the harness may not call ${marking.map((tool) => String(tool.name)).join(', ')} (consent: --call-tools, --tool-args or the fixtures profile), or cannot give a mirrored argument a value`);
    t.note(`calling ${call.name} with ${JSON.stringify(call.arguments)}`);

    let n = 0;
    const post = async (args: JsonObject, headers: Record<string, string | null>): Promise<HttpExchange> =>
      withAnswer(await http.probe('POST', { body: connection.requestBody(`param-headers-${++n}`, 'tools/call', { name: call.name, arguments: args }), headers }), t.timeoutMs);
    const accepted = (exchange: HttpExchange, what: string) =>
      that(exchange.status === 200 && errorCodeIn(exchange) !== MODERN_ERRORS.headerMismatch, `HTTP 200 and no HeaderMismatch for ${what}`, exchangeEvidence(exchange), [exchange.seq]);
    const all = paramHeaders(call.mirrored);

    // The control: every mirrored argument with its header, as a client sends them.
    const control = await post(call.arguments, all);
    if (!accepted(control, 'the control call').ok) return t.blocked(`the call with every Mcp-Param header matching its argument was refused (${exchangeEvidence(control)}), so refusals of wrong ones would show nothing`);

    // Strings are the likeliest to need the base64 form; any mirrored argument will do.
    const target = call.mirrored.find((m) => typeof m.value === 'string') ?? call.mirrored[0]!;
    const mismatch = await post(call.arguments, { ...all, [target.header]: otherHeaderValue(target.value) });
    t.check('param-header-mismatch-400', refusedWith(mismatch, 400, [MODERN_ERRORS.headerMismatch], `${target.header} disagreeing with arguments.${target.property}`));
    const missing = await post(call.arguments, { ...all, [target.header]: null });
    t.check('param-header-missing-400', refusedWith(missing, 400, [MODERN_ERRORS.headerMismatch], `no ${target.header} while arguments.${target.property} has a value`));
    const encoded = await post(call.arguments, { ...all, [target.header]: base64HeaderValue(String(target.value)) });
    t.check('encoded-param-accepted', accepted(encoded, `${target.header} in base64 form, equal to arguments.${target.property} once decoded`));

    // The argument and its header agree (é, its UTF-8 bytes in the header), but those bytes lie outside
    // visible ASCII, which only the base64 form may carry: the request must be refused. (A server that
    // reads header bytes as Latin-1 sees a mismatch instead, and refuses it just the same.)
    const textual = call.mirrored.find((m) => typeof m.value === 'string' && !m.property.includes('.'));
    if (!textual) t.notApplicable('invalid-characters-400', `no top-level mirrored argument of ${call.name} is a string`);
    else {
      const accented = `${String(textual.value)}\u00e9`;
      const raw = await post({ ...call.arguments, [textual.property]: accented }, { ...all, [textual.header]: accented });
      t.check('invalid-characters-400', refusedWith(raw, 400, [MODERN_ERRORS.headerMismatch], `${textual.header} equal to arguments.${textual.property} but holding a byte outside visible ASCII, unencoded`));
    }

    const optional = call.mirrored.find((m) => m.optional);
    if (!optional) t.notApplicable('absent-argument-no-header', `every mirrored argument of ${call.name} is required`);
    else {
      const { [optional.property]: _left, ...args } = call.arguments;
      const absent = await post(args, { ...all, [optional.header]: null });
      t.check('absent-argument-no-header', accepted(absent, `a call without arguments.${optional.property} and without ${optional.header}`));
    }

    const integer = call.mirrored.find((m) => typeof m.value === 'number');
    if (!integer) return t.notApplicable('integer-compared-numerically', `no mirrored argument of ${call.name} is an integer`);
    const decimal = await post(call.arguments, { ...all, [integer.header]: `${String(integer.value)}.0` });
    t.check('integer-compared-numerically', accepted(decimal, `${integer.header}: ${String(integer.value)}.0 for arguments.${integer.property} = ${String(integer.value)}`));
  },
});
