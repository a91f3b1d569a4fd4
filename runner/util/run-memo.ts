/**
 * Values a run makes once and its scenarios share (a client registered with an authorization server,
 * the harness's https host): the first caller of a key makes it, every later caller gets the same
 * promise, settled or not. Whatever was made with a `close` is closed when the run ends.
 */
export class RunMemo {
  private readonly values = new Map<string, Promise<unknown>>();
  private readonly closers: Array<() => Promise<void>> = [];

  once<T>(key: string, make: () => Promise<T>, close?: (value: T) => Promise<void>): Promise<T> {
    const known = this.values.get(key);
    if (known) return known as Promise<T>;
    const made = make();
    this.values.set(key, made);
    if (close) this.closers.push(() => made.then(close, () => undefined));
    return made;
  }

  /** Closes everything made with a `close`, each once; later calls close what was made since. */
  async close(): Promise<void> {
    const closers = this.closers.splice(0);
    await Promise.all(closers.map((c) => c().catch(() => undefined)));
  }
}
