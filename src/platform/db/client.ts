import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrationsDir } from '../paths.js';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir, type DataDirHolder } from './data-dir-lock.js';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { poolTarget, withLogin } from './pool-target.js';
import { timedQuery, type PoolStats } from '../monitor/db.metrics.js';
import { errorMarkingClient } from './marked-client.js';
import { currentStaffGrantId } from './staff-grant-scope.js';

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
  /** The connections as the client holds them now (for /metrics). */
  poolStats?(): PoolStats;
}

/** Told of an error of a pooled connection that no query was waiting on (its server process ended, the network failed). */
export type PoolErrorListener = (error: Error) => void;

export const POOL_ERROR_MESSAGE = 'database connection pool: an idle connection failed; the next query opens a new one';

/** Without a listener, pool errors are one JSON line on stderr, shaped like the server's log lines (pino's error level). */
export function logPoolErrorToStderr(error: Error): void {
  const { code } = error as { code?: unknown };
  console.error(JSON.stringify({ level: 50, time: Date.now(), msg: POOL_ERROR_MESSAGE, err: { type: error.name, message: error.message, ...(code ? { code } : {}) } }));
}

export type DatabaseOptions =
  /** `holder`: who takes the data directory (see data-dir-lock.ts); default a command. */
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob; holder?: DataDirHolder; timeQueries?: boolean }
  | { kind: 'postgres'; url: string; appPassword?: string; poolSize?: number; onPoolError?: PoolErrorListener; timeQueries?: boolean };
// `appPassword`: tenant transactions log in as the application role (DATABASE_APP_PASSWORD) instead of switching to it.
// `timeQueries` (default true): each statement's time goes to lectern_db_query_duration_seconds (monitor/db.metrics.ts).

const dialect = new PgDialect();

/** Work to do once the transaction of withTenant() has committed, by transaction handle. */
const commitHooks = new WeakMap<object, (() => void)[]>();

/**
 * Runs `hook` once the transaction `tx` has committed (not at all when it rolls back): for
 * caches of this process, which must not be cleared while concurrent readers can still see
 * the rows as they were. Outside a transaction of withTenant() (the owner connection's single
 * statements, which commit as they run) the hook runs at once.
 */
export function afterCommit(tx: Orm, hook: () => void): void {
  const hooks = commitHooks.get(tx);
  if (hooks) hooks.push(hook);
  else hook();
}

/** Runs `work` with hooks collected for `tx`; they run after `commit` succeeds. */
async function withCommitHooks<T>(tx: Orm, work: (tx: Orm) => Promise<T>, commit: (result: T) => Promise<T>): Promise<T> {
  const hooks: (() => void)[] = [];
  commitHooks.set(tx, hooks);
  const result = await commit(await work(tx));
  for (const hook of hooks) hook();
  return result;
}

function makeDb(
  kind: Db['kind'],
  owner: Orm,
  withConnection: Db['withConnection'],
  close: () => Promise<void>,
  withTenant?: Db['withTenant'],
): Db {
  return {
    kind,
    owner,
    withConnection,
    withTenant:
      withTenant ??
      (async (tenantId, work) => {
        const hooks: (() => void)[] = [];
        const result = await owner.transaction(async (tx) => {
          commitHooks.set(tx, hooks);
          // The settings are transaction-local and vanish at COMMIT/ROLLBACK.
          await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true), set_config('lectern.staff_grant_id', ${currentStaffGrantId() ?? ''}, true)`);
          return work(tx);
        });
        for (const hook of hooks) hook();
        return result;
      }),
    close,
  };
}

/** A tenant id, or the empty string: no tenant, under which row-level security shows nothing. */
const TENANT_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i;

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

async function openPglite(options: { dataDir?: string; loadDataDir?: Blob; holder?: DataDirHolder; timeQueries?: boolean }): Promise<Db> {
  // One process per data directory: a second PGlite on the same files corrupts them.
  let unlock = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir, options.holder ?? 'command');
  }
  let client: PGlite;
  try {
    if (options.dataDir && !options.loadDataDir && !existsSync(path.join(options.dataDir, 'PG_VERSION'))) initDataDirElsewhere(options.dataDir);
    client = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      // PostgreSQL's default 128 MB of shared buffers dominates an idle embedded server's memory.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    });
  } catch (error) {
    unlock();
    throw error;
  }
  if (options.timeQueries !== false) timePgliteQueries(client);
  const owner = drizzlePglite({ client }) as unknown as Orm;
  const db = makeDb('pglite', owner, (work) => work(owner), async () => {
    await client.close();
    unlock();
  });
  return { ...db, dumpDataDir: () => client.dumpDataDir('none'), poolStats: () => ({ max: 1, total: 1, idle: 0, waiting: 0 }) };
}

/** Times the statements of the client and of its transactions' handles (Drizzle runs both through `query`). */
function timePgliteQueries(client: PGlite): void {
  client.query = timedQuery(client.query.bind(client));
  const transaction = client.transaction.bind(client);
  client.transaction = (work) =>
    transaction((tx) => {
      tx.query = timedQuery(tx.query);
      return work(tx);
    });
}

/** The PostgreSQL driver is loaded only when it is used: an embedded server does not carry it. */
async function openPostgres(options: { url: string; appPassword?: string; poolSize?: number; onPoolError?: PoolErrorListener; timeQueries?: boolean }): Promise<Db> {
  const [{ default: pg }, { drizzle: drizzleNodePg, NodePgSession, NodePgTransaction }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  // Connections stay open through a few idle minutes: a new one costs a server process with
  // cold caches and its prepared statements made again, felt as a stall when load resumes.
  const onPoolError = options.onPoolError ?? logPoolErrorToStderr;
  const openPool = (url: string) => {
    const pool = new pg.Pool({ ...poolTarget(errorMarkingClient(pg.Client), url), max: options.poolSize ?? 10, idleTimeoutMillis: 300_000 });
    // An idle client losing its server must not crash the process (the pool replaces it), but
    // the operator hears of it: a database restart or failover shows in the log.
    pool.on('error', (error) => onPoolError(error));
    // A connection in use whose server goes away (a failover) fails its queries, and the driver
    // also emits 'error' on it, which the pool listens to only while it is idle: without this the
    // process would crash. The failed queries carry the error; the pool discards the connection.
    pool.on('connect', (client) => client.on('error', () => {}));
    // Each new connection's `query` is timed once for its life (pool.query goes through it too).
    if (options.timeQueries !== false) pool.on('connect', (client) => void (client.query = timedQuery(client.query)));
    return pool;
  };
  const pool = openPool(options.url);
  // With the application role's own login, tenant transactions run on connections logged in as
  // it: `reset role` (or `set role` to the owner) then cannot leave it, as it can from the owner's.
  const tenantPool = options.appPassword === undefined ? pool : openPool(withLogin(options.url, APP_ROLE, options.appPassword));
  const owner = drizzleNodePg({ client: pool }) as unknown as Orm;
  const withConnection: Db['withConnection'] = async (work) => {
    const client = await pool.connect();
    try {
      return await work(drizzleNodePg({ client }) as unknown as Orm);
    } finally {
      client.release();
    }
  };
  // BEGIN and the tenant settings in one round trip (a simple-protocol query, so the tenant id
  // is checked to be a UUID before it goes into the text): every tenant transaction pays one
  // round trip less than BEGIN followed by set_config, and under load each round trip waits
  // its turn in the event loop.
  const withTenant: Db['withTenant'] = async (tenantId, work) => {
    if (!TENANT_ID.test(tenantId)) throw new Error('withTenant: the tenant id is not a UUID');
    const client = await tenantPool.connect();
    let broken = false;
    try {
      // The staff grant id (staff-grant-scope.ts) is a UUID too, or empty.
      await client.query(`begin; select set_config('app.tenant_id', '${tenantId}', true), set_config('role', '${APP_ROLE}', true), set_config('lectern.staff_grant_id', '${currentStaffGrantId() ?? ''}', true)`);
      const tx = new NodePgTransaction(dialect, new NodePgSession(client, dialect, undefined), undefined) as unknown as Orm;
      return await withCommitHooks(tx, work, async (result) => {
        await client.query('commit');
        return result;
      });
    } catch (error) {
      // A connection that cannot even roll back is closed rather than given to the next caller.
      await client.query('rollback').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  };
  const pools = tenantPool === pool ? [pool] : [pool, tenantPool];
  const sum = (of: (p: (typeof pools)[number]) => number) => pools.reduce((total, p) => total + of(p), 0);
  const poolStats = (): PoolStats => ({ max: sum((p) => p.options.max), total: sum((p) => p.totalCount), idle: sum((p) => p.idleCount), waiting: sum((p) => p.waitingCount) });
  const close = async () => void (await Promise.all(pools.map((p) => p.end())));
  return { ...makeDb('postgres', owner, withConnection, close, withTenant), poolStats };
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  return options.kind === 'pglite' ? openPglite(options) : openPostgres(options);
}

/** The work queued per database and lock key in this process (see withAdvisoryLock). */
const processLocks = new WeakMap<Db, Map<number, Promise<unknown>>>();

/**
 * Runs `work` while holding the session-level advisory lock `key`, so nodes sharing the
 * database do it one after the other. PGlite's single session would take the lock again
 * without waiting, so callers in this process also queue behind each other.
 */
export async function withAdvisoryLock<T>(db: Db, key: number, work: () => Promise<T>): Promise<T> {
  let queues = processLocks.get(db);
  if (!queues) processLocks.set(db, (queues = new Map()));
  const before = queues.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(() =>
    db.kind === 'pglite'
      ? work()
      : db.withConnection(async (orm) => {
          await orm.execute(sql`select pg_advisory_lock(${key})`);
          try {
            return await work();
          } finally {
            await orm.execute(sql`select pg_advisory_unlock(${key})`);
          }
        }),
  );
  queues.set(key, mine);
  try {
    return await mine;
  } finally {
    if (queues.get(key) === mine) queues.delete(key);
  }
}

/** Rows of a raw SQL statement; both drivers answer with `{ rows }`. */
export async function queryRows<T>(orm: Orm, query: SQL): Promise<T[]> {
  const result = (await orm.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Rows of a raw SQL statement run as a named prepared statement: on PostgreSQL each pooled
 * connection parses and plans it once instead of at every call, which matters for the large
 * statements of hot paths (the SCORM commit batch). The statement's text must be the same at
 * every call under one name: every value goes in as a parameter. PGlite runs it unnamed.
 */
export async function queryPreparedRows<T>(orm: Orm, name: string, query: SQL): Promise<T[]> {
  const result = (await orm._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute()) as { rows: T[] };
  return result.rows;
}
