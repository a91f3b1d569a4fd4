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
