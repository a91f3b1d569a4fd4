/**
 * Redaction by value: every secret of a run (see secrets.ts for which values count) is replaced by
 * {@link REDACTED} wherever it appears, in the harness's own words and in text the target sent.
 * By value, not by field name, because a server may echo a credential anywhere: a response header,
 * its initialize instructions, a tool description, an error message, its stderr.
 */

/** What a secret becomes in every artifact and output. */
export const REDACTED = '[redacted]';

/**
 * Shortest value redacted by value. Anything shorter ("1", "ab", "yes") occurs by chance all over
 * reports and transcripts, so replacing it would destroy the output without protecting much; such
 * values are reported as unredactable instead (the CLI warns once).
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Replaces the secrets of one run wherever they occur. Built once per run from what the user
 * passed and handed explicitly to whatever writes output (transcripts, the report assembly, the
 * CLI); secrets the run itself comes to hold (an access token, an authorization code, a PKCE
 * verifier, a client secret a registration returned) are added with {@link Redactor.add} before
 * anything that contains them is recorded.
 */
export class Redactor {
  /** A redactor that changes nothing, and to which nothing can be added: for unit tests of other layers. */
  static readonly none = new Redactor([], true);

  /** The forms searched for, longest first (see {@link Redactor.of}). */
  private forms: readonly string[];

  private constructor(
    forms: readonly string[],
    private readonly frozen = false,
  ) {
    this.forms = forms;
  }

  /**
   * A redactor for these secret values. Each value is also searched for in the forms it takes when a
   * target echoes it inside JSON or a URL: JSON-escaped (quotes, backslashes, control characters),
   * JSON with `\/` (PHP) or `\uXXXX` for non-ASCII (Python; either hex case), and percent-encoded.
   * Values (and forms) shorter than {@link MIN_SECRET_LENGTH} are ignored: secrets.ts names them.
   */
  static of(secrets: Iterable<string>): Redactor {
    const forms = new Set<string>();
    for (const secret of secrets) {
      for (const form of encodedForms(secret)) if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
    }
    return new Redactor([...forms].sort((a, b) => b.length - a.length));
  }

  /**
   * Redacts these values too from now on (what was written before is as it was: add a secret
   * before recording anything that holds it). Returns how many of them were too short to redact.
   */
  add(...secrets: string[]): number {
    if (this.frozen) throw new Error('Redactor.none takes no secrets: build the run\'s own with Redactor.of');
    const forms = new Set(this.forms);
    let short = 0;
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) short++;
      for (const form of encodedForms(secret)) if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
    }
    this.forms = [...forms].sort((a, b) => b.length - a.length);
    return short;
  }

  /** Whether there is anything to redact at all. */
  get active(): boolean {
    return this.forms.length > 0;
  }

  /**
   * The text with every occurrence of every secret replaced by {@link REDACTED}. Occurrences that
   * overlap (two secrets sharing characters, a secret inside a longer one, a secret repeated as in
   * "aaaa" in "aaaaaa") are replaced as one span, so no fragment of any of them survives.
   */
  redact(text: string): string {
    if (this.forms.length === 0 || text.length < MIN_SECRET_LENGTH) return text;
    const spans: Array<[number, number]> = [];
    for (const form of this.forms) {
      // indexOf, not a RegExp: secrets may hold any character, and there is nothing to escape.
      let end = -1;
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
        // Overlapping occurrences of one form extend the same span; this keeps a flood of
        // repetitions to one span instead of one per position.
        if (at <= end) end = at + form.length;
        else {
          if (end !== -1) spans[spans.length - 1]![1] = end;
          spans.push([at, at + form.length]);
          end = at + form.length;
        }
      }
      if (end !== -1) spans[spans.length - 1]![1] = end;
    }
    if (spans.length === 0) return text;
    spans.sort((a, b) => a[0] - b[0]);
    let out = '';
    let cursor = 0;
    let open: [number, number] | undefined;
    for (const span of spans) {
      if (open && span[0] < open[1]) {
        open[1] = Math.max(open[1], span[1]);
        continue;
      }
      if (open) {
        out += text.slice(cursor, open[0]) + REDACTED;
        cursor = open[1];
      }
      open = [span[0], span[1]];
    }
    if (open) {
      out += text.slice(cursor, open[0]) + REDACTED;
      cursor = open[1];
    }
    return out + text.slice(cursor);
  }

  /**
   * A copy of a JSON-compatible value with every string redacted, object keys included (a target
   * may use anything as a key). Numbers, booleans and null are kept; so is any other value, as is.
   * Returns the value itself when there are no secrets.
   */
  redactDeep<T>(value: T): T {
    return this.forms.length === 0 ? value : (this.deep(value) as T);
  }

  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item: unknown) => this.deep(item));
    if (value !== null && typeof value === 'object' && isPlain(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.redact(key)] = this.deep(item);
      return out;
    }
    return value;
  }
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The forms a secret takes once a target has embedded it in JSON text or a URL. */
function encodedForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const upperJson = asciiJson.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`);
  const forms = [secret, json, json.replace(/\//g, '\\/'), asciiJson, asciiJson.replace(/\//g, '\\/'), upperJson];
  try {
    forms.push(encodeURIComponent(secret));
  } catch {
    // A lone surrogate cannot be percent-encoded; the other forms still apply.
  }
  return forms;
}

/** A URL as reports may show it: user:password@ never leaves the process. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '[redacted]';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
