/**
 * Launching a client under test (README: "Clients under test"). Over HTTP (Streamable HTTP, or the
 * legacy HTTP+SSE transport) the client is given the hosted endpoint's URL as its last argument, or
 * where its command line says `{url}`; over stdio its own stdin and stdout are the connection. Either way it learns what to do from its
 * environment: MCP_CONFORMANCE_SCENARIO, MCP_CONFORMANCE_PROTOCOL_VERSION and, when the scenario has
 * data for it, MCP_CONFORMANCE_CONTEXT.
 */
import { wireVersionOf, type Revision } from '../revisions.js';
import type { JsonObject } from '../util/json.js';
import { launch, type LaunchedProcess } from '../util/process.js';
import type { Transcript } from '../util/transcript.js';

/** The transports a client under test can be reached over ('legacy-sse': the HTTP+SSE transport of 2024-11-05). */
export type ClientTransport = 'streamable-http' | 'legacy-sse' | 'stdio';

export interface ClientTargetSpec {
  /** The command line that starts the client. */
  command: string;
  transport: ClientTransport;
  env?: Record<string, string>;
  cwd?: string;
  /** `client --auth`: the authorization scenarios run too (the hosted endpoint behind OAuth). */
  auth?: boolean;
}

/** The placeholder a command line may use for the endpoint URL (else the URL is appended). */
export const URL_PLACEHOLDER = '{url}';

/** The placeholder for the server command a client spawns (runner/cli/stdio-shim.ts). */
export const SERVER_PLACEHOLDER = '{server}';

/** Where the client connects: the endpoint URL (HTTP), or the server command it spawns (`{server}`). */
export interface ClientPlaceholders {
  url?: string;
  server?: string;
}

/**
 * The command line that starts the client: `{url}` replaced by the endpoint URL, else the URL appended
 * as the last argument; `{server}` replaced by the command line of the stand-in server. The URL is the
 * harness's own (`http://127.0.0.1:<port>/mcp`, or `/sse`): no character of it means anything to a shell.
 */
export function clientCommandLine(command: string, { url, server }: ClientPlaceholders): string {
  let line = server === undefined ? command : command.split(SERVER_PLACEHOLDER).join(server);
  if (url !== undefined) line = line.includes(URL_PLACEHOLDER) ? line.split(URL_PLACEHOLDER).join(url) : `${line} ${url}`;
  return line;
}

/** What the client is told about the scenario, as environment variables (the revision as its wire spells it: draft is 2026-07-28). */
export function clientEnvironment(behaviour: string, revision: Revision, context: JsonObject | undefined): Record<string, string> {
  return {
    MCP_CONFORMANCE_SCENARIO: behaviour,
    MCP_CONFORMANCE_PROTOCOL_VERSION: wireVersionOf(revision),
    ...(context ? { MCP_CONFORMANCE_CONTEXT: JSON.stringify({ name: behaviour, ...context }) } : {}),
  };
}

/** Lines of a client's output kept in the transcript per stream; the rest are counted. */
const OUTPUT_LINES = 200;
/** Longest output line kept. */
const OUTPUT_LINE_CHARS = 500;

/**
 * Starts the client for one launch. Over HTTP (and with `{server}`) its stdout and stderr are only
 * logs: they go to the transcript (lanes `client-stdout`, `client-stderr`), bounded so that a flood
 * costs nothing.
 * Over stdio the caller reads its stdout as the connection (a StdioChannel).
 */
export async function launchClient(spec: ClientTargetSpec, placeholders: ClientPlaceholders, env: Record<string, string>, transcript: Transcript): Promise<ClientProcess> {
  const command = clientCommandLine(spec.command, placeholders);
  transcript.note(`launching the client: ${command}`);
  const process = await launch({ command, ...(spec.cwd ? { cwd: spec.cwd } : {}), env: { ...spec.env, ...env } });
  // Over stdio without {server}, the client's own pipes are the connection.
  return new ClientProcess(process, transcript, spec.transport === 'stdio' && placeholders.server === undefined);
}

/** A launched client: its process, the tail of its stderr, and when it last showed a sign of life. */
export class ClientProcess {
  private readonly tails: Record<'stdout' | 'stderr', OutputTail>;

  constructor(
    readonly process: LaunchedProcess,
    transcript: Transcript,
    stdioConnection: boolean,
  ) {
    this.tails = { stdout: new OutputTail('client-stdout', transcript), stderr: new OutputTail('client-stderr', transcript) };
    // Over stdio the channel reads both pipes itself.
    if (stdioConnection) return;
    process.child.stdout.on('data', (chunk: Buffer) => this.tails.stdout.add(chunk));
    process.child.stderr.on('data', (chunk: Buffer) => this.tails.stderr.add(chunk));
  }

  /** The last lines the client wrote to stderr (HTTP launches only; over stdio the channel keeps them). */
  get stderr(): string[] {
    return this.tails.stderr.last();
  }
}

/** One output stream of a client: recorded line by line up to a bound, its last lines kept for messages. */
class OutputTail {
  private partial = '';
  private recorded = 0;
  private dropped = 0;
  private readonly tail: string[] = [];

  constructor(
    private readonly lane: string,
    private readonly transcript: Transcript,
  ) {}

  add(chunk: Buffer): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = (lines.pop() ?? '').slice(-OUTPUT_LINE_CHARS * 4);
    for (const line of lines) this.line(line);
  }

  last(): string[] {
    return this.partial ? [...this.tail, this.partial.slice(0, OUTPUT_LINE_CHARS)] : [...this.tail];
  }

  private line(text: string): void {
    const line = text.length > OUTPUT_LINE_CHARS ? `${text.slice(0, OUTPUT_LINE_CHARS)}…` : text;
    this.tail.push(line);
    if (this.tail.length > 20) this.tail.shift();
    if (this.recorded < OUTPUT_LINES) {
      this.recorded++;
      this.transcript.record('recv', this.lane, line);
    } else if (this.dropped++ === 0) {
      this.transcript.note(`${this.lane}: more than ${OUTPUT_LINES} lines; the rest are not kept`);
    }
  }
}
