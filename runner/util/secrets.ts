/**
 * Which values of a run are secrets, the rule the redactor (redact.ts) applies by value:
 *
 * - `--header`: the value of every header whose name looks like a credential (Authorization,
 *   Proxy-Authorization, Cookie, X-Api-Key, and any name containing token, secret, key, pass, pwd,
 *   auth, credential, private, session, cookie, signature, jwt or bearer; case-insensitive), the
 *   credential after an auth scheme (`Bearer abc`: both `Bearer abc` and `abc`), for `Basic` also the
 *   decoded `user:password`, the user and the password, and for `Cookie` each cookie's value.
 * - `--env`: the value of every variable whose name contains one of the same words (TOKEN,
 *   API_KEY, DB_PASSWORD, GH_AUTH, PRIVATE_KEY, ...; not AUTHOR, PWD or OLDPWD), and in any
 *   variable whose value is a URL, that URL's secrets (below).
 * - a URL (`--url`, or an `--env` value): the user and the password of its userinfo, `user:password`
 *   and its base64 (what goes out as Basic auth), and the value of every query parameter whose
 *   name looks like a secret (`?api_key=...`, `?token=...`), decoded and as written.
 * - the harness's own environment, when it launches the target: a launched server inherits it, and
 *   a server that echoes its environment (server-everything's read-only `get-env` tool, which a
 *   black-box run calls) would otherwise put a CI token into the transcripts. Same rule as `--env`;
 *   values too short to redact are not warned about (the user did not hand them to this run).
 * - anything passed explicitly (the programmatic API's `secrets`).
 *
 * Values shorter than {@link MIN_SECRET_LENGTH} cannot be redacted by value (see redact.ts); they
 * are named in {@link SecretSet.unredactable} so the user can be warned, never silently dropped.
 */
import { PORT_PLACEHOLDER } from './ports.js';
import { MIN_SECRET_LENGTH } from './redact.js';

/** Where the secrets of a run come from: what the user passed to reach the target. */
export interface SecretSources {
  /** HTTP headers sent to the target (`--header`). */
  headers?: Readonly<Record<string, string>>;
  /** Environment given to the target (`--env`). */
  env?: Readonly<Record<string, string>>;
  /** The environment a launched target inherits (the harness's own). */
  inheritedEnv?: Readonly<Record<string, string | undefined>>;
  /** URLs the target is reached at (`--url`); `{port}` placeholders are fine. */
  urls?: readonly string[];
  /** Values that are secrets whatever their name (the programmatic API's `secrets`). */
  explicit?: readonly string[];
}

/** The secrets of a run, as the redactor needs them and the user must hear about them. */
export interface SecretSet {
  /** Every value to redact, at least {@link MIN_SECRET_LENGTH} characters long, without duplicates. */
  values: string[];
  /**
   * Where a secret value is too short to redact by value, e.g. `--env PIN` or `--header Authorization
   * (the credential after "Bearer")`; without the value itself. Empty when every secret is redacted.
   */
  unredactable: string[];
}

/** The shortest inherited value taken as a secret. */
const MIN_INHERITED_LENGTH = 8;

/** Words that make a header, variable or query parameter name look like it holds a secret. */
const SECRET_WORDS = /token|secret|key|pass|pwd|auth(?!or(?!i))|credential|private|session|cookie|signature|jwt|bearer/i;

/** Names that contain a secret word by accident and hold a well-known non-secret. */
const NOT_SECRET = /^(old)?pwd$/i;

/** Whether a header, environment variable or query parameter of this name holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_WORDS.test(name) && !NOT_SECRET.test(name);
}

interface Candidate {
  value: string;
  source: string;
}

/** Applies the rule above to what the user passed. */
export function collectSecrets(sources: SecretSources): SecretSet {
  const candidates: Candidate[] = [
    ...Object.entries(sources.headers ?? {}).flatMap(([name, value]) => headerSecrets(name, value)),
    ...Object.entries(sources.env ?? {}).flatMap(([name, value]) => envSecrets(name, value)),
    ...(sources.urls ?? []).flatMap((url) => urlSecrets(url, 'the URL')),
    ...(sources.explicit ?? []).map((value, i) => ({ value, source: `secrets[${i}]` })),
  ];
  const inherited = Object.entries(sources.inheritedEnv ?? {}).flatMap(([name, value]) => (value === undefined ? [] : envSecrets(name, value)));
  const values = new Set<string>();
  const unredactable = new Set<string>();
  for (const { value, source } of candidates) {
    // Header values arrive trimmed, others may not; a target may echo either.
    for (const form of new Set([value, value.trim()])) {
      if (form.trim() === '') continue;
      if (form.length >= MIN_SECRET_LENGTH) values.add(form);
      else unredactable.add(source);
    }
  }
  // Inherited values are not the user's word that they are secret: only ones long enough to be a
  // credential, so that a stray `SOME_KEY=true` does not turn every "true" in a report into [redacted].
  for (const { value } of inherited) if (value.trim().length >= MIN_INHERITED_LENGTH) values.add(value).add(value.trim());
  return { values: [...values], unredactable: [...unredactable] };
}

function headerSecrets(name: string, value: string): Candidate[] {
  if (!isSecretName(name)) return [];
  const source = `--header ${name}`;
  const out: Candidate[] = [{ value, source }];
  // RFC 9110 credentials: a scheme, whitespace, then the token68 or auth-params.
  const scheme = /^([A-Za-z][\w!#$%&'*+.^`|~-]*)\s+(\S[\s\S]*)$/.exec(value.trim());
  if (scheme) {
    const authScheme = scheme[1]!;
    const credential = scheme[2]!;
    out.push({ value: credential, source: `${source} (the credential after "${authScheme}")` });
    if (authScheme.toLowerCase() === 'basic') out.push(...basicSecrets(credential, source));
  }
  if (/^cookie$/i.test(name)) {
    for (const pair of value.split(';')) {
      const i = pair.indexOf('=');
      if (i > 0) out.push({ value: pair.slice(i + 1).trim(), source: `${source} (cookie ${pair.slice(0, i).trim()})` });
    }
  }
  return out;
}

/** `Basic base64(user:password)`: a server may echo the decoded pair or either half. */
function basicSecrets(credential: string, source: string): Candidate[] {
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  // Only a credential that really is base64 of text with a colon; anything else was kept whole above.
  const canonical = (text: string): string => text.replace(/=+$/, '');
  if (canonical(Buffer.from(decoded, 'utf8').toString('base64')) !== canonical(credential) || !decoded.includes(':')) return [];
  const i = decoded.indexOf(':');
  return [
    { value: decoded, source: `${source} (decoded)` },
    { value: decoded.slice(0, i), source: `${source} (user name)` },
    { value: decoded.slice(i + 1), source: `${source} (password)` },
  ];
}

function envSecrets(name: string, value: string): Candidate[] {
  const source = `--env ${name}`;
  return [...(isSecretName(name) ? [{ value, source }] : []), ...(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? urlSecrets(value, source) : [])];
}

/** The user, password and secret-looking query parameters of a URL; none when it does not parse. */
function urlSecrets(url: string, source: string): Candidate[] {
  let parsed: URL;
  try {
    // `{port}` is not a port yet; the secrets are elsewhere in the URL.
    parsed = new URL(url.split(PORT_PLACEHOLDER).join('1'));
  } catch {
    return [];
  }
  const out: Candidate[] = [];
  const user = safeDecode(parsed.username);
  const password = safeDecode(parsed.password);
  if (user) out.push({ value: user, source: `${source} (user name)` }, { value: parsed.username, source: `${source} (user name)` });
  if (password) out.push({ value: password, source: `${source} (password)` }, { value: parsed.password, source: `${source} (password)` });
  if (user || password) {
    // Node's HTTP client sends URL credentials as Basic auth; a server may echo that header.
    const pair = `${user}:${password}`;
    out.push({ value: pair, source: `${source} (user:password)` }, { value: Buffer.from(pair, 'utf8').toString('base64'), source: `${source} (Basic auth)` });
  }
  // As written (percent-encoded, `+` for space) and decoded: a target may echo either.
  for (const pair of parsed.search.replace(/^\?/, '').split('&')) {
    const i = pair.indexOf('=');
    if (i <= 0) continue;
    const name = safeDecode(pair.slice(0, i).replace(/\+/g, ' '));
    if (!isSecretName(name)) continue;
    const raw = pair.slice(i + 1);
    const label = `${source} (query parameter ${name})`;
    out.push({ value: raw, source: label }, { value: safeDecode(raw.replace(/\+/g, ' ')), source: label });
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
