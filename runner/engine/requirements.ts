import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Keyword } from '../../reports/types.js';
import { packageRoot } from '../paths.js';
import type { Revision } from '../revisions.js';

/** One row of a revision's requirement catalogue (requirements/<revision>.json, generated). */
export interface Requirement {
  id: string;
  keyword: Keyword;
  /**
   * The text states the behaviour as normative prose without an RFC 2119 keyword; graded SHOULD
   * (see requirements/README.md: "Grading").
   */
  prose?: true;
  role: 'server' | 'client' | 'both';
  url: string;
  summary: string;
  /** Why no check enforces this row (unobservable, or it binds a role not tested yet): a coverage note. */
  unchecked?: string;
}

const cache = new Map<Revision, Map<string, Requirement>>();

/** The requirement catalogue of one revision, keyed by id. */
export function requirementsOf(revision: Revision): Map<string, Requirement> {
  let rows = cache.get(revision);
  if (!rows) {
    const file = join(packageRoot, 'requirements', `${revision}.json`);
    const data = JSON.parse(readFileSync(file, 'utf8')) as { requirements: Requirement[] };
    rows = new Map(data.requirements.map((r) => [r.id, r]));
    cache.set(revision, rows);
  }
  return rows;
}

/** Looks up a requirement; undefined when the revision's catalogue has no such id. */
export function findRequirement(revision: Revision, id: string): Requirement | undefined {
  return requirementsOf(revision).get(id);
}

/** The requirements a target of `role` is held to at `revision`: its own and those of both roles. */
export function catalogueFor(revision: Revision, role: 'server' | 'client'): Requirement[] {
  return [...requirementsOf(revision).values()].filter((r) => r.role === role || r.role === 'both');
}
