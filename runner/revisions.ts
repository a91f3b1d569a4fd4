/**
 * The protocol revisions this tool knows, and what each one's wire is. This module is the one place
 * that knows which revisions are stateful, how a connection becomes ready, whether batches exist,
 * which HTTP headers apply and how the schema is spelled; everything else asks it.
 *
 * A revision's suite is frozen once it ships; `draft` tracks the unreleased specification.
 */

/** Oldest first; `draft` sorts after every dated revision. */
export const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28', 'draft'] as const;

export type Revision = (typeof REVISIONS)[number];

/**
 * How a connection to a server becomes ready for ordinary requests:
 * - `initialize`: the handshake (initialize request, result, notifications/initialized), once per
 *   connection; the negotiated version then governs the session.
 * - `per-request-meta`: no handshake; every request carries the protocol version and the client's
 *   capabilities in `_meta`, and `server/discover` tells what the server supports.
 */
export type Bootstrap = 'initialize' | 'per-request-meta';

/** What one revision's wire looks like, as far as the harness needs to know. */
export interface RevisionDescriptor {
  readonly revision: Revision;
  /**
   * The protocol version string on the wire (initialize's protocolVersion, the per-request
   * `_meta` version, the MCP-Protocol-Version header). `draft` tracks the unreleased text, which
   * today names its version 2026-07-28, like the dated revision it is byte-identical to.
   */
  readonly wireVersion: string;
  /** Stateful revisions keep a session (per process over stdio, per Mcp-Session-Id over HTTP). */
  readonly stateful: boolean;
  readonly bootstrap: Bootstrap;
  /** JSON-RPC batches (arrays of messages) are part of the protocol (2025-03-26 only). */
  readonly batches: boolean;
  /** An error response may omit its id (for input whose id cannot be read). */
  readonly idlessErrors: boolean;
  /**
   * The cheapest request every server must answer at this revision, for "is it still serving?"
   * probes: `ping` while it exists, `server/discover` after.
   */
  readonly liveness: { readonly method: string };
  readonly http: {
    /** Servers may assign an Mcp-Session-Id, which clients then send back. */
    readonly sessions: boolean;
    /** Clients send MCP-Protocol-Version on every request after negotiation. */
    readonly protocolVersionHeader: boolean;
    /** GET on the endpoint may open a stream of server-initiated messages. */
    readonly getStream: boolean;
  };
  readonly schema: {
    readonly dialect: 'draft-07' | '2020-12';
    /** Where definitions live in schema.json. */
    readonly definitions: 'definitions' | '$defs';
    /** Names of the envelope definitions, which changed in 2025-11-25. */
    readonly envelope: { readonly result: string; readonly error: string };
    /** Results may be `InputRequiredResult`, told apart by `resultType: "input_required"`. */
    readonly inputRequired: boolean;
  };
}

const DRAFT_07 = { dialect: 'draft-07', definitions: 'definitions', envelope: { result: 'JSONRPCResponse', error: 'JSONRPCError' }, inputRequired: false } as const;
const SCHEMA_2020 = { dialect: '2020-12', definitions: '$defs', envelope: { result: 'JSONRPCResultResponse', error: 'JSONRPCErrorResponse' } } as const;

function stateful(revision: Revision, fields: { batches?: boolean; protocolVersionHeader: boolean; schema: RevisionDescriptor['schema']; idlessErrors: boolean }): RevisionDescriptor {
  return {
    revision,
    wireVersion: revision,
    stateful: true,
    bootstrap: 'initialize',
    batches: fields.batches ?? false,
    idlessErrors: fields.idlessErrors,
    liveness: { method: 'ping' },
    // 2024-11-05 has no Streamable HTTP; the flags describe the transport the revision defines.
    http: { sessions: revision !== '2024-11-05', protocolVersionHeader: fields.protocolVersionHeader, getStream: revision !== '2024-11-05' },
    schema: fields.schema,
  };
}

function stateless(revision: Revision, wireVersion: string): RevisionDescriptor {
  return {
    revision,
    wireVersion,
    stateful: false,
    bootstrap: 'per-request-meta',
    batches: false,
    idlessErrors: true,
    liveness: { method: 'server/discover' },
    http: { sessions: false, protocolVersionHeader: true, getStream: false },
    schema: { ...SCHEMA_2020, inputRequired: true },
  };
}

/** Every revision's descriptor. A unit test checks each against the revision's vendored schema. */
export const DESCRIPTORS: Readonly<Record<Revision, RevisionDescriptor>> = {
  '2024-11-05': stateful('2024-11-05', { protocolVersionHeader: false, schema: DRAFT_07, idlessErrors: false }),
  '2025-03-26': stateful('2025-03-26', { batches: true, protocolVersionHeader: false, schema: DRAFT_07, idlessErrors: false }),
  '2025-06-18': stateful('2025-06-18', { protocolVersionHeader: true, schema: DRAFT_07, idlessErrors: false }),
  '2025-11-25': stateful('2025-11-25', { protocolVersionHeader: true, schema: { ...SCHEMA_2020, inputRequired: false }, idlessErrors: true }),
  '2026-07-28': stateless('2026-07-28', '2026-07-28'),
  draft: stateless('draft', '2026-07-28'),
};

export function describeRevision(revision: Revision): RevisionDescriptor {
  return DESCRIPTORS[revision];
}

export function isRevision(value: string): value is Revision {
  return (REVISIONS as readonly string[]).includes(value);
}

/**
 * What `--spec-version` asks for: `auto` (the newest dated revision the target supports), `all` (every one it
 * supports), or the revisions named: one, or several (`2025-11-25,2026-07-28`), run in catalogue order.
 */
export type RevisionChoice = 'auto' | 'all' | Revision | readonly Revision[];

/** `--spec-version` as written: auto, all, or revisions separated by commas; undefined when it is none of these. */
export function parseRevisionChoice(value: string): RevisionChoice | undefined {
  if (value === 'auto' || value === 'all' || isRevision(value)) return value;
  const named = value.split(',').map((part) => part.trim());
  if (!named.every(isRevision) || new Set(named).size !== named.length) return undefined;
  return REVISIONS.filter((r) => named.includes(r));
}

/** The revisions a choice names, or undefined for auto and all. */
export function namedRevisions(choice: RevisionChoice): readonly Revision[] | undefined {
  if (choice === 'auto' || choice === 'all') return undefined;
  return typeof choice === 'string' ? [choice] : REVISIONS.filter((r) => choice.includes(r));
}

/** The protocol version string a revision is spelled as on the wire. */
export function wireVersionOf(revision: Revision): string {
  return DESCRIPTORS[revision].wireVersion;
}

/** Orders revisions by date; `draft` sorts after every dated revision. */
export function compareRevisions(a: Revision, b: Revision): number {
  return REVISIONS.indexOf(a) - REVISIONS.indexOf(b);
}

/** True when `revision` lies in the half-open range [since, until). */
export function inRange(revision: Revision, since: Revision, until?: Revision): boolean {
  return compareRevisions(revision, since) >= 0 && (until === undefined || compareRevisions(revision, until) < 0);
}

/** Base address of a revision's specification pages; requirement anchors hang off it. */
export function specUrl(revision: Revision, page: string, anchor?: string): string {
  const base = `https://modelcontextprotocol.io/specification/${revision}/${page}`;
  return anchor ? `${base}#${anchor}` : base;
}
