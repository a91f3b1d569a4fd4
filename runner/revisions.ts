/**
 * The protocol revisions this tool knows, oldest first. A revision's suite is frozen once it ships;
 * `draft` tracks the unreleased specification.
 */
export const REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28', 'draft'] as const;

export type Revision = (typeof REVISIONS)[number];

/** Revisions whose sessions begin with the initialize handshake (2026-07-28 is stateless). */
export const STATEFUL_REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] as const satisfies readonly Revision[];

export type StatefulRevision = (typeof STATEFUL_REVISIONS)[number];

export function isRevision(value: string): value is Revision {
  return (REVISIONS as readonly string[]).includes(value);
}

export function isStateful(revision: Revision): revision is StatefulRevision {
  return (STATEFUL_REVISIONS as readonly string[]).includes(revision);
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
