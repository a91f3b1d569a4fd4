/**
 * The CA the harness makes for a run (runner/auth/throwaway-ca.ts, DER written by hand): a CA
 * certificate, and a server certificate it signed for 127.0.0.1 and localhost that Node's TLS accepts
 * when told to trust the CA, and refuses otherwise. The https host of the client metadata documents
 * (runner/auth/cimd-host.ts) is what is served with it.
 */
import { X509Certificate } from 'node:crypto';
import { get } from 'node:https';
import { describe, expect, it } from 'vitest';
import { startCimdHost } from '../runner/auth/cimd-host.js';
import { makeThrowawayCa } from '../runner/auth/throwaway-ca.js';

function fetchText(url: string, ca?: string): Promise<{ status: number; body: string; cacheControl?: string }> {
  return new Promise((resolve, reject) => {
    get(url, ca ? { ca } : {}, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ...(res.headers['cache-control'] ? { cacheControl: res.headers['cache-control'] } : {}) }));
    }).on('error', reject);
  });
}

describe('the throwaway CA and the https host of client metadata documents', () => {
  it('makes a CA and a server certificate for 127.0.0.1 and localhost signed by it', () => {
    const made = makeThrowawayCa();
    const ca = new X509Certificate(made.caPem);
    const leaf = new X509Certificate(made.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('serves each published document at a URL of its own to a client trusting the CA, counting the GETs; refuses the handshake otherwise', async () => {
    const host = await startCimdHost();
    try {
      const url = host.publish((u) => ({ body: JSON.stringify({ client_id: u }), cacheControl: 'max-age=600' }));
      const other = host.publish(() => ({ body: '{}' }));
      expect(url).not.toBe(other);
      const got = await fetchText(url, host.caPem);
      expect(got).toEqual({ status: 200, body: JSON.stringify({ client_id: url }), cacheControl: 'max-age=600' });
      expect([host.fetches(url), host.fetches(other)]).toEqual([1, 0]);
      await expect(fetchText(url)).rejects.toThrow(/certificate/);
      await expect.poll(() => host.handshakeFailures.length).toBeGreaterThan(0);
      expect(host.fetches(url)).toBe(1);
    } finally {
      await host.close();
    }
  });
});
