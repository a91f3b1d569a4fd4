/**
 * Which scenarios run at which revision. A scenario of revision folder `since` runs at revision V
 * when since <= V < until; `--scenario` filters narrow that by path.
 */
import { inRange, type Revision } from '../revisions.js';
import type { LoadedScenario, Role } from './scenario.js';

export interface PlannedScenario {
  scenario: LoadedScenario;
  revision: Revision;
}

/**
 * Whether a `--scenario` filter selects a scenario id. The filter is matched by path segments: its
 * segments must equal consecutive segments of the id, each segment a glob where `*` stands for any
 * run of characters within the segment. So `http` selects every scenario in an `http` folder,
 * `base/ping` the ping scenario (and not `base/ping-extra`), `2025-03-26/server` a whole revision
 * folder, and `*version*` anything with "version" in one segment.
 */
export function matchesFilter(id: string, filter: string): boolean {
  const want = filter.split('/').filter(Boolean).map(segmentPattern);
  const have = id.split('/');
  if (want.length === 0) return false;
  for (let start = 0; start + want.length <= have.length; start++) {
    if (want.every((pattern, i) => pattern.test(have[start + i]!))) return true;
  }
  return false;
}

function segmentPattern(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The scenarios of `role` that run at `revision` and pass the filters (all, when there are none). */
function planRevision(all: readonly LoadedScenario[], role: Role, revision: Revision, filters: readonly string[] = []): LoadedScenario[] {
  return all.filter((s) => s.role === role && inRange(revision, s.since, s.until) && (filters.length === 0 || filters.some((f) => matchesFilter(s.id, f))));
}

/** The plan of a run: every revision's scenarios, revision by revision. */
export function planRun(all: readonly LoadedScenario[], role: Role, revisions: readonly Revision[], filters: readonly string[] = []): PlannedScenario[] {
  return revisions.flatMap((revision) => planRevision(all, role, revision, filters).map((scenario) => ({ scenario, revision })));
}
