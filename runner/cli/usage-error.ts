/** A command-line mistake: exit code 2 with this message, on one line ending with `hint`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** Where to look next; empty when the message already says. */
    readonly hint = 'see mcp-conformance --help',
  ) {
    super(message);
  }
}
