import type { TransportKind } from '../transports/types.js';
import type { FrameViolation } from '../wire/session.js';
import type { ServerConnection } from './connection.js';
import type { Assertion } from './scenario.js';

/** Checks the engine adds to every scenario, from what the session layer observed on the wire. */
export interface AutoCheck {
  id: string;
  requirement: string;
  assertion: Assertion | undefined;
}

const SHOWN = 5;

function describe(violations: FrameViolation[]): unknown {
  return violations.slice(0, SHOWN).map((v) => ({
    frame: v.raw.length > 400 ? `${v.raw.slice(0, 400)}…` : v.raw,
    issues: v.issues.slice(0, 8).map((i) => `${i.definition}${i.path}: ${i.message}`),
  }));
}

function more(violations: FrameViolation[]): string {
  return violations.length > SHOWN ? ` (first ${SHOWN} shown)` : '';
}

/**
 * Every frame the target sent must match the revision's schema; over stdio, stdout must carry
 * nothing but MCP messages, and a message must never span lines.
 */
export function automaticChecks(connections: ServerConnection[], transport: TransportKind): AutoCheck[] {
  const violations = connections.flatMap((c) => c.rpc.violations);
  // Past a cap the session counts violations instead of keeping them; say so rather than undercount.
  const capped = connections.some((c) => c.rpc.violationCount > c.rpc.violations.length) ? 'at least ' : '';
  const schema = violations.filter((v) => v.kind === 'schema' || (transport !== 'stdio' && v.kind === 'not-json'));
  const checks: AutoCheck[] = [
    {
      id: 'frames-schema-valid',
      requirement: 'schema/sender-messages-match-schema',
      assertion: {
        ok: schema.length === 0,
        expected: 'every frame from the target is valid against the revision schema',
        actual: schema.length ? describe(schema) : undefined,
        message: schema.length ? `${capped}${schema.length} frame(s) break the schema${more(schema)}` : undefined,
        frames: schema.map((v) => v.seq),
      },
    },
  ];
  if (transport === 'stdio') {
    const noise = violations.filter((v) => v.kind === 'not-json');
    checks.push({
      id: 'stdout-only-mcp-messages',
      requirement: 'stdio/server-stdout-only-messages',
      assertion: {
        ok: noise.length === 0,
        expected: 'stdout carries only JSON-RPC messages, one per line',
        actual: noise.length ? noise.slice(0, SHOWN).map((v) => v.raw.slice(0, 200)) : undefined,
        message: noise.length ? `${capped}${noise.length} line(s) on stdout are not MCP messages${more(noise)}` : undefined,
        frames: noise.map((v) => v.seq),
      },
    });
  }
  return checks;
}
