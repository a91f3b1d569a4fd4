/** The target cannot be reached or started at all: the run ends with exit code 2 and this message. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}
