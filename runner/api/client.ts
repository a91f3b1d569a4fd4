/**
 * Helpers for client scenarios: reading what a client under test sent. Scenarios judge a client by
 * its messages (in arrival order) and, over Streamable HTTP, by the HTTP requests that carried them.
 */
import type { Received } from '../wire/session.js';

/** The method of a request or notification; undefined for responses and frames that are no message. */
export function methodOf(r: Received): string | undefined {
  const c = r.classified;
  return c?.kind === 'request' || c?.kind === 'notification' ? c.message.method : undefined;
}

/** Whether a received frame is a request (or, with `kind`, a notification) of this method. */
export function isMessage(r: Received, method: string, kind: 'request' | 'notification' = 'request'): boolean {
  return r.classified?.kind === kind && r.classified.message.method === method;
}

/** A readable list of what a client sent, for a check's `actual`: methods, `response #id`, or the frame's head. */
export function describeMessages(messages: readonly Received[], max = 8): string[] {
  const shown = messages.slice(0, max).map((r) => {
    const c = r.classified;
    if (c?.kind === 'request') return `request ${c.message.method} (id ${JSON.stringify(c.message.id)})`;
    if (c?.kind === 'notification') return `notification ${c.message.method}`;
    if (c?.kind === 'result' || c?.kind === 'error') return `${c.kind} for id ${JSON.stringify(c.message.id)}`;
    return r.frame.raw.slice(0, 80);
  });
  return messages.length > max ? [...shown, `… ${messages.length - max} more`] : shown;
}
