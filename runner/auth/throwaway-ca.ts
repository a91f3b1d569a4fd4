/**
 * A certificate authority made for one run, and a server certificate it signs for 127.0.0.1 and
 * localhost: what the harness serves its client metadata documents with over https (Client ID
 * Metadata Documents need an https URL). Made with node:crypto alone (P-256 keys, ECDSA with
 * SHA-256; the X.509 structures written out in DER here), so no openssl is needed. The CA's key lives
 * in memory only and is never written anywhere: only its certificate goes to the run's folder, for
 * an authorization server under test to be told to trust.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface ThrowawayCa {
  /** The CA certificate, PEM. */
  caPem: string;
  /** The server certificate for 127.0.0.1 and localhost, PEM, signed by the CA. */
  certPem: string;
  /** The server certificate's private key, PKCS #8 PEM. */
  keyPem: string;
}

/** A CA valid from an hour ago for `days` days, and a server certificate it signed. */
export function makeThrowawayCa(days = 2): ThrowawayCa {
  const notBefore = new Date(Date.now() - 3600_000);
  const notAfter = new Date(Date.now() + days * 86400_000);
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = name('mcp-conformance throwaway CA');
  const caCert = certificate({
    issuer: caName,
    subject: caName,
    publicKey: ca.publicKey,
    signer: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension('2.5.29.19', true, seq(boolean(true))),
      // keyCertSign and cRLSign (bits 5 and 6).
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
    ],
  });
  const leafCert = certificate({
    issuer: caName,
    subject: name('127.0.0.1'),
    publicKey: leaf.publicKey,
    signer: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension('2.5.29.19', true, seq()),
      // digitalSignature (bit 0).
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
      // serverAuth.
      extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
      // iPAddress 127.0.0.1 and dNSName localhost.
      extension('2.5.29.17', false, seq(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from('localhost')))),
    ],
  });
  return { caPem: pem('CERTIFICATE', caCert), certPem: pem('CERTIFICATE', leafCert), keyPem: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';

function certificate(o: { issuer: Buffer; subject: Buffer; publicKey: KeyObject; signer: KeyObject; notBefore: Date; notAfter: Date; extensions: Buffer[] }): Buffer {
  const algorithm = seq(oid(ECDSA_SHA256));
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    o.issuer,
    seq(utcTime(o.notBefore), utcTime(o.notAfter)),
    o.subject,
    o.publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...o.extensions)),
  );
  return seq(tbs, algorithm, bitString(sign('sha256', tbs, o.signer), 0));
}

/** A Name with one common name. */
function name(commonName: string): Buffer {
  return seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [boolean(true)] : []), tlv(0x04, value));
}

/** DER: tag, definite length, content. */
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

function seq(...parts: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(parts));
}

function boolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0]));
}

/** A non-negative INTEGER from big-endian bytes. */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function bitString(bytes: Buffer, unusedBits: number): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const out = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime, YYMMDDHHMMSSZ (RFC 5280: for dates through 2049). */
function utcTime(date: Date): Buffer {
  const two = (n: number): string => String(n).padStart(2, '0');
  const text = `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
