/**
 * The sharding contract, shared by the engine (which runs one slice of a plan) and `report merge` (which puts
 * the slices back together): which shard a planned unit belongs to, and a fingerprint of the whole plan.
 *
 * A unit is one (scenario, revision) pair of the plan, in plan order (revision by revision, then scenario
 * order). Shard i of n takes the units at plan positions i-1, i-1+n, i-1+2n, ... (round-robin). Why
 * round-robin rather than contiguous chunks or a hash of the scenario id:
 * - balanced: every shard gets within one unit of the others, whatever the plan's size (a hash can leave one
 *   shard with most of a small plan, or with nothing);
 * - spread: the plan is grouped by revision and by area, so a slow area (or a whole revision) is shared out
 *   over every shard instead of landing on one, as contiguous chunks would do;
 * - invertible without extra data: from a shard's index and the plan's size, merge knows every unit's
 *   position, so it restores the unsharded order exactly.
 * A hash would keep a unit in the same shard when the plan changes, but that buys nothing: merge only accepts
 * shards of one and the same plan, which {@link planFingerprint} checks.
 *
 * Pure; no I/O. The engine may import it (like summary and rollup).
 */
import { createHash } from 'node:crypto';

/** `--shard i/n`: the i-th of n slices, i counted from 1. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** The shard a unit at `position` (0-based, in plan order) belongs to, 1-based. */
export function shardOfPosition(position: number, count: number): number {
  return (position % count) + 1;
}

/** The units of `plan` that belong to `shard`, in plan order (round-robin; see the module comment). */
export function sliceForShard<T>(plan: readonly T[], shard: ShardSpec): T[] {
  return plan.filter((_, position) => shardOfPosition(position, shard.count) === shard.index);
}

/** How many of a plan's `planned` units belong to shard `index` of `count`. */
export function shardSize(planned: number, shard: ShardSpec): number {
  return planned >= shard.index ? Math.floor((planned - shard.index) / shard.count) + 1 : 0;
}

/**
 * The inverse of {@link sliceForShard}: the slices of shards 1..n (`slices[i]` is shard i+1's, in its plan
 * order) interleaved back into plan order.
 * @throws Error when a slice does not hold exactly the units its shard gets of a plan of their total size.
 */
export function interleaveShards<T>(slices: readonly (readonly T[])[]): T[] {
  const count = slices.length;
  const planned = slices.reduce((sum, slice) => sum + slice.length, 0);
  slices.forEach((slice, i) => {
    const want = shardSize(planned, { index: i + 1, count });
    if (slice.length !== want) throw new Error(`shard ${i + 1}/${count} holds ${slice.length} units; a plan of ${planned} gives it ${want}`);
  });
  return Array.from({ length: planned }, (_, position) => slices[position % count]![Math.floor(position / count)]!);
}

/**
 * A fingerprint of a whole plan (every shard's units together): `sha256:` and the hex digest of its units, one
 * `revision scenario-id` line each, in plan order. Shards of one plan carry the same fingerprint, and the
 * merged scenarios, in order, must reproduce it.
 */
export function planFingerprint(units: Iterable<{ readonly revision: string; readonly id: string }>): string {
  const hash = createHash('sha256');
  for (const unit of units) hash.update(`${unit.revision} ${unit.id}\n`);
  return `sha256:${hash.digest('hex')}`;
}

/** `i/n`, as the command line and messages spell a shard. */
export function shardLabel(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}
