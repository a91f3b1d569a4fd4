/**
 * The harness's own Client ID Metadata Documents, served over https on 127.0.0.1 with a certificate
 * of a CA made for the run (throwaway-ca.ts): an authorization server resolves a URL client_id by
 * fetching it, and this host counts those fetches. Each document gets a URL of its own, so
 * concurrent scenarios never share one, and a cached copy of one never stands in for another.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeThrowawayCa } from './throwaway-ca.js';

/** What a document URL answers. */
export interface HostedDocument {
  body: string;
  /** Default application/json. */
  contentType?: string;
  cacheControl?: string;
}

export interface CimdHost {
  /** `https://127.0.0.1:<port>`. */
  origin: string;
  /** The CA certificate (PEM) to trust for this host. */
  caPem: string;
  /** A new URL of the host, serving what `document` makes of it. */
  publish(document: (url: string) => HostedDocument): string;
  /** How many GET requests a published URL has had. */
  fetches(url: string): number;
  /** TLS handshakes that failed, in words (a client that does not trust the CA ends its handshake so). */
  readonly handshakeFailures: string[];
  close(): Promise<void>;
}

export async function startCimdHost(): Promise<CimdHost> {
  const ca = makeThrowawayCa();
  const documents = new Map<string, { doc: HostedDocument; gets: number }>();
  const handshakeFailures: string[] = [];
  const server = createServer({ cert: ca.certPem, key: ca.keyPem }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    const entry = documents.get(path);
    if (!entry || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(entry ? 405 : 404, { 'content-type': 'text/plain' }).end(entry ? 'GET only' : 'not found');
      return;
    }
    if (req.method === 'GET') entry.gets++;
    const headers: Record<string, string> = { 'content-type': entry.doc.contentType ?? 'application/json' };
    if (entry.doc.cacheControl !== undefined) headers['cache-control'] = entry.doc.cacheControl;
    res.writeHead(200, headers).end(req.method === 'GET' ? entry.doc.body : undefined);
  });
  server.on('tlsClientError', (err) => void handshakeFailures.push(err.message));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    caPem: ca.caPem,
    publish(document) {
      const path = `/clients/${randomBytes(9).toString('base64url')}/client-metadata.json`;
      const url = origin + path;
      documents.set(path, { doc: document(url), gets: 0 });
      return url;
    },
    fetches: (url) => documents.get(new URL(url).pathname)?.gets ?? 0,
    handshakeFailures,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
