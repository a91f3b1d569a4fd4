import { compareRevisions, isRevision, type Revision } from '../revisions.js';
import { StdioChannel } from '../transports/stdio.js';
import { StreamableHttpChannel } from '../transports/streamable-http.js';
import type { Channel } from '../transports/types.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import type { RequestId } from '../wire/jsonrpc.js';
import { RpcSession, type Received, type Reply } from '../wire/session.js';
import type { RevisionValidator } from '../validation/types.js';

/** How the harness introduces itself to servers under test. */
export const HARNESS_INFO = { name: 'mcp-conformance', version: '0.1.0' } as const;

export interface InitializeOptions {
  /** Version to request; defaults to the scenario's revision. */
  protocolVersion?: string;
  capabilities?: JsonObject;
  /** Send notifications/initialized after a successful result (default true). */
  initialized?: boolean;
}

/**
 * The harness, as a client, connected to the server under test over one channel. Wraps the raw
 * session with the handful of moves every scenario makes; the raw session stays reachable for
 * anything unusual.
 */
export class ServerConnection {
  readonly rpc: RpcSession;
  /** The version the server answered initialize with, once it has. */
  negotiated: string | undefined;
  /** The server's initialize result, once it has answered with one. */
  initializeResult: JsonObject | undefined;

  constructor(
    readonly channel: Channel,
    readonly revision: Revision,
    validator: RevisionValidator,
    requestTimeoutMs: number,
  ) {
    this.rpc = new RpcSession(channel, { validator, requestTimeoutMs });
  }

  get transport(): Channel['transport'] {
    return this.channel.transport;
  }

  /** The stdio channel, when the target runs as a child process. */
  get stdio(): StdioChannel | undefined {
    return this.channel instanceof StdioChannel ? this.channel : undefined;
  }

  /** The HTTP channel, when the target is reached over Streamable HTTP. */
  get http(): StreamableHttpChannel | undefined {
    return this.channel instanceof StreamableHttpChannel ? this.channel : undefined;
  }

  /**
   * Sends initialize and, on success, notifications/initialized. Over HTTP it also adopts the
   * negotiated MCP-Protocol-Version header for revisions that define it (2025-06-18 on).
   */
  async initialize(opts: InitializeOptions = {}): Promise<Reply> {
    const reply = await this.rpc.request('initialize', {
      protocolVersion: opts.protocolVersion ?? this.revision,
      capabilities: opts.capabilities ?? {},
      clientInfo: { ...HARNESS_INFO },
    });
    if (reply.kind !== 'result') return reply;
    this.initializeResult = reply.result;
    const version = reply.result.protocolVersion;
    if (typeof version === 'string') {
      this.negotiated = version;
      const http = this.http;
      if (http && isRevision(version) && compareRevisions(version, '2025-06-18') >= 0) http.protocolVersion = version;
    }
    if (opts.initialized !== false) await this.rpc.notify('notifications/initialized');
    return reply;
  }

  /** The capabilities the server declared in its initialize result ({} before that). */
  get serverCapabilities(): Record<string, unknown> {
    const caps = this.initializeResult?.capabilities;
    return isJsonObject(caps) ? caps : {};
  }

  request(method: string, params?: JsonObject, opts?: { id?: RequestId; timeoutMs?: number }): Promise<Reply> {
    return this.rpc.request(method, params, opts);
  }

  notify(method: string, params?: JsonObject): Promise<Reply | undefined> {
    return this.rpc.notify(method, params);
  }

  sendRaw(text: string): Promise<Reply | undefined> {
    return this.rpc.sendRaw(text);
  }

  /** A position in the stream of received frames, for `since`. */
  mark(): number {
    return this.rpc.received.length;
  }

  /** Waits `ms`, then returns every frame that arrived after `mark`. */
  since(mark: number, ms: number): Promise<Received[]> {
    return this.rpc.collect(mark, ms);
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
