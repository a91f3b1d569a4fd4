import { callableTools, invalidArguments, listTools, SAMPLE_CALL_BUDGET_MS, sampleToolCall, scenario, that } from '#api';

export default scenario({
  title: 'Tools the harness may call return valid results and report invalid arguments',
  role: 'server',
  requires: { capabilities: ['tools'] },
  checks: {
    'invalid-arguments-reported': 'tools/server-reports-invalid-arguments',
  },
  async run(t) {
    const connection = await t.ready();
    const { tools } = await listTools(t, connection);
    // Only what the policy allows: read-only tools without required arguments, unless the user consented to more.
    const calls = callableTools(tools, t.policy);
    if (calls.length === 0) return t.skip('no listed tool may be called: none is annotated readOnlyHint without required arguments, and no --call-tools or --tool-args consent');
    // Each result is validated against the revision's schema by the session (frames-schema-valid):
    // content blocks, base64 of image and audio data, mimeType.
    for (const call of calls) {
      t.note(`calling ${call.name} (${call.consent}) with ${JSON.stringify(call.arguments)}`);
      const sampled = await sampleToolCall(connection, call, Math.min(t.timeoutMs, SAMPLE_CALL_BUDGET_MS));
      if (sampled.cancelled) t.note(sampled.cancelled);
    }

    // Invalid arguments go only to tools already called above (read-only, or consented to).
    const probes = calls.flatMap((call) => {
      const bad = call.consent === 'tool-args' ? undefined : invalidArguments(call.tool.inputSchema);
      return bad ? [{ name: call.name, arguments: bad }] : [];
    });
    if (probes.length === 0) return t.notApplicable('invalid-arguments-reported', 'no callable tool has an inputSchema that refuses some arguments');
    const accepted: unknown[] = [];
    const frames: number[] = [];
    for (const probe of probes) {
      const reply = await connection.request('tools/call', probe);
      if (reply.kind === 'result' && reply.result.isError !== true) {
        accepted.push({ call: probe, result: reply.result });
        frames.push(reply.seq);
      }
    }
    t.check(
      'invalid-arguments-reported',
      that(accepted.length === 0, 'arguments that break the inputSchema get a JSON-RPC error or a result with isError: true', accepted.length ? accepted.slice(0, 5) : undefined, frames),
    );
  },
});
