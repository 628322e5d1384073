import type pg from 'pg';
import { markDatabaseError } from './unavailable.js';

type Callback = (error: Error | null, ...results: unknown[]) => void;

/**
 * A pg.Client class whose connection errors carry the database driver's mark, so that a refused
 * or reset socket is told apart from the same error of a mail server or a storage location
 * (isDatabaseUnavailable).
 */
export function errorMarkingClient(Client: typeof pg.Client): typeof pg.Client {
  return class DatabaseClient extends Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: (error: Error | null, client?: pg.Client) => void): void;
    override connect(callback?: (error: Error | null, client?: pg.Client) => void): Promise<pg.Client> | void {
      const connected = super.connect().catch((error: unknown) => Promise.reject(markDatabaseError(error)));
      if (!callback) return connected;
      connected.then((client) => callback(null, client), (error: Error) => callback(error));
    }
  };
}

/** Wraps a connection's `query` (promise or callback form) so that its errors carry the driver's mark. */
export function errorMarkingQuery<F>(method: F): F {
  const query = method as unknown as (...args: unknown[]) => unknown;
  return function marked(this: unknown, ...args: unknown[]) {
    const last = args.length > 0 ? args[args.length - 1] : undefined;
    if (typeof last === 'function') {
      args[args.length - 1] = function answered(this: unknown, error: Error | null, ...results: unknown[]) {
        return (last as Callback).call(this, error ? markDatabaseError(error) : error, ...results);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(markDatabaseError(error))) : result;
  } as unknown as F;
}
