import { getTableName, isTable, type Table } from 'drizzle-orm';
import type { Db, Orm } from '../src/platform/db/client.js';

/** The statements a request started, as `select`, `insert:jobs`, `update:users`, `execute` … */
export interface StatementLog {
  statements: string[];
  /** Transactions opened with withTenant. */
  transactions: number;
}

const STATEMENTS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute']);

function counted(orm: Orm, log: StatementLog): Orm {
  return new Proxy(orm, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || !STATEMENTS.has(property)) return value;
      return (...args: unknown[]) => {
        const table = isTable(args[0]) ? `:${getTableName(args[0] as Table)}` : '';
        log.statements.push(`${property}${table}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * The same database, noting every tenant transaction and the statements run in it: to compare
 * the work two requests do (one for a known account, one for an unknown) without timing them.
 * Platform-table access through `owner` (tenant lookup, rate-limit counters) is not counted.
 */
export function countingDb(db: Db): { db: Db; log: StatementLog; reset(): void } {
  const log: StatementLog = { statements: [], transactions: 0 };
  const wrapped: Db = {
    ...db,
    kind: db.kind,
    owner: db.owner,
    close: () => db.close(),
    withConnection: (work) => db.withConnection(work),
    withTenant: (tenantId, work) => {
      log.transactions += 1;
      return db.withTenant(tenantId, (tx) => work(counted(tx, log)));
    },
  };
  return {
    db: wrapped,
    log,
    reset() {
      log.statements = [];
      log.transactions = 0;
    },
  };
}
