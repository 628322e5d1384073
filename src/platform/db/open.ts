import type { Config } from '../../config.js';
import { openDatabase, type Db, type PoolErrorListener } from './client.js';
import type { DataDirHolder } from './data-dir-lock.js';
import { runMigrations } from './migrate.js';
import { withLogin } from './pool-target.js';
import { checkSystemLogin, grantSystemRole, SYSTEM_ROLE } from './system-role.js';

/**
 * Opens the configured database and brings its schema up to date. `onPoolError` hears of
 * pooled PostgreSQL connections that fail while idle (default: a JSON line on stderr). On the
 * embedded database `holder` names who takes DATA_DIR (lockDataDir): the server or a command.
 * With `systemLogin` (the server) and DATABASE_SYSTEM_PASSWORD, the owner's connections only
 * migrate and grant; what is returned is logged in as the system role (system-role.ts). The
 * operator's commands keep the owner: they verify the audit trail and erase sites.
 */
export async function openMigratedDatabase(config: Config, options: { onPoolError?: PoolErrorListener; holder?: DataDirHolder; systemLogin?: boolean } = {}): Promise<Db> {
  const database = config.database;
  const open = (url?: string) =>
    openDatabase(
      database.kind === 'pglite'
        ? { kind: 'pglite', dataDir: database.dataDir, holder: options.holder ?? 'command', timeQueries: config.metricsEnabled }
        : {
            kind: 'postgres',
            url: url ?? database.url,
            ...(database.appPassword ? { appPassword: database.appPassword } : {}),
            ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
            timeQueries: config.metricsEnabled,
          },
    );
  const db = await open();
  const systemPassword = database.kind === 'postgres' && options.systemLogin ? database.systemPassword : undefined;
  try {
    await runMigrations(db);
    if (systemPassword !== undefined) await grantSystemRole(db.owner);
  } catch (error) {
    await db.close();
    throw error;
  }
  if (systemPassword === undefined || database.kind !== 'postgres') return db;
  await db.close();
  const system = await open(withLogin(database.url, SYSTEM_ROLE, systemPassword));
  try {
    await checkSystemLogin(system.owner);
  } catch (error) {
    await system.close();
    throw error;
  }
  return system;
}
