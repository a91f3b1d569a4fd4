/**
 * Readers of feature content for the resource, prompt and completion suites: whether a content
 * item belongs to the URI that was read, the essence of a MIME type, the variables of a URI
 * template, and which listed resources are worth reading. Plain functions; self-tested in
 * test/api.test.ts.
 */
import type { SchemaAccess } from '../engine/scenario.js';
import type { JsonObject } from '../util/json.js';

/** Listed resources read at most by a scenario. */
export const MAX_READS = 3;
/** A listed resource whose declared `size` exceeds this is not read (frames are capped at 8 MiB). */
export const MAX_READ_BYTES = 1024 * 1024;

function decoded(uri: string): string {
  try {
    return decodeURI(uri);
  } catch {
    return uri;
  }
}

/**
 * Whether a content item's `uri` is the requested URI, or names a sub-resource under it (the
 * children a read of a directory-like resource may return). Percent-encoding differences are ignored.
 */
export function belongsTo(requested: string, uri: string): boolean {
  const [want, got] = [decoded(requested), decoded(uri)];
  if (got === want) return true;
  return got.startsWith(want.endsWith('/') ? want : `${want}/`);
}

/** The `type/subtype` of a MIME type, lower-cased, without parameters (`Text/Plain; charset=x` -> `text/plain`). */
export function mediaType(mimeType: string): string {
  return (mimeType.split(';')[0] ?? '').trim().toLowerCase();
}

/** The variable names of an RFC 6570 URI template, in order (`{+path}`, `{a,b*}`, `{x:3}` included). */
export function templateVariables(uriTemplate: string): string[] {
  const names: string[] = [];
  for (const [, expression] of uriTemplate.matchAll(/\{([^}]*)\}/g)) {
    for (const spec of (expression ?? '').replace(/^[+#./;?&=,!@|]/, '').split(',')) {
      const name = spec.replace(/\*$/, '').replace(/:\d+$/, '').trim();
      if (name && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/**
 * Up to `count` listed resources to read: those with a string `uri` whose declared `size` (when
 * given) is at most `maxBytes`; one of each listed MIME type first (text and binary alike), then
 * the others, in list order.
 */
export function resourcesToRead(resources: readonly JsonObject[], count = MAX_READS, maxBytes = MAX_READ_BYTES): JsonObject[] {
  const readable = resources.filter((r) => typeof r.uri === 'string' && !(typeof r.size === 'number' && r.size > maxBytes));
  const types = new Set<string>();
  const varied = readable.filter((r) => {
    const type = typeof r.mimeType === 'string' ? mediaType(r.mimeType) : '';
    if (types.has(type)) return false;
    types.add(type);
    return true;
  });
  return [...varied, ...readable.filter((r) => !varied.includes(r))].slice(0, count);
}

/**
 * Whether the revision's schema defines a server capability of this name (`completions` exists from
 * 2025-03-26 on): a feature that predates its capability is probed where the schema has none.
 */
export function definesCapability(schema: SchemaAccess, name: string): boolean {
  return schema.definition('ServerCapabilities', { [name]: null }).length > 0;
}
