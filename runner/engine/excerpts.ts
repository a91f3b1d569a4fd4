/**
 * Transcript excerpts for the report: a bounded copy of the frames each check cites, so that a report read on
 * its own (the HTML page, `report --from`) shows the evidence a maintainer needs without the transcript files.
 * Only checks that cite frames get one (the recorder keeps frames on failures), so a conformant run's report
 * does not grow; the caps keep a hostile target's megabyte frames in the transcript file, not in report.json.
 */
import type { CheckExcerpt, CheckResult, FrameExcerpt } from '../../reports/types.js';
import { isJsonObject } from '../util/json.js';
import type { TranscriptEntry } from '../util/transcript.js';

/** Characters kept of each frame; the rest is counted in `cut`. */
export const EXCERPT_FRAME_CHARS = 2000;
/** Cited frames kept per check (the first ones); the rest is counted in `omitted`. */
export const EXCERPT_FRAMES = 6;

/**
 * The checks with an {@link CheckExcerpt} added to every one that cites frames.
 * @param entries the scenario's transcript entries (already redacted by the transcript), in order.
 */
export function withExcerpts(checks: readonly CheckResult[], entries: readonly TranscriptEntry[]): CheckResult[] {
  if (!checks.some((check) => check.frames?.length)) return [...checks];
  const bySeq = new Map(entries.map((entry) => [entry.seq, entry]));
  return checks.map((check) => (check.frames?.length ? { ...check, excerpt: excerptOf(check.frames, bySeq, entries) } : check));
}

function excerptOf(frames: readonly number[], bySeq: ReadonlyMap<number, TranscriptEntry>, entries: readonly TranscriptEntry[]): CheckExcerpt {
  const cited = [...new Set(frames)].sort((a, b) => a - b);
  const kept = cited.filter((seq) => bySeq.has(seq)).slice(0, EXCERPT_FRAMES);
  const shown = new Map<number, FrameExcerpt>();
  for (const seq of kept) {
    const entry = bySeq.get(seq)!;
    const request = requestAnswered(entry, entries);
    // The request is context unless the check cites it too; then it is shown once, as cited.
    if (request && !cited.includes(request.seq)) shown.set(request.seq, frameOf(request, true));
    shown.set(seq, frameOf(entry, false));
  }
  const omitted = cited.length - kept.length;
  return { frames: [...shown.values()].sort((a, b) => a.seq - b.seq), ...(omitted > 0 ? { omitted } : {}) };
}

function frameOf(entry: TranscriptEntry, context: boolean): FrameExcerpt {
  const text = entry.frame.length > EXCERPT_FRAME_CHARS ? cutAt(entry.frame, EXCERPT_FRAME_CHARS) : entry.frame;
  const http = entry.http && (entry.http.method !== undefined || entry.http.status !== undefined)
    ? { ...(entry.http.method !== undefined ? { method: entry.http.method } : {}), ...(entry.http.status !== undefined ? { status: entry.http.status } : {}) }
    : undefined;
  return {
    seq: entry.seq,
    dir: entry.dir,
    lane: entry.lane,
    ...(http ? { http } : {}),
    text,
    ...(text.length < entry.frame.length ? { cut: entry.frame.length - text.length } : {}),
    ...(context ? { context: true as const } : {}),
  };
}

/** The first `max` UTF-16 units, one fewer when the cut would split a surrogate pair. */
function cutAt(text: string, max: number): string {
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * The request the harness sent that a received JSON-RPC response answers: the last `send` entry before it
 * whose frame is a request with the same id. Undefined for anything else (a notification, a request from the
 * target, a frame that is not JSON, a batch).
 */
function requestAnswered(entry: TranscriptEntry, entries: readonly TranscriptEntry[]): TranscriptEntry | undefined {
  if (entry.dir !== 'recv') return undefined;
  const response = parse(entry.frame);
  if (!isJsonObject(response) || 'method' in response || !('result' in response || 'error' in response)) return undefined;
  const id = response['id'];
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  for (let i = entries.length - 1; i >= 0; i--) {
    const candidate = entries[i]!;
    if (candidate.seq >= entry.seq || candidate.dir !== 'send') continue;
    const request = parse(candidate.frame);
    if (isJsonObject(request) && typeof request['method'] === 'string' && request['id'] === id) return candidate;
  }
  return undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
