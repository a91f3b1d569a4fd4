import { callableTools, compileJsonSchema, isJsonObject, listTools, SAMPLE_CALL_BUDGET_MS, sampleToolCall, scenario, schemaProblem, structuredAsText, that } from '#api';

export default scenario({
  title: 'Tools with an outputSchema return matching structuredContent, also as text',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'structured-content-matches': 'tools/server-structured-content-matches-output-schema',
    'structured-content-as-text': 'tools/server-structured-content-also-text',
  },
  async run(t) {
    const connection = await t.ready();
    const { tools } = await listTools(t, connection);
    const declaring = tools.filter((tool) => isJsonObject(tool.outputSchema) && schemaProblem(tool.outputSchema) === undefined);
    const calls = callableTools(declaring, t.policy);
    if (calls.length === 0) return t.skip('no callable tool declares a usable outputSchema (read-only tools without required arguments, or consent)');
    const mismatches: unknown[] = [];
    const notAsText: string[] = [];
    const frames: number[] = [];
    let judged = 0;
    let structured = 0;
    for (const call of calls) {
      t.note(`calling ${call.name} (${call.consent}) with ${JSON.stringify(call.arguments)}`);
      const { reply, cancelled } = await sampleToolCall(connection, call, Math.min(t.timeoutMs, SAMPLE_CALL_BUDGET_MS));
      if (cancelled) t.note(cancelled);
      // A tool execution error is no structured result; the outputSchema binds successful ones.
      if (reply.kind !== 'result' || reply.result.isError === true) continue;
      judged++;
      frames.push(reply.seq);
      const compiled = compileJsonSchema(call.tool.outputSchema);
      const issues = reply.result.structuredContent === undefined ? ['no structuredContent'] : compiled.ok ? compiled.validate(reply.result.structuredContent) : [];
      if (issues.length) mismatches.push({ tool: call.name, issues });
      if (reply.result.structuredContent === undefined) continue;
      structured++;
      if (!structuredAsText(reply.result)) notAsText.push(call.name);
    }
    if (judged === 0) return t.skip('no call returned a successful result to judge');
    t.check('structured-content-matches', that(mismatches.length === 0, `each of ${judged} successful results carries structuredContent valid against the tool's outputSchema`, mismatches.length ? mismatches : undefined, frames));
    if (structured === 0) return t.notApplicable('structured-content-as-text', 'no result carried structuredContent');
    t.check('structured-content-as-text', that(notAsText.length === 0, 'each structuredContent also comes serialized in a text content block', notAsText.length ? notAsText : undefined, frames));
  },
});
