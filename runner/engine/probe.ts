import { compareRevisions, isRevision, STATEFUL_REVISIONS, type Revision } from '../revisions.js';
import { UnreachableError } from '../targets/errors.js';
import { LaunchError } from '../util/process.js';
import type { ServerTarget } from '../targets/server-target.js';
import { StdioChannel } from '../transports/stdio.js';
import { getValidator } from '../validation/validator.js';
import { isJsonObject } from '../util/json.js';
import { Transcript } from '../util/transcript.js';
import { ServerConnection } from './connection.js';

/** What the target answered when offered one revision. */
export interface ProbeResult {
  revision: Revision;
  /** The protocolVersion it answered with; undefined when it did not answer with a result. */
  negotiated?: string;
  capabilities: Record<string, unknown>;
  info?: Record<string, unknown>;
  /** Why there was no usable answer. */
  problem?: string;
}


/**
 * Offers the target one revision in a fresh connection and records its initialize answer.
 * Rejects with UnreachableError when nothing answers at all.
 */
export async function probeRevision(target: ServerTarget, revision: Revision, timeoutMs: number, transcriptPath?: string): Promise<ProbeResult> {
  const transcript = new Transcript(target.transport);
  if (transcriptPath) transcript.writeTo(transcriptPath);
  let connection: ServerConnection | undefined;
  try {
    const channel = await target.open(transcript).catch((err: unknown) => {
      throw err instanceof LaunchError ? new UnreachableError(`cannot launch the target: ${err.message}`) : err;
    });
    connection = new ServerConnection(channel, revision, getValidator(revision), timeoutMs);
    const reply = await connection.initialize({ initialized: false });
    switch (reply.kind) {
      case 'result': {
        const { protocolVersion, capabilities, serverInfo } = reply.result;
        return {
          revision,
          negotiated: typeof protocolVersion === 'string' ? protocolVersion : undefined,
          capabilities: isJsonObject(capabilities) ? capabilities : {},
          ...(isJsonObject(serverInfo) ? { info: serverInfo } : {}),
        };
      }
      case 'error':
        return { revision, capabilities: {}, problem: `initialize failed: ${reply.error.code} ${reply.error.message}` };
      case 'timeout':
        throw new UnreachableError(`the target did not answer initialize within ${reply.afterMs} ms${stderrHint(connection)}`);
      case 'closed':
        throw new UnreachableError(`${reply.reason} before answering initialize${stderrHint(connection)}`);
      case 'transport-error':
        if (reply.status === undefined) throw new UnreachableError(`cannot reach the target: ${reply.message}`);
        return { revision, capabilities: {}, problem: `initialize failed: ${reply.message}` };
      default:
        return assertNever(reply);
    }
  } finally {
    await connection?.close().catch(() => undefined);
    await transcript.close();
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected reply ${JSON.stringify(value)}`);
}

function stderrHint(connection: ServerConnection): string {
  const channel = connection.channel;
  const stderr = channel instanceof StdioChannel ? channel.stderr.trim() : '';
  return stderr ? `; its stderr ends with:\n${stderr.split('\n').slice(-10).join('\n')}` : '';
}

/** Revisions the target echoed back, oldest first. */
export function supportedRevisions(results: ProbeResult[]): Revision[] {
  return results.filter((r) => r.negotiated === r.revision).map((r) => r.revision);
}

/**
 * Chooses the revisions to run. `auto`: the newest the target supports; `all`: every stateful
 * revision it supports; a named revision: that one, supported or not (its scenarios then show why).
 * When the target echoes none, the newest stateful revision it named (or the newest overall) is used.
 */
export function chooseRevisions(specVersion: string, results: ProbeResult[]): Revision[] {
  if (isRevision(specVersion)) return [specVersion];
  const supported = supportedRevisions(results);
  if (supported.length === 0) {
    const named = results
      .map((r) => r.negotiated)
      .filter((v): v is Revision => v !== undefined && (STATEFUL_REVISIONS as readonly string[]).includes(v))
      .sort(compareRevisions)
      .at(-1);
    return [named ?? STATEFUL_REVISIONS[STATEFUL_REVISIONS.length - 1]!];
  }
  return specVersion === 'all' ? supported : [supported[supported.length - 1]!];
}
