/**
 * Small text helpers shared by the human-readable reporters. Everything a target sends is untrusted: it is
 * escaped here before it can reach a terminal (no injected ANSI sequences, no fake summary lines).
 */

/** C0/C1 controls (except newline), DEL, and the bidirectional overrides that can disguise text. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Escapes control characters as `\uXXXX`; keeps newlines (callers indent or flatten them). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (ch) => (ch === '\t' ? ' ' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** One safe line: controls escaped, line breaks shown as `⏎`. */
export function oneLine(text: string): string {
  return escapeControls(text.replace(/\r?\n/g, ' ⏎ '));
}

/** Cuts text to at most `max` code points, marking the cut with `…`; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text.slice(0, max * 2 + 2));
  if (points.length <= max) return points.join('');
  return points.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** Like {@link truncate} but keeps the end, which is the informative part of a path. */
export function truncateStart(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return '…' + points.slice(points.length - Math.max(0, max - 1)).join('');
}

/** Compact JSON of a value that should be JSON-compatible, never throwing (cycles, BigInt, functions). */
export function compactJson(value: unknown): string {
  try {
    const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return json ?? String(value);
  } catch {
    return String(value);
  }
}

/** Pads to a column width measured in code points (ids and requirement ids are ASCII in practice). */
export function padEnd(text: string, width: number): string {
  const length = Array.from(text).length;
  return length >= width ? text : text + ' '.repeat(width - length);
}

/** `1234` → `1.2 s`, `87` → `87 ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Width in code points (what the console measures columns in; ids and requirement ids are ASCII in practice). */
export function width(text: string): number {
  return Array.from(text).length;
}

/**
 * Word-wraps one line of text to `max` code points per line. A word longer than a line (a URL, a long id) is
 * kept whole on a line of its own rather than broken.
 */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    if (line && width(line) + 1 + width(word) > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}

/** `a, b, c`, or the first `max` and `… and N more` when the list is longer. */
export function listFew(items: readonly string[], max: number): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')}, … and ${items.length - max} more`;
}

/** `1 scenario`, `2 scenarios`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
