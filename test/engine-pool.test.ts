/**
 * The run's bounded parallelism and its turns at a shared target: a scenario that changes what every
 * client sees holds the target alone, and is not starved by ordinary scenarios that keep coming.
 */
import { describe, expect, it } from 'vitest';
import { mapPool, TurnLock } from '../runner/engine/pool.js';

/** A promise and the function that settles it: a step of the test, taken when the test says. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('mapPool', () => {
  it('keeps the input order and never has more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapPool([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});

describe('TurnLock', () => {
  it('lets ordinary holders share, and an exclusive holder wait for them and then hold alone', async () => {
    const lock = new TurnLock();
    const events: string[] = [];
    const a = await lock.acquire(false);
    const b = await lock.acquire(false);
    const x = lock.acquire(true).then((release) => (events.push('x'), release));
    // Asked after the exclusive waiter: goes after it, though ordinary holders are in.
    const c = lock.acquire(false).then((release) => (events.push('c'), release));
    await tick();
    expect(events).toEqual([]);
    a();
    await tick();
    expect(events).toEqual([]);
    b();
    const releaseX = await x;
    await tick();
    expect(events).toEqual(['x']);
    releaseX();
    (await c)();
    expect(events).toEqual(['x', 'c']);
  });

  it('runs exclusive holders one at a time, in the order they asked', async () => {
    const lock = new TurnLock();
    const order: string[] = [];
    const first = gate();
    const one = lock.acquire(true).then(async (release) => {
      order.push('one in');
      await first.opened;
      order.push('one out');
      release();
    });
    const two = lock.acquire(true).then((release) => {
      order.push('two in');
      release();
    });
    await tick();
    expect(order).toEqual(['one in']);
    first.open();
    await Promise.all([one, two]);
    expect(order).toEqual(['one in', 'one out', 'two in']);
  });
});
