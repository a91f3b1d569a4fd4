/**
 * How a URL target's transport is chosen before anything is sent: kept free of imports, so that the
 * CLI's argument checks can use it without loading the transports.
 */
import type { Revision } from '../revisions.js';
import type { TransportKind } from './types.js';

/** The transports of a URL target. */
export type HttpTransport = Exclude<TransportKind, 'stdio'>;

/** The one revision the legacy HTTP+SSE transport belongs to: 2025-03-26 replaced it with Streamable HTTP. */
export const LEGACY_SSE_REVISION: Revision = '2024-11-05';

/** The transport a URL gets when none is named: legacy SSE for a path ending in /sse (the usual legacy endpoint), else Streamable HTTP. */
export function urlTransport(url: string): HttpTransport {
  let path = '';
  try {
    path = new URL(url).pathname;
  } catch {
    // checkUrl reports it
  }
  return /\/sse\/?$/.test(path) ? 'legacy-sse' : 'streamable-http';
}
