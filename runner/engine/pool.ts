/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the input order in the
 * result. `fn` should not throw (a rejection rejects the whole map, as Promise.all does).
 */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Turns at one shared target: any number of ordinary holders at once, or one exclusive holder with
 * nobody else. An exclusive waiter goes before ordinary holders that ask after it, so it is never
 * starved. Each acquire resolves to its release.
 */
export class TurnLock {
  private holders = 0;
  private exclusiveHeld = false;
  private readonly queue: { exclusive: boolean; grant: () => void }[] = [];

  acquire(exclusive: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      this.queue.push({ exclusive, grant: () => resolve(() => this.release(exclusive)) });
      this.drain();
    });
  }

  private release(exclusive: boolean): void {
    if (exclusive) this.exclusiveHeld = false;
    else this.holders--;
    this.drain();
  }

  /** Grants waiters in arrival order while the head of the queue can go. */
  private drain(): void {
    for (let head = this.queue[0]; head; head = this.queue[0]) {
      if (this.exclusiveHeld || (head.exclusive && this.holders > 0)) return;
      this.queue.shift();
      if (head.exclusive) this.exclusiveHeld = true;
      else this.holders++;
      head.grant();
    }
  }
}
