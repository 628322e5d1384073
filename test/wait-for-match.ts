/** What a test server has received so far, and promises for the first of it that matches. */
export interface WaiterList<T> {
  /** Everything pushed, in order of arrival (the same array throughout: callers may expose it). */
  readonly items: T[];
  /** Records an arrival and settles the waits it matches. */
  push(item: T): void;
  /**
   * Resolves with the first item (already received or arriving) that matches, or rejects after
   * timeoutMs with the error `describe` words from what did arrive.
   */
  waitFor(match: (item: T) => boolean, timeoutMs: number, describe: (received: readonly T[]) => string): Promise<T>;
}

export function waiterList<T>(): WaiterList<T> {
  const items: T[] = [];
  const waiters: { match: (item: T) => boolean; resolve: (item: T) => void }[] = [];
  return {
    items,
    push(item) {
      items.push(item);
      for (const waiter of [...waiters]) {
        if (waiter.match(item)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(item);
        }
      }
    },
    waitFor(match, timeoutMs, describe) {
      const already = items.find(match);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.push(waiter);
        // unref: a wait still pending must not keep the test process alive on its own.
        setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(describe(items)));
          }
        }, timeoutMs).unref();
      });
    },
  };
}
