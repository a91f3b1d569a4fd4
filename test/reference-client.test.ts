/**
 * The reference client (fixtures/reference-client.ts) against a server it was not written with:
 * the SDK fixture server (fixtures/third-party/sdk-server.ts), over Streamable HTTP and over stdio
 * (the two processes piped together, each one's stdout the other's stdin), at 2025-06-18 and
 * 2025-11-25 with the `tools_call` behaviour (and at 2026-07-28 over HTTP, where it falls back to initialize), and the v2 SDK server (sdk2-server.ts) at 2026-07-28; resuming a stream against the reference server that
 * polls (--sse --poll); the legacy HTTP+SSE transport against the reference server's /sse; a few server moves no real server makes on demand (requests to the client on
 * a request's stream, a 404 for the session, a counter-offered or unknown version), from a small
 * scripted server here, every client frame checked against the schema; and its defect table. The harness's client suites
 * judge the client itself; this only shows that it completes its behaviour with a real server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, getValidator } from '../runner/validation/validator.js';
import { sdkServerPath, startSdkHttp } from '../fixtures/third-party/sdk.js';
import { CLIENT_DEFECT_NAMES } from '../fixtures/reference-client/defects.js';
import { PORT_PLACEHOLDER, startHttpProcess } from '../fixtures/process.js';
import { root, startReferenceHttp } from './support/cli.js';

const dist = join(root, 'dist');
const client = join(dist, 'fixtures', 'reference-client.js');
const REVISIONS = ['2025-06-18', '2025-11-25'] as const;

interface Exit {
  code: number | null;
  stderr: string;
}

function env(revision: string): NodeJS.ProcessEnv {
  return { ...process.env, MCP_CONFORMANCE_SCENARIO: 'tools_call', MCP_CONFORMANCE_PROTOCOL_VERSION: revision };
}

/** Collects a child's stderr and resolves with its exit code once it has exited. */
async function exited(child: ChildProcess): Promise<Exit> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

/** An HTTP request the scripted server saw. */
interface Seen {
  method: string;
  session: string | undefined;
  version: string | undefined;
  body: string;
}

interface Script {
  /** The protocolVersion answered to initialize (default: the one offered). */
  answer?: string;
  /** Ask the client ping, roots/list, sampling, elicitation (form; and url at 2025-11-25) and an unknown method on the tools/list stream. */
  ask?: boolean;
  /** Answer the first tools/call with 404, as for a session the server forgot. */
  forgetOnCall?: boolean;
}

interface Scripted extends Exit {
  seen: Seen[];
  /** `method -> result or error` of each request the server asked the client. */
  answers: string[];
  /** Schema issues of the client's frames. */
  issues: string[];
}

const ELICITATION_SCHEMA = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email', default: 'someone@example.com' },
    name: { type: 'string', minLength: 12 },
    age: { type: 'integer', minimum: 18, default: 30 },
    plain: { type: 'boolean' },
    colour: { type: 'string', enum: ['red', 'green'] },
  },
  required: ['name'],
};

function asks(revision: string): { method: string; params?: object }[] {
  return [
    { method: 'ping' },
    { method: 'roots/list' },
    { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }], maxTokens: 10 } },
    { method: 'no/such-method', params: {} },
    ...(revision >= '2025-06-18' ? [{ method: 'elicitation/create', params: { message: 'fill in', requestedSchema: ELICITATION_SCHEMA } }] : []),
    ...(revision >= '2025-11-25' ? [{ method: 'elicitation/create', params: { mode: 'url', message: 'open', url: 'https://example.com/', elicitationId: 'e-1' } }] : []),
  ];
}

/** Runs the client (tools_call) against a scripted Streamable HTTP server of one session at a time. */
async function scripted(revision: string, script: Script): Promise<Scripted> {
  const validator = getValidator(revision as Parameters<typeof getValidator>[0]);
  const seen: Seen[] = [];
  const answers: string[] = [];
  const issues: string[] = [];
  const asked = new Map<string, { method: string; done: () => void }>();
  let session = 0;
  let calls = 0;
  const json = (res: ServerResponse, id: unknown, result: object): void => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Mcp-Session-Id': `s${session}` }).end(JSON.stringify({ jsonrpc: '2.0', id, result }));
  };
  const event = (res: ServerResponse, frame: object): boolean => res.write(`data: ${JSON.stringify(frame)}\n\n`);
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const header = (name: string): string | undefined => req.headers[name] as string | undefined;
    seen.push({ method: req.method ?? '', session: header('mcp-session-id'), version: header('mcp-protocol-version'), body });
    if (req.method !== 'POST') return void res.writeHead(req.method === 'DELETE' ? 200 : 405).end();
    const message = JSON.parse(body) as { id?: string | number; method?: string; params?: { protocolVersion?: string }; result?: unknown; error?: unknown };
    issues.push(...[...validator.message(message), ...validator.methodMessage(message)].map((issue) => `${body.slice(0, 80)}: ${formatIssue(issue)}`));
    if (message.method === 'initialize') return json(res, message.id, { protocolVersion: script.answer ?? message.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'scripted', version: '1' } });
    if (header('mcp-session-id') !== `s${session}`) return void res.writeHead(404).end();
    if (message.method === undefined) {
      const question = asked.get(String(message.id));
      if (question && message.result !== undefined) issues.push(...validator.result(question.method, message.result).map((issue) => `${question.method} result: ${formatIssue(issue)}`));
      answers.push(`${question?.method} -> ${JSON.stringify(message.result ?? message.error)}`);
      question?.done();
    }
    if (message.id === undefined || message.method === undefined) return void res.writeHead(202).end();
    if (message.method === 'tools/list') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const questions = (script.ask ? asks(revision) : []).map((q, i) => ({ jsonrpc: '2.0', id: `ask-${i}`, ...q }));
      const done = questions.map((q) => new Promise<void>((resolve) => asked.set(q.id, { method: q.method, done: resolve })));
      for (const question of questions) event(res, question);
      await Promise.all(done);
      event(res, { jsonrpc: '2.0', id: message.id, result: { tools: [{ name: 'add', inputSchema: { type: 'object' } }] } });
      return void res.end();
    }
    if (message.method === 'tools/call' && script.forgetOnCall && ++calls === 1) {
      session++;
      return void res.writeHead(404).end();
    }
    return json(res, message.id, { content: [{ type: 'text', text: '5' }] });
  };
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.headers['mcp-session-id'] === undefined) session++;
    void serve(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    const run = await exited(spawn(process.execPath, [client, url], { env: env(revision), stdio: ['ignore', 'pipe', 'pipe'] }));
    return { ...run, seen, answers, issues };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe.concurrent('the reference client', () => {
  // The stateless revision, against a server of the SDK line that speaks it (no handshake: _meta on every request).
  const sdk2 = join(dist, 'fixtures', 'third-party', 'sdk2-server.js');
  it('completes tools_call over Streamable HTTP at 2026-07-28 against the v2 SDK server', async () => {
    const server = await startHttpProcess({ name: 'sdk2-server', argv: [process.execPath, sdk2, '--http', '--port', PORT_PLACEHOLDER], path: '/mcp' });
    try {
      const run = await exited(spawn(process.execPath, [client, server.url], { env: env('2026-07-28'), stdio: ['ignore', 'pipe', 'pipe'] }));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('tools/call add: done');
    } finally {
      await server.stop();
    }
  });

  it('completes tools_call over stdio at 2026-07-28 against the reference server, through every tools/list page', async () => {
    const server = join(dist, 'fixtures', 'reference-server.js');
    const run = await exited(spawn(process.execPath, [client, '--spawn', `${process.execPath} ${server}`], { env: env('2026-07-28'), stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(run.code, run.stderr).toBe(0);
    // The first tool listed is echo, which a and b do not suit: the call is made and answered all the same.
    expect(run.stderr).toContain('tools/call echo: the tool reported an error');
    expect(run.stderr).not.toContain('more than');
  });

  it('completes tools_call over stdio at 2026-07-28 against the v2 SDK server it spawns', async () => {
    const run = await exited(spawn(process.execPath, [client, '--spawn', `${process.execPath} ${sdk2}`], { env: env('2026-07-28'), stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('tools/call add: done');
  });

  // A server of the earlier era: the 1.x SDK answers the first POST (no session yet) 400 with a -32000 error, none of the modern ones.
  it('falls back to initialize over Streamable HTTP at 2026-07-28 against the 1.x SDK server, and completes tools_call', async () => {
    const server = await startSdkHttp(dist);
    try {
      const run = await exited(spawn(process.execPath, [client, server.url], { env: env('2026-07-28'), stdio: ['ignore', 'pipe', 'pipe'] }));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('HTTP 400 with error -32000, none of the modern errors: a server of the earlier era');
      expect(run.stderr).toContain('tools/call add: done');
    } finally {
      await server.stop();
    }
  });

  for (const revision of REVISIONS) {
    it(`completes tools_call over Streamable HTTP at ${revision} against the SDK server`, async () => {
      const server = await startSdkHttp(dist);
      try {
        const run = await exited(spawn(process.execPath, [client, server.url], { env: env(revision), stdio: ['ignore', 'pipe', 'pipe'] }));
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toContain('tools/call add: done');
      } finally {
        await server.stop();
      }
    });

    it(`completes tools_call over stdio at ${revision} against the SDK server`, async () => {
      const server = spawn(process.execPath, [sdkServerPath(dist)], { stdio: ['pipe', 'pipe', 'ignore'] });
      const child = spawn(process.execPath, [client, '--stdio'], { env: env(revision), stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdout!.pipe(server.stdin!);
      server.stdout!.pipe(child.stdin!);
      const serverExit = once(server, 'exit');
      try {
        const run = await exited(child);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toContain('tools/call add: done');
        // The client closed its stdout, which is the server's stdin: the server ends on its own.
        await serverExit;
      } finally {
        server.kill();
      }
    });
  }

  it('resumes with GET and Last-Event-ID when a POST stream ends before its response (the reference server polling, 2025-11-25)', async () => {
    const server = await startReferenceHttp(undefined, ['--sse', '--poll']);
    try {
      const run = await exited(spawn(process.execPath, [client, server.url], { env: env('2025-11-25'), stdio: ['ignore', 'pipe', 'pipe'] }));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/resuming after event \S+ in 30 ms/);
      expect(run.stderr).toContain('tools/call echo:');
    } finally {
      await server.stop();
    }
  });

  it('completes tools_call over the legacy HTTP+SSE transport (2024-11-05) against the reference server, and refuses an endpoint on another origin', async () => {
    const [good, foreign] = await Promise.all([startReferenceHttp(), startReferenceHttp('legacy-endpoint-other-origin')]);
    try {
      const sse = (url: string): string => url.replace(/\/mcp$/, '/sse');
      const [run, refused] = await Promise.all(
        [good, foreign].map((server) => exited(spawn(process.execPath, [client, sse(server.url)], { env: env('2024-11-05'), stdio: ['ignore', 'pipe', 'pipe'] }))),
      );
      expect(run!.code, run!.stderr).toBe(0);
      expect(run!.stderr).toMatch(/the server's endpoint: http:\/\/127\.0\.0\.1:\d+\/messages\?sessionId=/);
      expect(run!.stderr).toContain('tools/call echo:');
      expect(refused!.code).toBe(1);
      expect(refused!.stderr).toContain('the endpoint event names http://evil.example.com/messages, on another origin than the SSE stream');
    } finally {
      await Promise.all([good.stop(), foreign.stop()]);
    }
  });

  for (const revision of REVISIONS) {
    it(`answers the server's requests on a request's stream before its response, with valid results, at ${revision}`, async () => {
      const run = await scripted(revision, { ask: true });
      expect(run.code, run.stderr).toBe(0);
      expect(run.issues).toEqual([]);
      const root = run.answers.find((a) => a.startsWith('roots/list'));
      expect(root).toMatch(/"uri":"file:\/\//);
      expect(run.answers).toContain('ping -> {}');
      expect(run.answers).toContain('no/such-method -> {"code":-32601,"message":"Method not found"}');
      // Defaults where given, else valid values (minLength, first enum value).
      expect(run.answers).toContain(
        'elicitation/create -> {"action":"accept","content":{"email":"someone@example.com","name":"referencexxx","age":30,"plain":false,"colour":"red"}}',
      );
      if (revision === '2025-11-25') expect(run.answers).toContain('elicitation/create -> {"action":"decline"}');
    });
  }

  it('starts a new session once after a 404, sending the counter-offered version in MCP-Protocol-Version', async () => {
    const run = await scripted('2025-11-25', { answer: '2025-06-18', forgetOnCall: true });
    expect(run.code, run.stderr).toBe(0);
    expect(run.issues).toEqual([]);
    const lines = run.seen.map((s) => `${s.method} ${s.session ?? '-'} ${s.version ?? '-'} ${(JSON.parse(s.body || '{}') as { method?: string }).method ?? ''}`);
    expect(lines).toEqual([
      'POST - - initialize',
      'POST s1 2025-06-18 notifications/initialized',
      'POST s1 2025-06-18 tools/list',
      'POST s1 2025-06-18 tools/call',
      'POST - - initialize',
      'POST s3 2025-06-18 notifications/initialized',
      'POST s3 2025-06-18 tools/call',
      'DELETE s3 2025-06-18 ',
    ]);
  });

  it('disconnects from a protocol version it does not support: exit 1, nothing but DELETE after initialize', async () => {
    const run = await scripted('2025-11-25', { answer: '1999-01-01' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"1999-01-01", which this client does not support');
    expect(run.seen.map((s) => `${s.method} ${s.session ?? '-'}`)).toEqual(['POST -', 'DELETE s1']);
  });

  it('--list-defects prints every defect as JSON, each with its proofs', async () => {
    const child = spawn(process.execPath, [client, '--list-defects'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const run = await exited(child);
    expect(run.code, run.stderr).toBe(0);
    const table = JSON.parse(stdout) as Record<string, { transports: string[]; violates: string[]; proofs: unknown[] }>;
    expect(Object.keys(table)).toEqual([...CLIENT_DEFECT_NAMES]);
    for (const entry of Object.values(table)) {
      expect(entry.violates.length).toBeGreaterThan(0);
      expect(entry.transports.length).toBeGreaterThan(0);
      expect(entry.proofs.length).toBeGreaterThan(0);
    }
  });
});
