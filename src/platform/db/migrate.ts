import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrationsDir } from '../paths.js';
import { queryRows, type Db } from './client.js';
import { refuseTemporaryTables } from './temporary-tables.js';

// Any constant works; it only has to be the same on every node that migrates this database.
const MIGRATION_LOCK_KEY = 727_001;

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function migrationCount(dir = migrationsDir): number {
  const journal = JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries.length;
}

/**
 * Applies pending migrations under a session-level advisory lock, so several nodes
 * starting at once migrate one after the other and the later ones find nothing to do; then
 * takes the right to make temporary tables (temporary-tables.ts).
 */
export async function runMigrations(db: Db): Promise<void> {
  await db.withConnection(async (orm) => {
    await orm.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      if (db.kind === 'pglite') {
        await migratePglite(orm as unknown as PgliteDatabase, { migrationsFolder: migrationsDir });
      } else {
        await migrateNodePg(orm as unknown as NodePgDatabase, { migrationsFolder: migrationsDir });
      }
      await refuseTemporaryTables(orm);
    } finally {
      await orm.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}

/** How many migrations the database has applied, and how many this build ships. */
export async function migrationStatus(db: Db): Promise<{ applied: number; expected: number }> {
  const expected = migrationCount();
  const [table] = await queryRows<{ present: boolean }>(
    db.owner,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!table?.present) return { applied: 0, expected };
  const [count] = await queryRows<{ n: number }>(db.owner, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return { applied: count?.n ?? 0, expected };
}
