/**
 * Which scenarios run at which revision. A scenario of revision folder `since` runs at revision V
 * when since <= V < until; `--scenario` filters narrow that by path. A filter that selects nothing
 * to run is a usage error, never a run of zero scenarios that passes.
 */
import { inRange, type Revision } from '../revisions.js';
import { editDistance } from '../util/distance.js';
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

/** A `--scenario` filter that selects nothing to run: a usage error (exit code 2), never a silent pass. */
export class FilterError extends Error {
  override readonly name = 'FilterError';
}

const LIST_HINT = '`mcp-conformance list scenarios` shows them all';
const MAX_SUGGESTIONS = 5;

/**
 * The filters that match no scenario of `role` at any revision, most likely typos, as one line: each
 * such filter with its close matches (see {@link closeMatches}). Undefined when every filter matches.
 */
export function unmatchedFilters(all: readonly LoadedScenario[], role: Role, filters: readonly string[]): string | undefined {
  const ids = all.filter((s) => s.role === role).map((s) => s.id);
  const problems = filters
    .filter((filter) => !ids.some((id) => matchesFilter(id, filter)))
    .map((filter) => {
      const close = closeMatches(ids, filter);
      return `--scenario ${JSON.stringify(filter)} matches no ${role} scenario${close.length ? `; did you mean ${close.join(', ')}?` : ''}`;
    });
  return problems.length ? `${problems.join('; ')} (${LIST_HINT})` : undefined;
}

/**
 * The filters whose scenarios all run outside the chosen revisions (`--scenario base/batch` at 2025-11-25:
 * batches exist only in 2025-03-26), as one line naming the revisions among `runnable` where they do run.
 * Undefined when every filter selects something at `revisions` (filters matching nothing at all are
 * {@link unmatchedFilters}' to report).
 */
export function filtersOutOfRange(
  all: readonly LoadedScenario[],
  role: Role,
  revisions: readonly Revision[],
  filters: readonly string[],
  runnable: readonly Revision[],
): string | undefined {
  const runsAt = (s: LoadedScenario, revision: Revision): boolean => inRange(revision, s.since, s.until);
  const problems = filters.flatMap((filter) => {
    const selected = all.filter((s) => s.role === role && matchesFilter(s.id, filter));
    if (selected.length === 0 || selected.some((s) => revisions.some((r) => runsAt(s, r)))) return [];
    const where = runnable.filter((r) => selected.some((s) => runsAt(s, r)));
    const elsewhere = where.length ? `its scenarios run at ${where.join(', ')} (choose one with --spec-version, or all)` : 'its scenarios run at no revision this version can run yet';
    return [`--scenario ${JSON.stringify(filter)} selects no scenario at ${revisions.join(', ')}: ${elsewhere}`];
  });
  return problems.length ? problems.join('; ') : undefined;
}

/**
 * The filters, when they leave only scenarios this target cannot run (`reasons`: why each planned
 * scenario does not apply, undefined where it does), as one line: another transport's scenarios, or
 * ones needing a capability it does not declare, would test nothing and pass. Undefined otherwise.
 */
export function filtersInapplicable(filters: readonly string[], reasons: readonly (string | undefined)[]): string | undefined {
  if (filters.length === 0 || reasons.length === 0 || reasons.some((r) => r === undefined)) return undefined;
  return `--scenario ${filters.join(' ')} selects only scenarios that do not apply to this target (${[...new Set(reasons)].join('; ')})`;
}

/**
 * What a filter that matches nothing was probably meant to be: the runs of consecutive id segments, as many
 * as the filter has, closest to it by edit distance, segment by segment (a `*` at either end of a filter
 * segment lets it match inside the id segment, as the glob would). Each segment may be off by a quarter of
 * its length (at least one edit), so that a filter with no near neighbour gets no suggestion at all rather
 * than a random one. Closest first (summed over the segments), at most five.
 */
export function closeMatches(ids: readonly string[], filter: string): string[] {
  const want = filter.split('/').filter(Boolean);
  const limits = want.map((glob) => Math.max(1, Math.floor(glob.replace(/\*/g, '').length / 4)));
  const best = new Map<string, number>();
  for (const id of ids) {
    const have = id.split('/');
    for (let start = 0; start + want.length <= have.length && want.length > 0; start++) {
      const window = have.slice(start, start + want.length);
      const distances = want.map((glob, i) => segmentDistance(glob, window[i]!));
      if (distances.some((d, i) => d > limits[i]!)) continue;
      const distance = distances.reduce((sum, d) => sum + d, 0);
      const text = window.join('/');
      if (distance < (best.get(text) ?? Infinity)) best.set(text, distance);
    }
  }
  return [...best]
    .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
    .slice(0, MAX_SUGGESTIONS)
    .map(([text]) => text);
}

function segmentDistance(glob: string, segment: string): number {
  return editDistance(glob.replace(/\*/g, ''), segment, { freeStart: glob.startsWith('*'), freeEnd: glob.endsWith('*') });
}
