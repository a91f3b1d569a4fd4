/**
 * DNS-rebinding probes of a Streamable HTTP server (basic/transports#security-warning): requests
 * that carry the Origin a web page elsewhere would send, next to the same requests without one.
 * The two Origin scenarios (any refusal from 2025-03-26, exactly 403 from 2025-11-25) share them.
 */
import type { Assertion } from '../engine/scenario.js';
import type { ScenarioConnection } from '../engine/connection.js';
import type { HttpExchange } from '../transports/streamable-http.js';
import { exchangeEvidence } from './assert.js';

/** The Origin of a page on another site, as a browser sends it after a DNS rebinding. */
export const FOREIGN_ORIGIN = 'http://evil.example.com';
/** A Host header naming another site: what a rebound page's requests carry (observed, never judged). */
export const FOREIGN_HOST = 'evil.example.com';

/** What a server did with requests from a foreign Origin, and with the same request without one. */
export interface OriginProbes {
  /** initialize outside any session, from the foreign Origin: what an attacking page sends first. */
  initialize: HttpExchange;
  /** A ping of the session, from the foreign Origin. */
  inSession: HttpExchange;
}

const served = (exchange: HttpExchange): boolean => exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;

/**
 * Sends a ping of the session without Origin (the control: a server that refuses it too shows
 * nothing by refusing a foreign Origin, and the scenario is blocked), then initialize and a ping
 * from {@link FOREIGN_ORIGIN}. A session the foreign initialize opened is ended again (DELETE,
 * without Origin). A ping with a foreign Host header is sent too and its answer noted in the
 * transcript only: the text asks servers to validate Origin, and says nothing of Host.
 */
export async function probeForeignOrigin(
  connection: ScenarioConnection,
  note: (text: string) => void,
): Promise<OriginProbes | { blocked: string }> {
  const http = connection.http;
  if (!http) return { blocked: 'not a Streamable HTTP connection' };
  const ping = (id: string): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });
  const control = await http.probe('POST', { body: ping('origin-control') });
  if (!served(control)) {
    return { blocked: `a ping of the session without an Origin header was not served (${exchangeEvidence(control)}), so a refusal of a foreign Origin would show nothing` };
  }
  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 'origin-initialize',
    method: 'initialize',
    params: { protocolVersion: connection.revision, capabilities: {}, clientInfo: { name: 'mcp-conformance', version: '0' } },
  });
  const opened = await http.probe('POST', { body: initialize, headers: { origin: FOREIGN_ORIGIN, 'mcp-session-id': null, 'mcp-protocol-version': null } });
  const stray = opened.headers['mcp-session-id'];
  if (served(opened) && stray !== undefined) await http.probe('DELETE', { headers: { 'mcp-session-id': stray } });
  const inSession = await http.probe('POST', { body: ping('origin-in-session'), headers: { origin: FOREIGN_ORIGIN } });
  const host = await http.probe('POST', { body: ping('origin-host'), headers: { host: FOREIGN_HOST } });
  note(`not judged: a ping with Host: ${FOREIGN_HOST} got ${exchangeEvidence({ ...host, body: '' })} (the text requires Origin validation, not Host validation)`);
  return { initialize: opened, inSession };
}

/**
 * The verdict on one foreign-Origin request: refused with any HTTP 4xx (`'4xx'`, 2025-03-26 on),
 * or with exactly 403 (`403`, 2025-11-25 on). A failure says what to change.
 */
export function originRefused(exchange: HttpExchange, want: '4xx' | 403, what: string): Assertion {
  const status = exchange.status;
  const ok = want === 403 ? status === 403 : status !== undefined && status >= 400 && status < 500;
  const fix =
    status !== undefined && status >= 400 && status < 500
      ? `refused with HTTP ${status}: answer a present, not allowed Origin with HTTP 403 Forbidden`
      : `${what} from Origin ${FOREIGN_ORIGIN} was ${served(exchange) ? 'served' : 'not refused'}: validate the Origin header against an allow-list of the origins the server serves (e.g. http://localhost:PORT) and answer any other with HTTP 403 Forbidden`;
  return {
    ok,
    expected: want === 403 ? `HTTP 403 for ${what} from Origin ${FOREIGN_ORIGIN}` : `an HTTP 4xx refusal (403) for ${what} from Origin ${FOREIGN_ORIGIN}`,
    actual: exchangeEvidence({ ...exchange, body: exchange.body.slice(0, 120) }),
    ...(ok ? {} : { message: fix }),
    frames: [exchange.seq],
  };
}
