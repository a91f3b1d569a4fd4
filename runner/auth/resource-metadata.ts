/**
 * Where a protected resource's OAuth 2.0 Protected Resource Metadata (RFC 9728) is looked for, shared
 * by the checks of a protected server (runner/api/auth.ts) and the harness authorizing itself
 * (authorize.ts): the challenge's resource_metadata when it is on the resource's own origin, then the
 * well-known URLs.
 */

/** The well-known Protected Resource Metadata URLs of an endpoint: path-inserted, then at the root (RFC 9728 Section 3.1). */
export function wellKnownMetadataUrls(endpoint: string): { url: string; via: 'path' | 'root' }[] {
  const url = new URL(endpoint);
  const root = `${url.origin}/.well-known/oauth-protected-resource`;
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return path === '' ? [{ url: root, via: 'root' }] : [{ url: `${root}${path}`, via: 'path' }, { url: root, via: 'root' }];
}

/** Whether a URL is on the same origin as the endpoint (false for anything that is not a URL). */
export function sameOrigin(url: string, endpoint: string): boolean {
  return URL.canParse(url) && URL.canParse(endpoint) && new URL(url).origin === new URL(endpoint).origin;
}
