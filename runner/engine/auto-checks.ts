import type { RequirementId } from '../../requirements/ids.js';
import type { TransportKind } from '../transports/types.js';
import type { FrameViolation, RpcSession } from '../wire/session.js';
import type { Assertion, Role } from './scenario.js';

/** A check the engine makes in every scenario, from what the session layer observed on the wire. */
export interface AutoCheckDeclaration {
  id: string;
  requirement: RequirementId;
  roles: readonly Role[];
  /** Transports where it applies; all when absent. */
  transports?: readonly TransportKind[];
}

/** The automatic checks, as data: `list`, the catalogue self-test and the defect map read this. */
export const AUTO_CHECKS: readonly AutoCheckDeclaration[] = [
  { id: 'frames-schema-valid', requirement: 'schema/sender-messages-match-schema', roles: ['server'] },
  { id: 'stdout-only-mcp-messages', requirement: 'stdio/server-stdout-only-messages', roles: ['server'], transports: ['stdio'] },
];

/** The automatic checks of a scenario of `role` over `transport`. */
export function autoChecksFor(role: Role, transport: TransportKind): AutoCheckDeclaration[] {
  return AUTO_CHECKS.filter((c) => c.roles.includes(role) && (!c.transports || c.transports.includes(transport)));
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
export function evaluateAutoChecks(sessions: readonly RpcSession[], transport: TransportKind): Map<string, Assertion> {
  const violations = sessions.flatMap((s) => s.violations);
  // Past a cap the session counts violations instead of keeping them; say so rather than undercount.
  const capped = sessions.some((s) => s.violationCount > s.violations.length) ? 'at least ' : '';
  const schema = violations.filter((v) => v.kind === 'schema' || (transport !== 'stdio' && v.kind === 'not-json'));
  const noise = violations.filter((v) => v.kind === 'not-json');
  return new Map<string, Assertion>([
    [
      'frames-schema-valid',
      {
        ok: schema.length === 0,
        expected: 'every frame from the target is valid against the revision schema',
        actual: schema.length ? describe(schema) : undefined,
        message: schema.length ? `${capped}${schema.length} frame(s) break the schema${more(schema)}` : undefined,
        frames: schema.map((v) => v.seq),
      },
    ],
    [
      'stdout-only-mcp-messages',
      {
        ok: noise.length === 0,
        expected: 'stdout carries only JSON-RPC messages, one per line',
        actual: noise.length ? noise.slice(0, SHOWN).map((v) => v.raw.slice(0, 200)) : undefined,
        message: noise.length ? `${capped}${noise.length} line(s) on stdout are not MCP messages${more(noise)}` : undefined,
        frames: noise.map((v) => v.seq),
      },
    ],
  ]);
}
