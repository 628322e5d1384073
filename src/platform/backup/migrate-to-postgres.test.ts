import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie } from '../../../test/app.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { adminQuery, databaseUrlFor } from '../../../test/postgres-admin.js';
import { openDatabase, queryRows, type Db } from '../db/client.js';
import { LocalLocation } from '../storage/local-location.js';
import type { ReplicatedBlobStore } from '../storage/replicated-blob-store.js';
import { openTestBlobStore, sharedLocalLocation } from '../../../test/blob-stores.js';
import { copyFilesTo } from './copy-files.js';
import { copyTable, migrateToPostgres, TargetNotEmptyError, TargetPrivilegeError, writableColumns } from './migrate-to-postgres.js';
import { tableChecksum, useCanonicalText } from './table-checksum.js';

// A PostgreSQL server is needed even when the suite runs on PGlite: the target of the move.
const SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

function scratch(prefix: string): string {
  return mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), prefix));
}

async function openEmbedded(dataDir: string): Promise<Db> {
  const template = inject('pgliteTemplate');
  return openDatabase({ kind: 'pglite', dataDir, ...(template && !existsSync(path.join(dataDir, 'PG_VERSION')) ? { loadDataDir: new Blob([readFileSync(template)]) } : {}) });
}

async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lectern_m2pg_${randomBytes(6).toString('hex')}`;
  await adminQuery(SERVER, `create database "${name}"`);
  return { url: databaseUrlFor(SERVER, name), drop: () => adminQuery(SERVER, `drop database if exists "${name}" with (force)`) };
}

describe('moving the embedded database to PostgreSQL', { timeout: 120_000 }, () => {
  let dataDir: string;
  let target: { url: string; drop(): Promise<void> };
  let slugEmail: { host: string; email: string };
  let stored: { tenantId: string; hash: string };
  const filesAt = sharedLocalLocation();

  beforeAll(async () => {
    dataDir = path.join(scratch('lectern-m2pg-'), 'data');
    // Real data through the app's own services: a site, an administrator who signed in, a course, an enrolment.
    const db = await openEmbedded(dataDir);
    const ctx = await createTestApp({ db, storage: await openTestBlobStore(db, [filesAt]) });
    try {
      const { tenant, email, host } = await createTenantWithUser(ctx.db, 'movers');
      await signInCookie(ctx.app, host, email, PASSWORD);
      const [user] = await ctx.db.withTenant(tenant.id, (tx) => queryRows<{ id: string }>(tx, sql`select id from users where email = ${email}`));
      const course = await createScormCourse(ctx.db, tenant.id, { title: 'Moving day', tags: ['move', 'ä ö ü'] });
      await enrolDirectly(ctx.db, tenant.id, course.courseId, user!.id, new Date('2027-01-31T12:34:56.789Z'));
      stored = { tenantId: tenant.id, hash: (await ctx.storage.put(tenant.id, Buffer.from('a stored file'))).hash };
      slugEmail = { host, email };
    } finally {
      await ctx.close();
      await (ctx.storage as ReplicatedBlobStore).close();
    }
    target = await createServerDatabase();
  }, 300_000);
  afterAll(async () => {
    await target?.drop();
  });

  it('copies every table, verifies row counts and checksums, and the app then signs a user in on PostgreSQL', async () => {
    const source = await openEmbedded(dataDir);
    const server = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
    try {
      const copied = new Map<string, number>();
      const report = await migrateToPostgres(source, server, { onTable: (table, rows) => copied.set(table, rows) });
      expect(report.tables.filter((t) => !t.ok)).toEqual([]);
      expect(report.ok).toBe(true);
      const byTable = new Map(report.tables.map((t) => [t.table, t]));
      for (const table of ['tenants', 'users', 'courses', 'enrolments', 'sessions', 'audit_events', 'storage_blobs']) {
        expect(byTable.get(table)?.target.rows, table).toBeGreaterThan(0);
        expect(copied.get(table), table).toBe(byTable.get(table)?.source.rows);
      }
      // The sequences go on where the embedded database's stopped.
      const sequencesOf = async (db: Db) => {
        const names = await queryRows<{ name: string }>(db.owner, sql`select relname as name from pg_class where relkind = 'S' and relnamespace = 'public'::regnamespace order by 1`);
        const states: string[] = [];
        for (const { name } of names) {
          const [state] = await queryRows<{ v: string; c: boolean }>(db.owner, sql.raw(`select last_value::text as v, is_called as c from public."${name}"`));
          states.push(`${name}=${state!.v}/${state!.c}`);
        }
        return states;
      };
      const sequences = await sequencesOf(source);
      expect(sequences.length).toBeGreaterThan(0);
      expect(report.sequences).toBe(sequences.length);
      expect(await sequencesOf(server)).toEqual(sequences);

      // The files go to a directory of the new installation's, each copy read back and verified.
      const store = await openTestBlobStore(source, [filesAt]);
      const moved = path.join(scratch('lectern-m2pg-files-'), 'blobs');
      const destination = await LocalLocation.open(moved);
      try {
        const files = await copyFilesTo(source, store, destination);
        expect(files).toEqual({ copied: 1, bytes: expect.any(Number), failed: [] });
        expect((await copyFilesTo(source, store, destination)).copied).toBe(0);
      } finally {
        await store.close();
      }
      const there = await openTestBlobStore(server, [{ kind: 'local', name: `local:${moved}`, root: moved }]);
      try {
        const body = await there.get(stored.tenantId, stored.hash);
        const chunks: Buffer[] = [];
        for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
        expect(Buffer.concat(chunks).toString()).toBe('a stored file');
      } finally {
        await there.close();
      }
    } finally {
      await server.close();
      await source.close();
    }

    // The app runs on the moved database: the administrator signs in with the password of before.
    const moved = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
    const ctx = await createTestApp({ db: moved });
    try {
      expect(await signInCookie(ctx.app, slugEmail.host, slugEmail.email, PASSWORD)).toMatch(/^lectern_session=/);
      const [tenants] = await queryRows<{ n: number }>(moved.owner, sql`select count(*)::int as n from tenants where slug = 'movers'`);
      expect(tenants!.n).toBe(1);
    } finally {
      await ctx.close();
    }
  });

  it('refuses a target that already has tables', async () => {
    const source = await openEmbedded(dataDir);
    const server = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
    try {
      await expect(migrateToPostgres(source, server)).rejects.toThrow(TargetNotEmptyError);
      await expect(migrateToPostgres(source, server)).rejects.toThrow(/already has tables \(drizzle\.__drizzle_migrations, public\./);
      // Nothing there was touched.
      const [tenants] = await queryRows<{ n: number }>(server.owner, sql`select count(*)::int as n from tenants where slug = 'movers'`);
      expect(tenants!.n).toBe(1);
    } finally {
      await server.close();
      await source.close();
    }
  });

  it('works as the non-superuser role that owns the database when it may set session_replication_role (forced row-level security lifted and restored), and says what is missing when not', async () => {
    const role = `lectern_m2pg_${randomBytes(5).toString('hex')}`;
    const granted = `${role}_db`;
    const refused = `${role}_no`;
    await adminQuery(SERVER, `create role ${role} login`);
    await adminQuery(SERVER, `do $$ begin if not exists (select from pg_roles where rolname = 'lectern_app') then create role lectern_app nologin; end if; end $$`);
    await adminQuery(SERVER, `grant lectern_app to ${role} with admin option`);
    await adminQuery(SERVER, `create database "${granted}" owner ${role}`);
    await adminQuery(SERVER, `create database "${refused}" owner ${role}`);
    const asRole = (database: string) => {
      const url = new URL(databaseUrlFor(SERVER, database));
      url.username = role;
      return url.toString();
    };
    const source = await openEmbedded(dataDir);
    try {
      const without = await openDatabase({ kind: 'postgres', url: asRole(refused), poolSize: 2 });
      try {
        await expect(migrateToPostgres(source, without)).rejects.toThrow(TargetPrivilegeError);
        await expect(migrateToPostgres(source, without)).rejects.toThrow(/may not switch off triggers.*session_replication_role/);
      } finally {
        await without.close();
      }
      await adminQuery(SERVER, `grant set on parameter session_replication_role to ${role}`);
      const owner = await openDatabase({ kind: 'postgres', url: asRole(granted), poolSize: 2 });
      try {
        const report = await migrateToPostgres(source, owner);
        expect(report.tables.filter((t) => !t.ok)).toEqual([]);
        expect(report.tables.find((t) => t.table === 'users')?.target.rows).toBeGreaterThan(0);
        // Forced again: the owner sees no tenant's rows without the tenant set.
        const [forced] = await queryRows<{ n: number }>(owner.owner, sql`select count(*)::int as n from pg_class where relnamespace = 'public'::regnamespace and relforcerowsecurity`);
        expect(forced!.n).toBeGreaterThan(0);
        const [visible] = await queryRows<{ n: number }>(owner.owner, sql`select count(*)::int as n from users`);
        expect(visible!.n).toBe(0);
      } finally {
        await owner.close();
      }
    } finally {
      await source.close();
      for (const database of [granted, refused]) await adminQuery(SERVER, `drop database if exists "${database}" with (force)`);
      await adminQuery(SERVER, `revoke set on parameter session_replication_role from ${role}`).catch(() => undefined);
      await adminQuery(SERVER, `drop role if exists ${role}`);
    }
  });

  it('gives the same row text and checksum on both engines for every column type Lectern uses, and copies each value exactly', async () => {
    const ddl = `create table type_probe (
      id uuid primary key, at timestamptz, day date, flag boolean, amount numeric(12, 4), ratio double precision, big bigint,
      doc jsonb, raw bytea, tags text[], counts integer[], ids uuid[], span interval, note text)`;
    const values = `insert into type_probe values
      ('0b9f7c1e-2f4a-4c7e-9a51-3d2e1f0a9b8c', '2026-12-06 15:04:05.123456+01', '2026-02-28', true, 12345678.1234, 0.1, 9007199254740993,
       '{"b": [1, 2.50, "x"], "a": {"z": null, "ü": "ß"}}', '\\x00ff10', '{"one","two, three","ä"}', '{1,2,3}', '{0b9f7c1e-2f4a-4c7e-9a51-3d2e1f0a9b8c}', '1 day 02:03:04.5', 'line
break'),
      ('1c2d3e4f-0000-4000-8000-000000000001', null, null, false, -0.0001, -1.5e-10, -1, '[]', '', '{}', null, '{}', '0', '')`;
    const embedded = await openDatabase({ kind: 'pglite' });
    const probe = await createServerDatabase();
    const server = await openDatabase({ kind: 'postgres', url: probe.url, poolSize: 1 });
    try {
      await embedded.owner.execute(sql.raw(ddl));
      await embedded.owner.execute(sql.raw(values));
      await server.withConnection(async (conn) => {
        await conn.execute(sql.raw(ddl));
        await conn.execute(sql.raw(values));
        await useCanonicalText(conn);
        await useCanonicalText(embedded.owner);
        const text = `select t::text as row from type_probe t order by id`;
        expect(await queryRows(conn, sql.raw(text))).toEqual(await queryRows(embedded.owner, sql.raw(text)));
        const [a, b] = [await tableChecksum(embedded.owner, 'type_probe'), await tableChecksum(conn, 'type_probe')];
        expect(b).toEqual(a);
        expect(a.rows).toBe(2);

        // The copy path (JSON out of PGlite, json_populate_recordset into PostgreSQL) loses nothing: not a microsecond, not a digit.
        await conn.execute(sql`delete from type_probe`);
        const columns = (await writableColumns(conn, 'type_probe')).map((c) => `"${c}"`).join(', ');
        expect(await copyTable(embedded, conn, 'type_probe', columns)).toBe(2);
        expect(await tableChecksum(conn, 'type_probe')).toEqual(a);
        // And a changed value shows in the checksum.
        await conn.execute(sql`update type_probe set at = at + interval '1 microsecond' where flag`);
        expect((await tableChecksum(conn, 'type_probe')).checksum).not.toBe(a.checksum);
      });
    } finally {
      await server.close();
      await embedded.close();
      await probe.drop();
    }
  });
});
