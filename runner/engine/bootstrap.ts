/**
 * How a connection becomes ready at each revision, and how the engine learns which revisions a
 * server speaks. The revision descriptor says which bootstrap a revision uses; this module holds
 * the implementations. A revision whose bootstrap is not implemented here cannot be run yet.
 */
import { compareRevisions, describeRevision, namedRevisions, REVISIONS, wireVersionOf, type Bootstrap, type Revision, type RevisionChoice } from '../revisions.js';
import { isJsonObject } from '../util/json.js';
import { META, MODERN_ERRORS } from '../wire/request-meta.js';
import type { Reply } from '../wire/session.js';
import type { ServerConnection } from './connection.js';

/** What the target answered when offered one revision. */
export interface ProbeResult {
  revision: Revision;
  /**
   * The protocol version it answered with; undefined when it did not answer with a result. At the
   * stateless revisions: the revision's version, when server/discover listed it.
   */
  negotiated?: string;
  capabilities: Record<string, unknown>;
  info?: Record<string, unknown>;
  /** Why there was no usable answer. */
  problem?: string;
  /** The target answered the bootstrap request with a JSON-RPC result (of any shape). */
  answered: boolean;
}

/**
 * The probe could not get an answer at all: the reply that says why (timeout, closed, a transport
 * error without an HTTP status). The driver turns it into "target unreachable".
 */
export class ProbeFailure extends Error {
  override readonly name = 'ProbeFailure';
  constructor(readonly reply: Exclude<Reply, { kind: 'result' | 'error' }>) {
    super(reply.kind);
  }
}

export interface BootstrapImpl {
  /** The request that makes a connection ready, for messages ("did not answer initialize"). */
  readonly request: string;
  /** Makes a fresh connection ready for ordinary requests; returns the reply that decided it. */
  ready(connection: ServerConnection): Promise<Reply>;
  /** Offers the target one revision on a fresh connection; throws ProbeFailure when nothing answers. */
  probe(connection: ServerConnection): Promise<ProbeResult>;
}

const initialize: BootstrapImpl = {
  request: 'initialize',
  ready: (connection) => connection.initialize(),
  async probe(connection) {
    const revision = connection.revision;
    const reply = await connection.initialize({ initialized: false });
    switch (reply.kind) {
      case 'result': {
        const { protocolVersion, capabilities, serverInfo } = reply.result;
        return {
          revision,
          answered: true,
          ...(typeof protocolVersion === 'string' ? { negotiated: protocolVersion } : {}),
          capabilities: isJsonObject(capabilities) ? capabilities : {},
          ...(isJsonObject(serverInfo) ? { info: serverInfo } : {}),
        };
      }
      case 'error':
        return { revision, answered: false, capabilities: {}, problem: `initialize failed: ${reply.error.code} ${reply.error.message}` };
      case 'transport-error':
        // An HTTP status is an answer (a refusal); no status means nothing answered.
        if (reply.status !== undefined) return { revision, answered: false, capabilities: {}, problem: `initialize failed: ${reply.message}` };
        throw new ProbeFailure(reply);
      default:
        throw new ProbeFailure(reply);
    }
  },
};

/**
 * The stateless revisions (2026-07-28, draft): the connection puts the protocol version and the
 * client's capabilities into every request's `_meta`; `ready` asks server/discover for the
 * server's capabilities (as a client that shows them would), and so does `probe`, which reads the
 * versions the server supports from the answer.
 */
const perRequestMeta: BootstrapImpl = {
  request: 'server/discover',
  ready: (connection) => connection.discover(),
  async probe(connection) {
    const revision = connection.revision;
    const wire = wireVersionOf(revision);
    const reply = await connection.discover();
    switch (reply.kind) {
      case 'result': {
        const { supportedVersions, capabilities, _meta } = reply.result;
        const info = isJsonObject(_meta) ? _meta[META.serverInfo] : undefined;
        return {
          revision,
          answered: true,
          ...(connection.negotiated !== undefined ? { negotiated: connection.negotiated } : { problem: `server/discover listed ${JSON.stringify(supportedVersions ?? null)}, not ${wire}` }),
          capabilities: isJsonObject(capabilities) ? capabilities : {},
          ...(isJsonObject(info) ? { info } : {}),
        };
      }
      case 'error': {
        const { code, message, data } = reply.error;
        // A modern server that does not serve this version says so, naming the ones it does.
        if (code === MODERN_ERRORS.unsupportedProtocolVersion) {
          const supported = isJsonObject(data) ? data.supported : undefined;
          return { revision, answered: true, capabilities: {}, problem: `server/discover at ${wire}: unsupported protocol version (the server supports ${JSON.stringify(supported ?? null)})` };
        }
        return { revision, answered: false, capabilities: {}, problem: `server/discover failed: ${code} ${message}` };
      }
      case 'transport-error':
        if (reply.status !== undefined) return { revision, answered: false, capabilities: {}, problem: `server/discover failed: ${reply.message}` };
        throw new ProbeFailure(reply);
      default:
        throw new ProbeFailure(reply);
    }
  },
};

/** The implemented bootstraps. */
const IMPLEMENTED: Partial<Record<Bootstrap, BootstrapImpl>> = { initialize, 'per-request-meta': perRequestMeta };

/** The bootstrap of a revision, or undefined when the harness cannot run that revision yet. */
export function bootstrapOf(revision: Revision): BootstrapImpl | undefined {
  return IMPLEMENTED[describeRevision(revision).bootstrap];
}

/** Revisions the harness can run today (their bootstrap is implemented), oldest first. */
export function runnableRevisions(): Revision[] {
  return REVISIONS.filter((r) => bootstrapOf(r) !== undefined);
}

/** Revisions the target echoed back (or listed in server/discover), oldest first. */
export function supportedRevisions(results: ProbeResult[]): Revision[] {
  return results
    .filter((r) => r.negotiated === wireVersionOf(r.revision))
    .map((r) => r.revision)
    .sort(compareRevisions);
}

/**
 * Chooses the revisions to run. `auto`: the newest dated revision the target supports (`draft`
 * runs only when named, or with `all`); `all`: every runnable revision it supports; a named
 * revision: that one, supported or not (its scenarios then show why). When the target supports
 * none, the newest stateful revision it named in answer to initialize (or the newest stateful one)
 * is used: most servers are of that era, and a stateless one would have listed its versions.
 */
export function chooseRevisions(specVersion: RevisionChoice, results: ProbeResult[]): Revision[] {
  const named = namedRevisions(specVersion);
  if (named) return [...named];
  const supported = supportedRevisions(results);
  const dated = supported.filter((r) => r !== 'draft');
  if (dated.length === 0) {
    const runnable = runnableRevisions().filter((r) => describeRevision(r).stateful);
    const named = results
      .map((r) => r.negotiated)
      .filter((v): v is Revision => v !== undefined && (runnable as string[]).includes(v))
      .sort(compareRevisions)
      .at(-1);
    return [named ?? runnable[runnable.length - 1]!];
  }
  return specVersion === 'all' ? supported : [dated[dated.length - 1]!];
}
