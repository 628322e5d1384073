import type { Config } from '../../config.js';
import { openDatabase, type Db, type PoolErrorListener } from './client.js';
import type { DataDirHolder } from './data-dir-lock.js';
import { runMigrations } from './migrate.js';

/**
 * Opens the configured database and brings its schema up to date. `onPoolError` hears of
 * pooled PostgreSQL connections that fail while idle (default: a JSON line on stderr). On the
 * embedded database `holder` names who takes DATA_DIR (lockDataDir): the server or a command.
 */
export async function openMigratedDatabase(config: Config, options: { onPoolError?: PoolErrorListener; holder?: DataDirHolder } = {}): Promise<Db> {
  const db = await openDatabase(
    config.database.kind === 'pglite'
      ? { kind: 'pglite', dataDir: config.database.dataDir, holder: options.holder ?? 'command', timeQueries: config.metricsEnabled }
      : {
          kind: 'postgres',
          url: config.database.url,
          ...(config.database.appPassword ? { appPassword: config.database.appPassword } : {}),
          ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
          timeQueries: config.metricsEnabled,
        },
  );
  try {
    await runMigrations(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
