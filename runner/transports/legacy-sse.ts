/**
 * The HTTP+SSE transport of 2024-11-05 (deprecated since 2025-03-26): the client GETs an SSE
 * stream whose first event, `endpoint`, names the URL to POST messages to. The harness does not
 * speak it yet; this module only recognises it, so that pointing the tool at such a server says
 * what it is instead of "not an MCP endpoint".
 */
import { createParser } from 'eventsource-parser';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How much of the stream is read at most while looking for the endpoint event. */
const SNIFF_BYTES = 64 * 1024;

/**
 * GETs `url` as a legacy SSE client would and resolves with the endpoint the server announced, or
 * undefined when the answer is not an SSE stream starting with an `endpoint` event within
 * `timeoutMs`. Never rejects; always closes the stream.
 */
export function sniffLegacySse(url: string, headers: Record<string, string>, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (endpoint: string | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(endpoint);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const req = send(target, { method: 'GET', headers: { ...headers, accept: 'text/event-stream' } });
    req.once('error', () => done(undefined));
    req.once('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) return done(undefined);
      const parser = createParser({ onEvent: (event) => done(event.event === 'endpoint' ? event.data.trim() : undefined) });
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.byteLength;
        if (read > SNIFF_BYTES) return done(undefined);
        parser.feed(chunk.toString('utf8'));
      });
      res.once('end', () => done(undefined));
      res.once('error', () => done(undefined));
    });
    req.end();
  });
}
