/**
 * How far apart two strings are, for "did you mean ...?" hints: the optimal string alignment distance
 * (insertions, deletions, substitutions and swaps of two neighbours each cost 1), since swapped letters
 * are the most common typo and plain Levenshtein charges them 2.
 *
 * With `freeStart` / `freeEnd`, `text` may have any prefix / suffix that `pattern` does not mention for free:
 * the distance of `pattern` to the closest substring of `text`, as a glob `*pattern*` would read it.
 */
export function editDistance(pattern: string, text: string, opts: { freeStart?: boolean; freeEnd?: boolean } = {}): number {
  const a = Array.from(pattern);
  const b = Array.from(text);
  // rows[i][j]: distance of a[0..i) to b[0..j) (to any suffix of b[0..j) when the start is free).
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => (opts.freeStart ? 0 : j))];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  const last = rows[a.length]!;
  return opts.freeEnd ? Math.min(...last) : last[b.length]!;
}
