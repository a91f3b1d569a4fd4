import type { Reply } from './session.js';

/** A reply in words and data, for the `actual` side of a failed check and for messages. */
export function describeReply(reply: Reply | undefined): unknown {
  if (reply === undefined) return 'nothing was sent back';
  switch (reply.kind) {
    case 'result':
      return { result: reply.result };
    case 'error':
      return { error: reply.error };
    case 'timeout':
      return `no response within ${reply.afterMs} ms`;
    case 'closed':
      return `the connection ended: ${reply.reason}`;
    case 'transport-error':
      return `transport error: ${reply.message}`;
  }
}
