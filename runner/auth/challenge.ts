/**
 * The WWW-Authenticate header (RFC 9110 Section 11.6.1): one or more challenges, each an
 * authentication scheme followed by either a token68 or comma-separated parameters whose values are
 * tokens or quoted strings (which may hold commas and escaped quotes). Scheme and parameter names
 * are case-insensitive; values are kept as sent.
 */

/** One challenge of the header. */
export interface Challenge {
  /** As sent; compare with {@link isBearer} or lower-cased. */
  scheme: string;
  /** Parameters by lower-cased name; the first occurrence of a repeated name wins. */
  params: Record<string, string>;
  /** A token68 in place of parameters, when the challenge has one. */
  token68?: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/**
 * The challenges of a header value (or of several header lines joined with commas). What cannot be
 * parsed ends the list: the challenges before it are kept, and `problem` says where it went wrong.
 */
export function parseChallenges(header: string): { challenges: Challenge[]; problem?: string } {
  const challenges: Challenge[] = [];
  let rest = header;
  const skip = (pattern: RegExp): void => {
    rest = rest.replace(pattern, '');
  };
  skip(/^[\s,]+/);
  while (rest !== '') {
    const scheme = TOKEN.exec(rest)?.[0];
    if (scheme === undefined) return { challenges, problem: `expected an authentication scheme at ${JSON.stringify(rest.slice(0, 40))}` };
    rest = rest.slice(scheme.length);
    const challenge: Challenge = { scheme, params: {} };
    challenges.push(challenge);
    // A scheme alone, followed by the next challenge or the end.
    if (!/^[ \t]/.test(rest)) {
      skip(/^[\s,]+/);
      continue;
    }
    skip(/^[ \t]+/);
    // token68, unless it is the name of a parameter (a token followed by "=" and not only "="s to the end of the item).
    const t68 = TOKEN68.exec(rest)?.[0];
    if (t68 !== undefined && /^\s*(,|$)/.test(rest.slice(t68.length)) && !/^[^=]+=\s*[^=\s,]/.test(rest)) {
      challenge.token68 = t68;
      rest = rest.slice(t68.length);
      skip(/^[\s,]+/);
      continue;
    }
    // Parameters, until something that is not "name=" (the next challenge's scheme) or the end.
    for (;;) {
      const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*=[ \t]*/.exec(rest);
      if (!match) break;
      rest = rest.slice(match[0].length);
      let value: string;
      if (rest.startsWith('"')) {
        const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
        if (!quoted) return { challenges, problem: `unterminated quoted string in the ${match[1]} parameter of the ${scheme} challenge` };
        value = quoted[1]!.replace(/\\(.)/g, '$1');
        rest = rest.slice(quoted[0].length);
      } else {
        const token = TOKEN.exec(rest)?.[0];
        if (token === undefined) return { challenges, problem: `the ${match[1]} parameter of the ${scheme} challenge has no value` };
        value = token;
        rest = rest.slice(token.length);
      }
      const name = match[1]!.toLowerCase();
      if (!(name in challenge.params)) challenge.params[name] = value;
      skip(/^[ \t]*/);
      if (rest === '') break;
      if (!rest.startsWith(',')) return { challenges, problem: `expected "," after the ${match[1]} parameter of the ${scheme} challenge, found ${JSON.stringify(rest.slice(0, 20))}` };
      skip(/^[\s,]+/);
    }
  }
  return { challenges };
}

/** Whether a challenge is of the Bearer scheme (RFC 6750), which compares case-insensitively. */
export function isBearer(challenge: Challenge): boolean {
  return challenge.scheme.toLowerCase() === 'bearer';
}

/** The first Bearer challenge of a header value, if any. */
export function bearerChallenge(header: string | undefined): Challenge | undefined {
  return header === undefined ? undefined : parseChallenges(header).challenges.find(isBearer);
}
