import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Db } from '../src/platform/db/client.js';
import { refuseTemporaryTables } from '../src/platform/db/temporary-tables.js';
import { adminQuery, databaseUrlFor } from './postgres-admin.js';

export const engine: 'pglite' | 'postgres' = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file: a copy of the run's template, on PGlite by
 * default and on PostgreSQL when DATABASE_URL is set. close() also drops the copy.
 */
export async function createTestDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const tarball = readFileSync(inject('pgliteTemplate'));
    return openDatabase({ kind: 'pglite', loadDataDir: new Blob([tarball]) });
  }
  const name = `${inject('postgresTemplate')}_${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(url, `create database "${name}" template "${inject('postgresTemplate')}"`);
      break;
    } catch (error) {
      // Two files copying the template in the same instant: PostgreSQL refuses one; try again.
      if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const db = await openDatabase({ kind: 'postgres', url: databaseUrlFor(url, name), appPassword: inject('postgresAppPassword'), poolSize: 5 });
  // A database-wide right a copy does not keep; a production database has it taken at every start.
  await refuseTemporaryTables(db.owner);
  return {
    ...db,
    async close() {
      await db.close();
      await adminQuery(url, `drop database if exists "${name}" with (force)`);
    },
  };
}
