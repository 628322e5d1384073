import type pg from 'pg';
import { markDatabaseError } from './unavailable.js';

/**
 * A pg.Client class whose connection errors carry the database driver's mark, so that a refused
 * or reset socket is told apart from the same error of a mail server or a storage location
 * (isDatabaseUnavailable). A failed connect is marked on its way out; a socket that fails later
 * is emitted as 'error' before the driver hands it to the waiting queries (on the next tick), so
 * a listener marks it at no cost per query.
 */
export function errorMarkingClient(Client: typeof pg.Client): typeof pg.Client {
  return class DatabaseClient extends Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.on('error', markDatabaseError);
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: (error: Error | null, client?: pg.Client) => void): void;
    override connect(callback?: (error: Error | null, client?: pg.Client) => void): Promise<pg.Client> | void {
      const connected = super.connect().catch((error: unknown) => Promise.reject(markDatabaseError(error)));
      if (!callback) return connected;
      connected.then((client) => callback(null, client), (error: Error) => callback(error));
    }
  };
}
