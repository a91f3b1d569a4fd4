/** The target cannot be reached or started at all: the run ends with exit code 2 and this message. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

/** The target cannot be tested as asked (a revision its transport does not have): a usage error, exit code 2. */
export class TargetUsageError extends Error {
  override readonly name = 'TargetUsageError';
}
