/**
 * Waits for `promise` at most `ms` milliseconds; true when it settled in time. The timer is
 * cleared either way, so a bounded wait never keeps the process alive.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  const done = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return done;
}
