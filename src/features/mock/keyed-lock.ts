/**
 * Runs work for one key at a time. A session is touched by messages, clicks, forms and the tick,
 * each awaiting sends between reading and writing its state: per-session serialization keeps a
 * double "next" (or a "next" racing the deadline) from moving the interview on twice.
 */
export class KeyedLock {
  private readonly tails = new Map<number, Promise<void>>();

  run<T>(key: number, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
