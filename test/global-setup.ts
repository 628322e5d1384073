import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/client.js';
import { runMigrations } from '../src/platform/db/migrate.js';
import { adminQuery, databaseUrlFor, templateName } from './postgres-admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: path of a migrated data directory tarball each test database starts from. */
    pgliteTemplate: string;
    /** PostgreSQL: name of the migrated template database each test database is copied from. */
    postgresTemplate: string;
    /** PostgreSQL: the password the application role logs in with (tenant transactions), as DATABASE_APP_PASSWORD in production. */
    postgresAppPassword: string;
  }
}

/**
 * Migrates one database once per run; every test file then starts from a copy of it instead
 * of running initdb and every migration again.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Files tests make for themselves (course packages) go here; the forked test processes inherit it.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lectern-test-scratch-'));
  process.env.TEST_SCRATCH_DIR = scratch;
  const teardown = await setupDatabase(project);
  return async () => {
    await teardown();
    rmSync(scratch, { recursive: true, force: true });
  };
}

/** The machine's test server trusts loopback logins; the password is what a production server would check. */
const TEST_APP_PASSWORD = 'lectern-test-application-role';

async function setupDatabase(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = templateName(url);
    await adminQuery(url, `drop database if exists "${template}"`);
    await adminQuery(url, `create database "${template}"`);
    const db = await openDatabase({ kind: 'postgres', url: databaseUrlFor(url, template) });
    await runMigrations(db);
    await db.close();
    // The test databases' tenant transactions log in as the application role, as a production
    // node with DATABASE_APP_PASSWORD does (docs/postgres-operations.md).
    await adminQuery(url, `alter role lectern_app login password '${TEST_APP_PASSWORD}'`);
    project.provide('postgresTemplate', template);
    project.provide('postgresAppPassword', TEST_APP_PASSWORD);
    project.provide('pgliteTemplate', '');
    return async () => {
      await adminQuery(url, `drop database if exists "${template}" with (force)`);
    };
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-template-'));
  const db = await openDatabase({ kind: 'pglite' });
  await runMigrations(db);
  if (!db.dumpDataDir) throw new Error('PGlite database cannot dump its data directory');
  const tarball = path.join(dir, 'template.tar');
  writeFileSync(tarball, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', tarball);
  project.provide('postgresTemplate', '');
  project.provide('postgresAppPassword', '');
  return async () => rmSync(dir, { recursive: true, force: true });
}
