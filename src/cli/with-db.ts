import { loadConfig, type Config } from '../config.js';
import type { Db } from '../platform/db/client.js';
import { openMigratedDatabase } from '../platform/db/open.js';

/** Opens the configured database for one command and closes it afterwards. */
export async function withDb<T>(work: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openMigratedDatabase(config);
  try {
    return await work(db, config);
  } finally {
    await db.close();
  }
}
