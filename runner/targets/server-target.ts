import { urlTransport, type HttpTransport } from '../transports/choose.js';
import { LegacySseChannel } from '../transports/legacy-sse.js';
import { StdioChannel } from '../transports/stdio.js';
import type { Channel, TransportKind } from '../transports/types.js';
import { MirroredTools } from '../transports/mcp-param-headers.js';
import { StreamableHttpChannel } from '../transports/streamable-http.js';
import { Transcript } from '../util/transcript.js';
import { launch } from '../util/process.js';
import { collectSecrets, type SecretSet } from '../util/secrets.js';

export { LEGACY_SSE_REVISION, urlTransport, type HttpTransport } from '../transports/choose.js';

/** How to reach a server under test. */
export type ServerTargetSpec =
  | { kind: 'command'; command: string; cwd?: string; env?: Record<string, string> }
  | {
      kind: 'url';
      url: string;
      headers?: Record<string, string>;
      /** Start the server with this command first (once per run); `{port}` in it and in the URL becomes a free port. */
      launch?: { command: string; cwd?: string; env?: Record<string, string> };
      /**
       * The HTTP transport to speak. Absent: legacy SSE when the URL's path ends in /sse, else
       * Streamable HTTP, falling back to legacy SSE by the backwards-compatibility probe.
       */
      transport?: HttpTransport;
      /** How the harness gets past the server's authorization, and what it may judge with (issue 13). */
      auth?: AuthCredentials;
    };

/**
 * What the user gave the harness for a protected server (`--auth-token` and friends). Every value
 * is a secret (see {@link targetSecrets}); `token` goes out as `Authorization: Bearer` on every
 * request of the run except the probes of the authorization checks.
 */
export interface AuthCredentials {
  /** A valid access token for this server. */
  token?: string;
  /** A token the server's authorization server issued that has expired: unlocks the expiry check. */
  expiredToken?: string;
  /** A valid token the same authorization server issued for another resource: unlocks the audience check. */
  wrongAudienceToken?: string;
  /** A valid token for this server with fewer scopes than it needs: unlocks the insufficient-scope check. */
  insufficientScopeToken?: string;
  /** A client registered beforehand with the server's authorization server. */
  client?: { id: string; secret?: string };
  /** The issuer of the authorization server to judge (`authorization --url`). */
  issuer?: string;
  /** The URL is that authorization server, alone: there is no MCP server to probe (`authorization --url`). */
  standalone?: true;
  /**
   * `--authorize`: when the server refuses the harness and no token was given, the harness obtains
   * one from the server's authorization server itself (runner/auth/authorize.ts), and that
   * authorization server's checks run too.
   */
  authorize?: true;
  /** For `authorize` when the authorization server shows a page: the approve control, and fields filled from environment variables. */
  browser?: { approveSelector?: string; fill?: Record<string, string> };
}

/** The headers a URL target's requests carry: the user's, and the access token when one was given. */
export function requestHeaders(spec: Extract<ServerTargetSpec, { kind: 'url' }>): Record<string, string> | undefined {
  const token = spec.auth?.token;
  return token === undefined ? spec.headers : { ...spec.headers, Authorization: `Bearer ${token}` };
}

/** Opens fresh channels to one server under test: a new process per channel over stdio, a new HTTP session per channel. */
export class ServerTarget {
  readonly transport: TransportKind;
  /** The target's tools that mirror parameters into headers, as any channel to it learnt them: every channel sends those headers. */
  private readonly mirroredTools = new MirroredTools();

  /** `transport` overrides the spec's (the backwards-compatibility probe found legacy SSE). */
  constructor(readonly spec: ServerTargetSpec, private readonly timeoutMs: number, transport?: HttpTransport) {
    this.transport = spec.kind === 'command' ? 'stdio' : (transport ?? spec.transport ?? urlTransport(spec.url));
  }

  /** A short human description: the command line or the URL. */
  get description(): string {
    return this.spec.kind === 'command' ? this.spec.command : this.spec.url;
  }

  /** Opens a channel; rejects with a LaunchError when a command cannot start. */
  async open(transcript = new Transcript(this.transport)): Promise<Channel> {
    if (this.spec.kind === 'command') {
      const proc = await launch({ command: this.spec.command, cwd: this.spec.cwd, env: this.spec.env });
      transcript.note(`launched: ${this.spec.command} (pid ${proc.pid})`);
      return new StdioChannel(proc, transcript);
    }
    const http = { url: this.spec.url, headers: requestHeaders(this.spec), transcript, timeoutMs: this.timeoutMs };
    return this.transport === 'legacy-sse' ? LegacySseChannel.connect(http) : new StreamableHttpChannel({ ...http, mirroredTools: this.mirroredTools });
  }
}

/**
 * The secrets of a target spec (a server's, or a client's), by the rule of runner/util/secrets.ts: its credential-like headers,
 * its secret-named environment values, its URL's userinfo and secret query parameters, plus
 * `explicit` values. The engine redacts them from everything a run outputs; the CLI also warns
 * about the ones too short to redact.
 */
export function targetSecrets(spec: ServerTargetSpec | { kind: 'client'; env?: Record<string, string> }, explicit: readonly string[] = []): SecretSet {
  // A client under test is a launched command too.
  const env = spec.kind === 'url' ? spec.launch?.env : spec.env;
  const launches = spec.kind !== 'url' || spec.launch !== undefined;
  return collectSecrets({
    ...(spec.kind === 'url' ? { headers: requestHeaders(spec) ?? {}, urls: [spec.url] } : {}),
    ...(env ? { env } : {}),
    // A launched target inherits the harness's environment (runner/util/process.ts), secrets and all.
    ...(launches ? { inheritedEnv: process.env } : {}),
    explicit: [...explicit, ...(spec.kind === 'url' ? authSecrets(spec.auth) : [])],
  });
}

function authSecrets(auth: AuthCredentials | undefined): string[] {
  if (!auth) return [];
  return [auth.token, auth.expiredToken, auth.wrongAudienceToken, auth.insufficientScopeToken, auth.client?.secret].filter((v): v is string => v !== undefined);
}

/** Validates a URL given on the command line; returns an error message or undefined. */
export function checkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a valid URL: ${url}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `only http:// and https:// URLs are supported, got ${parsed.protocol}`;
  return undefined;
}
