import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, databaseUrlFor } from '../../../test/postgres-admin.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { refusalOf } from './refusal.test-support.js';
import { openDatabase, queryRows, type Db } from './client.js';
import { runMigrations } from './migrate.js';
import { withLogin } from './pool-target.js';

/** This test always runs on PostgreSQL (the machine has it): the embedded database has no login roles. */
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const APP_PASSWORD = 'lectern-test-application-role';

describe('the application role’s own login (DATABASE_APP_PASSWORD)', { timeout: 120_000 }, () => {
  const name = `lectern_app_login_${randomBytes(4).toString('hex')}`;
  let ownerOnly: Db;
  let withAppLogin: Db;
  let tenantId: string;

  beforeAll(async () => {
    await adminQuery(serverUrl, `create database "${name}"`);
    ownerOnly = await openDatabase({ kind: 'postgres', url: databaseUrlFor(serverUrl, name), poolSize: 2 });
    await runMigrations(ownerOnly);
    await adminQuery(serverUrl, `alter role lectern_app login password '${APP_PASSWORD}'`);
    withAppLogin = await openDatabase({ kind: 'postgres', url: databaseUrlFor(serverUrl, name), appPassword: APP_PASSWORD, poolSize: 2 });
    tenantId = (await createTenant(withAppLogin, { slug: 'login', name: 'Login', hostnames: ['login.test'] })).id;
    for (let i = 0; i < 3; i++) await withAppLogin.withTenant(tenantId, (tx) => insertAuditEvent(tx, { action: 'user.updated', details: { n: i } }));
  });
  afterAll(async () => {
    await withAppLogin?.close();
    await ownerOnly?.close();
    await adminQuery(serverUrl, `drop database if exists "${name}" with (force)`);
  });

  const auditRows = async () => Number((await queryRows<{ n: string | number }>(ownerOnly.owner, sql`select count(*) as n from audit_events where tenant_id = ${tenantId}`))[0]!.n);

  it('tenant transactions are logged in as lectern_app, under the tenant’s row-level security', async () => {
    const seen = await withAppLogin.withTenant(tenantId, (tx) =>
      queryRows<{ session_user: string; current_user: string; n: string | number }>(tx, sql`select session_user, current_user, (select count(*) from audit_events) as n`),
    );
    expect(seen).toEqual([{ session_user: 'lectern_app', current_user: 'lectern_app', n: expect.anything() }]);
    expect(Number(seen[0]!.n)).toBe(3);
  });

  it('a statement in a tenant transaction cannot switch back to the owner and delete audit entries', async () => {
    const escape = withAppLogin.withTenant(tenantId, async (tx) => {
      await tx.execute(sql`reset role`);
      return queryRows<{ id: string }>(tx, sql`delete from audit_events where tenant_id = ${tenantId} returning id`);
    });
    expect(await refusalOf(escape)).toMatch(/permission denied for table audit_events/);
    const setRole = withAppLogin.withTenant(tenantId, (tx) => tx.execute(sql`set role postgres`));
    expect(await refusalOf(setRole)).toMatch(/permission denied to set role/);
    expect(await auditRows()).toBe(3);
  });

  it('without it, the owner’s connection switches back (why production sets it)', async () => {
    const deleted = await ownerOnly.withTenant(tenantId, async (tx) => {
      await tx.execute(sql`reset role`);
      const rows = await queryRows<{ id: string }>(tx, sql`delete from audit_events where tenant_id = ${tenantId} and chain_seq = 3 returning id`);
      // Not kept: only shown.
      throw Object.assign(new Error('rolled back'), { rows: rows.length });
    }).catch((error: { rows?: number }) => error.rows);
    expect(deleted).toBe(1);
    expect(await auditRows()).toBe(3);
  });
});

describe('withLogin', () => {
  it('puts the user and password in place of those of the URL, single- and multi-host', () => {
    expect(withLogin('postgres://owner:secret@db.example:5432/lectern?sslmode=verify-full', 'lectern_app', 'p@ss/w:rd')).toBe(
      'postgres://lectern_app:p%40ss%2Fw%3Ard@db.example:5432/lectern?sslmode=verify-full',
    );
    expect(withLogin('postgresql://db1:5432,db2:5432/lectern?target_session_attrs=read-write', 'lectern_app', 'x')).toBe(
      'postgresql://lectern_app:x@db1:5432,db2:5432/lectern?target_session_attrs=read-write',
    );
    // An @ in the owner's password (libpq reads the user information up to the last @ before the hosts).
    expect(withLogin('postgres://owner:a@b@db1,db2/lectern', 'lectern_app', 'x')).toBe('postgres://lectern_app:x@db1,db2/lectern');
  });
});
