import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/platform/db/client.js';
import { openMigratedDatabase } from '../../src/platform/db/open.js';
import { adminQuery, databaseUrlFor } from '../../test/postgres-admin.js';
import { makeTempDir, removeTempDir } from './cleanup.js';

/** A migrated database for one in-process benchmark run, and how to throw it away. */
export interface BenchDatabase {
  db: Db;
  close(): Promise<void>;
}

/** A fresh embedded database in a temporary directory (`env`: more settings, e.g. LECTERN_METRICS). */
export async function openPgliteBenchDb(label: string, env: Record<string, string> = {}): Promise<BenchDatabase> {
  const dataDir = makeTempDir(`${label}-pglite`);
  const db = await openMigratedDatabase(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env }));
  return {
    db,
    close: async () => {
      await db.close();
      removeTempDir(dataDir);
    },
  };
}

/**
 * Makes the database that `url` names fresh: dropped (with its connections) and created again
 * on the same server, for a benchmark server that migrates and fills it from nothing.
 */
export async function recreatePostgresDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await adminQuery(url, `drop database if exists "${name}" with (force)`);
  await adminQuery(url, `create database "${name}"`);
}

/** A fresh database on the PostgreSQL server of `adminUrl`, dropped again on close. */
export async function openPostgresBenchDb(adminUrl: string, label: string): Promise<BenchDatabase> {
  const name = `lectern_bench_${label}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database "${name}"`);
  const db = await openMigratedDatabase(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrlFor(adminUrl, name) }));
  return {
    db,
    close: async () => {
      await db.close();
      await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}
