import { dirname, resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { REPORTER_NAMES } from '../../reports/names.js';
import { runnableRevisions } from '../engine/bootstrap.js';
import type { Profile } from '../engine/scenario.js';
import { namedRevisions, parseRevisionChoice, REVISIONS } from '../revisions.js';
import { LEGACY_SSE_REVISION, urlTransport } from '../transports/choose.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import { parseFill } from '../auth/browser.js';
import type { ShardSpec } from '../../reports/shard.js';
import { UsageError } from './usage-error.js';

// In a module of its own, so that main.ts can tell a usage error apart without loading yargs.
export { UsageError };

export interface CommonOptions {
  specVersion: string;
  scenario: string[];
  jobs?: number;
  timeout: number;
  reporter: string[];
  out: string;
  verbose: boolean;
  failOn: 'should' | 'must';
  /** `--baseline FILE`: known failures (YAML) to judge the results against. */
  baseline?: string;
  /** `--shard i/n`: run only the i-th of n slices of the plan (reports/shard.ts). */
  shard?: ShardSpec;
}

export interface ServerCommand extends CommonOptions {
  kind: 'server';
  command?: string;
  url?: string;
  header: string[];
  env: string[];
  cwd?: string;
  profile: Profile;
  callTools: boolean;
  /** `--isolate`: no session shared between scenarios. */
  isolate: boolean;
  /** `--tool-args NAME=JSON`, parsed: the arguments to call each named tool with. */
  toolArgs: Record<string, JsonObject>;
  /** `--transport` for URL targets: auto (Streamable HTTP, legacy SSE for /sse or by the backwards-compatibility probe), or one named. */
  transport: TransportChoice;
  /** `--auth-token`, `--auth-token-expired`, `--auth-token-wrong-audience`, `--auth-token-insufficient-scope`, `--client-id`, `--client-secret` (URL targets). */
  auth: AuthFlags;
  /** `authorization --url ISSUER`: the URL is an authorization server, judged alone (no MCP server). */
  authorizationServer?: true;
}

/** The authorization flags of a server run, as given (each at most once). */
export interface AuthFlags {
  token?: string;
  expiredToken?: string;
  wrongAudienceToken?: string;
  insufficientScopeToken?: string;
  clientId?: string;
  clientSecret?: string;
  /** `--authorize`: obtain a token from the server's authorization server when none is given. */
  authorize?: true;
  /** `--auth-approve-selector`: the approve control of a login or consent page. */
  approveSelector?: string;
  /** `--auth-fill FIELD=ENVVAR`, parsed. */
  fill?: Record<string, string>;
}

/** What `--transport` accepts. */
export const TRANSPORT_CHOICES = ['auto', 'streamable-http', 'sse'] as const;
export type TransportChoice = (typeof TRANSPORT_CHOICES)[number];

export interface ListCommand {
  kind: 'list';
  specVersion: string;
  what: 'scenarios' | 'checks' | 'revisions' | 'requirements' | 'coverage' | 'all';
}

/** `report --from FILE`: re-render a saved report.json without running anything. */
export interface ReportCommand {
  kind: 'report';
  /** The saved report.json, as given. */
  from: string;
  reporter: string[];
  /** Folder for file outputs: `--out`, else the folder of `from` (so `--reporter json` rewrites that file). */
  out: string;
  verbose: boolean;
}

/** `report merge A B ... --out DIR`: one report from the reports of every shard of a run. */
export interface ReportMergeCommand {
  kind: 'report-merge';
  /** The shards' report.json files, as given. */
  reports: string[];
  reporter: string[];
  /** Folder for the merged report, its other formats and the copied transcripts. */
  out: string;
  verbose: boolean;
}

/** `baseline update --from FILE`: writes a baseline under which the saved run passes. */
export interface BaselineUpdateCommand {
  kind: 'baseline-update';
  /** The saved report.json. */
  from: string;
  /** The baseline to update (read when it exists, then rewritten). */
  baseline: string;
}

/** Where `baseline update` writes when --baseline is not given. */
export const DEFAULT_BASELINE = 'mcp-conformance.baseline.yml';

/** `report matrix A B ...`: one HTML page comparing saved reports side by side (reports/matrix.ts). */
export interface ReportMatrixCommand {
  kind: 'report-matrix';
  /** The saved report.json files, one column each, in order. */
  reports: string[];
  /** `--label`, one per report in the same order; empty for the labels made from each report. */
  labels: string[];
  /** Folder that matrix.html is written to. */
  out: string;
}

/** What `client --transport` accepts. */
export const CLIENT_TRANSPORTS = ['streamable-http', 'sse', 'stdio'] as const;

/** `client --command CMD`: a client under test, launched per scenario against the server the harness plays. */
export interface ClientCommand extends CommonOptions {
  kind: 'client';
  command: string;
  transport: (typeof CLIENT_TRANSPORTS)[number];
  env: string[];
  cwd?: string;
  /** `--auth`: add the authorization scenarios (the client as an OAuth client). */
  auth?: boolean;
}

export type ParsedCommand = ServerCommand | ClientCommand | ListCommand | ReportCommand | ReportMergeCommand | BaselineUpdateCommand | ReportMatrixCommand;

const EPILOG = `Exit codes: 0 conformant (failures the --baseline expects do not count), 1 non-conformant or a stale --baseline entry, 2 usage error (a malformed --baseline too, reports "report merge" cannot merge) or target unreachable, 3 harness error.
Docs: README.md (how a target is launched, reports, baselines, sharding).`;

function runOptions<T>(y: Argv<T>) {
  return y
    .option('spec-version', {
      type: 'string',
      default: 'auto',
      describe: `revision to test: ${runnableRevisions().join(', ')}, several separated by commas, "auto" (newest the target supports) or "all"${notYet()}`,
    })
    .option('scenario', {
      type: 'string',
      default: [] as string[],
      describe: 'run only scenarios whose id matches this path segment by segment, e.g. base/ping, http, *version* (repeatable)',
    })
    .option('jobs', { type: 'number', describe: 'scenarios run in parallel (default: cores, 2 to 8)' })
    .option('timeout', { type: 'number', default: 10, describe: 'seconds to wait for each response' })
    .option('reporter', {
      type: 'string',
      default: ['console', 'json'],
      describe: `output formats, comma-separated: ${REPORTER_NAMES.join(', ')}`,
    })
    .option('out', { type: 'string', default: 'out', describe: 'directory for report files and transcripts (only those are cleared at the start of a run)' })
    .option('shard', { type: 'string', describe: 'run only slice i of n of the planned scenarios, e.g. 2/3; put the slices back together with "report merge"' })
    .option('baseline', { type: 'string', describe: `known failures to tolerate, YAML (e.g. ${DEFAULT_BASELINE}); a listed check that passes now fails the run` })
    .option('fail-on', { choices: ['should', 'must'] as const, default: 'should' as const, describe: 'lowest keyword whose failure fails the run' })
    .option('verbose', { type: 'boolean', default: false, alias: 'v', describe: 'list passed checks too' });
}

/** The options of a server run: how the server is reached, and what the harness may do to it. */
function serverOptions<T>(y: Argv<T>) {
  return runOptions(y)
    .option('transport', {
      choices: TRANSPORT_CHOICES,
      default: 'auto' as const,
      describe:
        'for URL targets: streamable-http, or sse (the legacy HTTP+SSE transport, 2024-11-05 only); auto: sse when the URL path ends in /sse, else Streamable HTTP, falling back to sse when POST initialize is refused with 4xx and GET announces an endpoint',
    })
    .option('header', { type: 'string', default: [] as string[], describe: 'HTTP header for --url targets, "Name: value" (repeatable)' })
    .option('env', { type: 'string', default: [] as string[], describe: 'environment variable for --command targets, KEY=VALUE (repeatable)' })
    .option('cwd', { type: 'string', describe: 'working directory for --command targets' })
    .option('profile', {
      choices: ['auto', 'blackbox', 'fixtures'] as const,
      default: 'auto' as const,
      describe: 'blackbox: checks any server as it is; fixtures: also the deep checks of the conformance fixture tools, resources and prompts; auto: fixtures where the target exposes them',
    })
    .option('isolate', { type: 'boolean', default: false, describe: 'give every scenario sessions of its own; by default read-only scenarios share a ready session per revision (same verdicts, fewer target starts)' })
    .option('call-tools', { type: 'boolean', default: false, describe: 'call every listed tool, not only the ones annotated read-only, with arguments made from its inputSchema (side effects!)' })
    .option('tool-args', { type: 'string', default: [] as string[], describe: 'call this tool with these arguments, NAME=JSON object (repeatable; implies consent for that tool)' })
    .option('auth-token', { type: 'string', describe: 'for a protected URL target: an access token, sent as "Authorization: Bearer" on every request except the authorization checks\' own (redacted everywhere)' })
    .option('auth-token-expired', { type: 'string', describe: 'an expired token from the same authorization server: unlocks the expiry check' })
    .option('auth-token-wrong-audience', { type: 'string', describe: 'a valid token the same authorization server issued for another resource: unlocks the audience check' })
    .option('auth-token-insufficient-scope', { type: 'string', describe: 'a valid token for this server with fewer scopes than it needs: unlocks the insufficient-scope (403) check' })
    .option('client-id', { type: 'string', describe: 'a client registered beforehand with the server\'s authorization server' })
    .option('client-secret', { type: 'string', describe: 'its secret, for a confidential client (redacted everywhere)' })
    .option('auth-approve-selector', { type: 'string', describe: 'with --authorize, when the authorization server shows a page: a CSS selector for its approve control (default: a button named like Allow, Approve, Authorize, Accept, Continue or Consent)' })
    .option('auth-fill', { type: 'string', default: [] as string[], describe: 'with --authorize: fill this field of a login page from this environment variable, FIELD=ENVVAR (repeatable; the value is never on the command line and is redacted)' })
    .option('authorize', { type: 'boolean', default: false, describe: 'for a protected URL target without --auth-token: obtain a token from its authorization server (registering a client there unless --client-id is given), and run that authorization server\'s checks too' });
}

/** Parses argv into a command; throws UsageError for anything malformed. Never exits the process. */
export async function parseArgs(argv: string[], version: string): Promise<{ command?: ParsedCommand; output?: string }> {
  let parsed: ParsedCommand | undefined;
  let output = '';
  const parser = yargs(argv)
    .scriptName('mcp-conformance')
    .usage(
      [
        '$0 <url-or-command>                         test a server (a URL: HTTP; else a command)',
        '$0 server --command CMD | --url URL         the same, explicitly',
        '$0 client --command CMD [--transport sse|stdio] test a client (it gets the endpoint URL, or {url})',
        '$0 authorization --url ISSUER              test an OAuth authorization server alone',
        '$0 report --from out/report.json            re-render a saved run',
        '$0 report merge out-*/report.json --out DIR one report from --shard runs',
        '$0 report matrix a.json b.json --out DIR    compare runs side by side',
        '$0 baseline update --from out/report.json   write a baseline of known failures',
        '$0 list [scenarios|checks|revisions|requirements]',
      ].join('\n'),
    )
    .command(
      'server',
      'test an MCP server (stdio command or Streamable HTTP URL)',
      (y) =>
        serverOptions(y)
          .option('command', { type: 'string', describe: 'start the server with this command line; alone: talk over its stdio' })
          .option('url', {
            type: 'string',
            describe: 'talk to the server at this Streamable HTTP endpoint; with --command, start it first ({port} becomes a free port)',
          }),
      (a) => {
        parsed = { kind: 'server', ...common(a), ...serverCommon(a), command: a.command, url: a.url };
      },
    )
    .command(
      'authorization',
      'test an OAuth 2.1 authorization server alone (the one a protected MCP server names): its metadata, PKCE, codes, redirect URIs, registration, refresh tokens',
      (y) =>
        runOptions(y)
          .option('url', { type: 'string', describe: 'the authorization server\'s issuer identifier (https://as.example.com, or with a path)' })
          .option('client-id', { type: 'string', describe: 'a client registered with it beforehand (else the checks register one where it offers registration)' })
          .option('client-secret', { type: 'string', describe: 'its secret, for a confidential client (redacted everywhere)' }),
      (a) => {
        if (a.url === undefined) throw new UsageError('authorization needs --url: the issuer identifier of the authorization server to test');
        parsed = {
          kind: 'server',
          ...common(a),
          url: single('--url', a.url),
          authorizationServer: true,
          header: [],
          env: [],
          profile: 'auto',
          callTools: false,
          isolate: false,
          toolArgs: {},
          transport: 'auto',
          auth: {
            ...(a['client-id'] !== undefined ? { clientId: single('--client-id', a['client-id']) } : {}),
            ...(a['client-secret'] !== undefined ? { clientSecret: single('--client-secret', a['client-secret']) } : {}),
          },
        };
      },
    )
    .command(
      'client',
      'test an MCP client: the harness plays the server, and launches the client for every scenario',
      (y) =>
        runOptions(y)
          .option('command', { type: 'string', describe: 'the client\'s command line; the endpoint URL is appended, or replaces {url} (README: "Clients under test")' })
          .option('transport', { choices: CLIENT_TRANSPORTS, default: 'streamable-http' as const, describe: 'streamable-http: the harness hosts an endpoint on 127.0.0.1; sse: a legacy HTTP+SSE endpoint (2024-11-05 only); stdio: the client\'s own stdin and stdout are the connection' })
          .option('env', { type: 'string', default: [] as string[], describe: 'environment variable for the client, KEY=VALUE (repeatable)' })
          .option('cwd', { type: 'string', describe: 'working directory for the client' })
          .option('auth', { type: 'boolean', default: false, describe: 'add the authorization scenarios: the endpoint is behind OAuth, with an authorization server of the harness\'s (Streamable HTTP)' }),
      (a) => {
        if (a.command === undefined) throw new UsageError('client needs --command: the command line that starts the client under test');
        parsed = { kind: 'client', ...common(a), command: single('--command', a.command), transport: a.transport, env: list(a.env), ...(a.cwd !== undefined ? { cwd: single('--cwd', a.cwd) } : {}), ...(a.auth ? { auth: true } : {}) };
      },
    )
    .command(
      'report',
      're-render a saved report.json in any format, without running anything; "report merge": one report from the shards of a run; "report matrix": several reports side by side',
      (y) =>
        y
          .command(
            'matrix [reports..]',
            'compare saved reports side by side: matrix.html, the checks down, one column per report (an SDK\'s transports, revisions, or several SDKs)',
            (m) =>
              m
                .positional('reports', { type: 'string', array: true, describe: 'the report.json files, one column each' })
                .option('label', { type: 'string', describe: 'column heading, one per report in the same order (repeatable; default: target, transport and revisions)' })
                .option('out', { type: 'string', default: 'out', describe: 'directory for matrix.html' })
                .hide('from')
                .hide('reporter')
                .hide('verbose'),
            (a) => {
              if (a.from !== undefined) throw new UsageError('report matrix takes the reports as arguments, not --from');
              parsed = matrixCommand(a.reports ?? [], list(a.label), single('--out', a.out));
            },
          )
          .command(
            'merge <reports..>',
            'merge the report.json of every shard of a run (--shard i/n) into one report, as if the run had not been sharded',
            (m) =>
              m
                .positional('reports', { type: 'string', array: true, describe: 'the report.json of each shard, in any order' })
                .option('out', { type: 'string', demandOption: true, describe: 'directory for the merged report, its formats and the transcripts (copied there)' })
                .option('reporter', { type: 'string', default: 'console,json', describe: `output formats, comma-separated: ${REPORTER_NAMES.join(', ')}` })
                .hide('from'),
            (a) => {
              if (a.from !== undefined) throw new UsageError('report merge takes the shard reports as arguments, not --from');
              parsed = { kind: 'report-merge', reports: a.reports as string[], reporter: list(a.reporter), out: single('--out', a.out), verbose: a.verbose === true };
            },
          )
          .option('from', { type: 'string', describe: 'the report.json to render (required)' })
          .option('reporter', { type: 'string', default: 'console', describe: `output formats, comma-separated: ${REPORTER_NAMES.join(', ')} ` })
          .option('out', { type: 'string', describe: 'directory for report files (default: the directory of --from)' })
          .option('verbose', { type: 'boolean', default: false, alias: 'v', describe: 'list passed checks too' }),
      (a) => {
        if (a.from === undefined) throw new UsageError('Missing required argument: from');
        const from = single('--from', a.from);
        const out = a.out === undefined ? dirname(from) : single('--out', a.out);
        parsed = { kind: 'report', from, reporter: list(a.reporter), out, verbose: a.verbose };
      },
    )
    .command(
      'baseline <action>',
      'baseline update: write a baseline of known failures under which a saved run passes',
      (y) =>
        y
          .positional('action', { choices: ['update'] as const, describe: 'update: add the run\'s failures, drop stale entries, keep the reasons' })
          .option('from', { type: 'string', demandOption: true, describe: 'the report.json of the run' })
          .option('baseline', { type: 'string', default: DEFAULT_BASELINE, describe: 'the baseline file to update or create' }),
      (a) => {
        parsed = { kind: 'baseline-update', from: single('--from', a.from), baseline: single('--baseline', a.baseline) };
      },
    )
    .command(
      'list [what]',
      'list scenarios, checks, revisions and requirements',
      (y) =>
        y
          .positional('what', { choices: ['scenarios', 'checks', 'revisions', 'requirements', 'coverage', 'all'] as const, default: 'all' as const })
          .option('spec-version', { type: 'string', default: 'all', describe: 'only this revision' }),
      (a) => {
        parsed = { kind: 'list', specVersion: a['spec-version'], what: a.what };
      },
    )
    .command(
      '$0 [target]',
      'shorthand: a URL tests a Streamable HTTP server, anything else is a stdio command line',
      (y) => serverOptions(y).positional('target', { type: 'string', describe: 'http(s) URL or quoted command line' }).option('command', { type: 'string', hidden: true }).option('url', { type: 'string', hidden: true }),
      (a) => {
        const target = a.target;
        const isUrl = target !== undefined && /^https?:\/\//i.test(target);
        parsed = {
          kind: 'server',
          ...common(a),
          ...serverCommon(a),
          command: a.command ?? (isUrl ? undefined : target),
          url: a.url ?? (isUrl ? target : undefined),
        };
      },
    )
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .epilog(EPILOG)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw new UsageError(message ?? error?.message ?? 'invalid arguments');
    });
  await parser.parseAsync(argv, {}, (_err, _argv, out) => {
    output = out;
  });
  if (parsed?.kind === 'server') validateServer(parsed);
  if (parsed?.kind === 'client') validateRun(parsed);
  if (parsed && (parsed.kind === 'server' || parsed.kind === 'client' || parsed.kind === 'list')) checkSpecVersion(parsed.specVersion, parsed.kind !== 'list');
  return { command: parsed, output };
}

/** Repeatable flags are plain strings (an array flag would swallow the positional target); repeats arrive as arrays. */
function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A flag that takes one non-empty value (given twice, yargs hands over an array). */
function single(flag: string, value: string | string[]): string {
  if (Array.isArray(value)) throw new UsageError(`${flag} is given more than once`);
  if (value.trim() === '') throw new UsageError(`${flag} is empty`);
  return value;
}

function common(a: {
  'spec-version': string;
  scenario: string | string[];
  jobs: number | undefined;
  timeout: number;
  reporter: string | string[];
  out: string;
  verbose: boolean;
  'fail-on': 'should' | 'must';
  baseline: string | string[] | undefined;
  shard: string | string[] | undefined;
}): CommonOptions {
  return {
    specVersion: a['spec-version'],
    scenario: list(a.scenario),
    jobs: a.jobs,
    timeout: a.timeout,
    reporter: list(a.reporter),
    out: a.out,
    verbose: a.verbose,
    failOn: a['fail-on'],
    ...(a.baseline !== undefined ? { baseline: single('--baseline', a.baseline) } : {}),
    ...(a.shard !== undefined ? { shard: parseShard(single('--shard', a.shard)) } : {}),
  };
}

/**
 * `--shard i/n`: whole numbers, n at least 1 and i from 1 to n (`0/3`, `4/3` and `a/b` are mistakes, each
 * told apart). At most 1000 shards: more is a typo, not a CI matrix.
 */
export function parseShard(value: string): ShardSpec {
  const match = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(value);
  if (!match) throw new UsageError(`--shard "${value.slice(0, 24)}" is not i/n (e.g. --shard 2/3: the second of three shards)`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard ${index}/${count}: the number of shards must be from 1 to ${MAX_SHARDS}`);
  if (index < 1) throw new UsageError(`--shard ${index}/${count}: shards are counted from 1 (1/${count} to ${count}/${count})`);
  if (index > count) throw new UsageError(`--shard ${index}/${count}: there ${count === 1 ? 'is only 1 shard' : `are only ${count} shards`} (1/${count} to ${count}/${count})`);
  return { index, count };
}

const MAX_SHARDS = 1000;

function serverCommon(a: {
  header: string | string[];
  env: string | string[];
  cwd: string | undefined;
  profile: Profile;
  'call-tools': boolean;
  isolate: boolean;
  'tool-args': string | string[];
  transport: TransportChoice;
  'auth-token': string | string[] | undefined;
  'auth-token-expired': string | string[] | undefined;
  'auth-token-wrong-audience': string | string[] | undefined;
  'auth-token-insufficient-scope': string | string[] | undefined;
  'client-id': string | string[] | undefined;
  'client-secret': string | string[] | undefined;
  authorize: boolean;
  'auth-approve-selector': string | string[] | undefined;
  'auth-fill': string | string[];
}): Pick<ServerCommand, 'header' | 'env' | 'cwd' | 'profile' | 'callTools' | 'isolate' | 'toolArgs' | 'transport' | 'auth'> {
  const flag = (name: keyof typeof a & `${string}-${string}`, key: keyof AuthFlags): Partial<AuthFlags> => {
    const value = a[name] as string | string[] | undefined;
    return value === undefined ? {} : { [key]: single(`--${name}`, value) };
  };
  return {
    auth: {
      ...flag('auth-token', 'token'),
      ...flag('auth-token-expired', 'expiredToken'),
      ...flag('auth-token-wrong-audience', 'wrongAudienceToken'),
      ...flag('auth-token-insufficient-scope', 'insufficientScopeToken'),
      ...flag('client-id', 'clientId'),
      ...flag('client-secret', 'clientSecret'),
      ...(a.authorize ? { authorize: true as const } : {}),
      ...(a['auth-approve-selector'] !== undefined ? { approveSelector: single('--auth-approve-selector', a['auth-approve-selector']) } : {}),
      ...(list(a['auth-fill']).length > 0 ? { fill: authFill(list(a['auth-fill'])) } : {}),
    },
    transport: a.transport,
    header: list(a.header),
    env: list(a.env),
    cwd: a.cwd,
    profile: a.profile,
    callTools: a['call-tools'],
    isolate: a.isolate,
    toolArgs: toolArgs(list(a['tool-args'])),
  };
}

/** `--auth-fill` words, through the browser driver's own reading of them (a usage error names the word, never a value). */
function authFill(words: string[]): Record<string, string> {
  try {
    return parseFill(words);
  } catch (err) {
    throw new UsageError(`--auth-fill: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The authorization flags: URL targets only, a secret needs its client, a token not given twice over. */
function validateAuth(cmd: ServerCommand): void {
  const given = Object.entries({ '--auth-token': cmd.auth.token, '--auth-token-expired': cmd.auth.expiredToken, '--auth-token-wrong-audience': cmd.auth.wrongAudienceToken, '--auth-token-insufficient-scope': cmd.auth.insufficientScopeToken, '--client-id': cmd.auth.clientId, '--client-secret': cmd.auth.clientSecret, '--authorize': cmd.auth.authorize })
    .filter(([, value]) => value !== undefined)
    .map(([flag]) => flag);
  if (given.length === 0) return;
  if (cmd.url === undefined) throw new UsageError(`${given[0]} applies only to URL targets (authorization is for HTTP; a server over stdio takes its credentials from its environment: --env)`);
  if ((cmd.auth.approveSelector !== undefined || cmd.auth.fill !== undefined) && !cmd.auth.authorize) throw new UsageError('--auth-approve-selector and --auth-fill apply to --authorize (the pages of the authorization server it walks)');
  if (cmd.auth.authorize && cmd.auth.token !== undefined) throw new UsageError('--authorize obtains a token when none is given: leave out --auth-token, or --authorize');
  if (cmd.auth.clientSecret !== undefined && cmd.auth.clientId === undefined) throw new UsageError('--client-secret needs --client-id: the client whose secret it is');
  if (cmd.auth.token !== undefined && /\s/.test(cmd.auth.token.trim())) throw new UsageError('--auth-token is the token alone, without "Bearer " or spaces');
  if (cmd.auth.token !== undefined && cmd.header.some((h) => /^authorization\s*:/i.test(h))) throw new UsageError('--auth-token and --header Authorization both set the Authorization header: give one');
}

/** Checks `report matrix` arguments: a label per report or none, no label empty or given twice, no report given twice. */
function matrixCommand(reports: string[], labels: string[], out: string): ReportMatrixCommand {
  if (reports.length === 0) throw new UsageError('report matrix needs the report.json files to compare, one per column');
  for (const report of reports) if (report.trim() === '') throw new UsageError('report matrix: a report path is empty');
  const again = reports.find((r, i) => reports.findIndex((x) => resolve(x) === resolve(r)) !== i);
  if (again !== undefined) throw new UsageError(`report matrix: ${again} is given more than once`);
  if (labels.length > 0 && labels.length !== reports.length) {
    throw new UsageError(`report matrix: ${labels.length} --label for ${reports.length} reports; give one per report, in the same order, or none`);
  }
  if (labels.some((l) => l.trim() === '')) throw new UsageError('report matrix: a --label is empty');
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice !== undefined) throw new UsageError(`report matrix: --label "${twice}" is given twice; columns need different labels`);
  return { kind: 'report-matrix', reports, labels, out };
}

/** `--tool-args NAME=JSON`: the JSON must be an object (a tool's arguments); a name given twice is a mistake. */
function toolArgs(values: string[]): Record<string, JsonObject> {
  const parsed: Record<string, JsonObject> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) throw new UsageError(`--tool-args "${unquotable(value)}" is not NAME=JSON`);
    const name = value.slice(0, at);
    let args: unknown;
    try {
      args = JSON.parse(value.slice(at + 1));
    } catch {
      throw new UsageError(`--tool-args ${name}: the arguments are not JSON`);
    }
    if (!isJsonObject(args)) throw new UsageError(`--tool-args ${name}: the arguments must be a JSON object`);
    if (Object.hasOwn(parsed, name)) throw new UsageError(`--tool-args ${name} is given more than once`);
    parsed[name] = args;
  }
  return parsed;
}

/** The revisions the tool knows but cannot run yet, for the help text. */
function notYet(): string {
  const pending = REVISIONS.filter((r) => !runnableRevisions().includes(r));
  return pending.length ? ` (${pending.join(' and ')}: not runnable yet)` : '';
}

function checkSpecVersion(value: string, forRun: boolean): void {
  const choice = parseRevisionChoice(value);
  if (choice === undefined) {
    throw new UsageError(`unknown --spec-version "${value}"; use one of ${REVISIONS.join(', ')} (or several, separated by commas, each once), auto or all`);
  }
  const unrunnable = forRun ? namedRevisions(choice)?.find((r) => !runnableRevisions().includes(r)) : undefined;
  if (unrunnable) {
    throw new UsageError(`${unrunnable} cannot be run yet (its bootstrap is not implemented); use ${runnableRevisions().join(', ')}, auto or all`);
  }
}

/** The checks every run command shares: --jobs, --timeout, --env. */
function validateRun(cmd: ServerCommand | ClientCommand): void {
  if (cmd.jobs !== undefined && (!Number.isInteger(cmd.jobs) || cmd.jobs < 1 || cmd.jobs > 64)) throw new UsageError('--jobs must be a whole number from 1 to 64');
  if (!Number.isFinite(cmd.timeout) || cmd.timeout <= 0 || cmd.timeout > 3600) throw new UsageError('--timeout must be a number of seconds above 0 (at most 3600)');
  for (const pair of cmd.env) if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(pair)) throw new UsageError(`--env "${unquotable(pair)}" is not KEY=VALUE`);
}

function validateServer(cmd: ServerCommand): void {
  if (cmd.command === undefined && cmd.url === undefined) throw new UsageError('no target: give a URL or a command line, or --command / --url');
  if (cmd.command !== undefined && cmd.command.trim() === '') throw new UsageError('--command is empty');
  validateRun(cmd);
  for (const header of cmd.header) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+:\s*\S/.test(header)) throw new UsageError(`--header "${unquotable(header)}" is not "Name: value"`);
  }
  if (cmd.header.length > 0 && cmd.url === undefined) throw new UsageError('--header applies only to --url targets');
  if (cmd.command === undefined && cmd.url?.includes('{port}')) throw new UsageError('{port} in --url needs a --command that starts the server');
  if (cmd.env.length > 0 && cmd.command === undefined) throw new UsageError('--env applies only to --command targets');
  if (cmd.transport !== 'auto' && cmd.url === undefined) throw new UsageError('--transport applies only to URL targets (a command alone is tested over stdio)');
  validateAuth(cmd);
  const legacy = cmd.transport === 'sse' || (cmd.transport === 'auto' && cmd.url !== undefined && urlTransport(cmd.url) === 'legacy-sse');
  if (legacy && (namedRevisions(parseRevisionChoice(cmd.specVersion) ?? 'auto') ?? []).some((r) => r !== LEGACY_SSE_REVISION)) {
    const why = cmd.transport === 'sse' ? '--transport sse' : 'a URL ending in /sse';
    throw new UsageError(`${why} means the legacy HTTP+SSE transport, which exists only at ${LEGACY_SSE_REVISION} (2025-03-26 replaced it with Streamable HTTP): use --spec-version ${LEGACY_SSE_REVISION} or auto, or --transport streamable-http`);
  }
}

/**
 * A malformed flag value as an error message may quote it: a header or variable that did not parse
 * may still hold a credential (`Authorization=Bearer ...`), so only its start is shown, up to the
 * first separator, and never more than 24 characters.
 */
function unquotable(value: string): string {
  const head = /^[^\s:=]*/.exec(value)?.[0] ?? '';
  const shown = head.length > 24 ? head.slice(0, 24) : head;
  return shown.length < value.length ? `${shown}…` : shown;
}
