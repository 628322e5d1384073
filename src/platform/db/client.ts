import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrationsDir } from '../paths.js';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';

export type Orm = PgDatabase<PgQueryResultHKT>;

/** The role every request-scoped query runs as; see migrations/0001_tenant_rls.sql. */
export const APP_ROLE = 'lectern_app';

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Connection-owner access: for platform tables (tenants), migrations and the CLI.
   * Row-level security does not restrict it, so request handlers use withTenant().
   */
  readonly owner: Orm;
  /**
   * Runs `work` in one transaction as the non-owner application role with the tenant set,
   * so row-level security confines every statement to that tenant, whatever its WHERE says.
   */
  withTenant<T>(tenantId: string, work: (tx: Orm) => Promise<T>): Promise<T>;
  /** Runs `work` on one dedicated connection, for session-level advisory locks. */
  withConnection<T>(work: (orm: Orm) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as an uncompressed tarball (test templates, copies). */
  dumpDataDir?(): Promise<Blob>;
}

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; poolSize?: number };

function makeDb(
  kind: Db['kind'],
  owner: Orm,
  withConnection: Db['withConnection'],
  close: () => Promise<void>,
): Db {
  return {
    kind,
    owner,
    withConnection,
    withTenant(tenantId, work) {
      return owner.transaction(async (tx) => {
        // One round trip: both settings are transaction-local and vanish at COMMIT/ROLLBACK.
        await tx.execute(
          sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true)`,
        );
        return work(tx);
      });
    },
    close,
  };
}

/**
 * PGlite holds one connection; its own mutex serialises queries and whole transactions,
 * and every access of ours goes through this one instance.
 */
/**
 * Creates a new PGlite data directory, with the schema, in a child process: the WebAssembly
 * memory that initdb and the first migrations grow stays with that process instead of being
 * carried by the server for its whole life.
 */
function initDataDirElsewhere(dataDir: string): void {
  const url = (specifier: string) => JSON.stringify(import.meta.resolve(specifier));
  const script = `const { PGlite } = await import(${url('@electric-sql/pglite')});
const { drizzle } = await import(${url('drizzle-orm/pglite')});
const { migrate } = await import(${url('drizzle-orm/pglite/migrator')});
const client = await PGlite.create(${JSON.stringify(dataDir)});
await migrate(drizzle({ client }), { migrationsFolder: ${JSON.stringify(migrationsDir)} });
await client.close();`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function openPglite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<Db> {
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    if (!options.loadDataDir && !existsSync(path.join(options.dataDir, 'PG_VERSION'))) initDataDirElsewhere(options.dataDir);
  }
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // PostgreSQL's default 128 MB of shared buffers dominates an idle embedded server's memory.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
  });
  const owner = drizzlePglite({ client }) as unknown as Orm;
  const db = makeDb('pglite', owner, (work) => work(owner), () => client.close());
  return { ...db, dumpDataDir: () => client.dumpDataDir('none') };
}

/** The PostgreSQL driver is loaded only when it is used: an embedded server does not carry it. */
async function openPostgres(options: { url: string; poolSize?: number }): Promise<Db> {
  const [{ default: pg }, { drizzle: drizzleNodePg }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const owner = drizzleNodePg({ client: pool }) as unknown as Orm;
  const withConnection: Db['withConnection'] = async (work) => {
    const client = await pool.connect();
    try {
      return await work(drizzleNodePg({ client }) as unknown as Orm);
    } finally {
      client.release();
    }
  };
  return makeDb('postgres', owner, withConnection, () => pool.end());
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  return options.kind === 'pglite' ? openPglite(options) : openPostgres(options);
}

/** Rows of a raw SQL statement; both drivers answer with `{ rows }`. */
export async function queryRows<T>(orm: Orm, query: SQL): Promise<T[]> {
  const result = (await orm.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
