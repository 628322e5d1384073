import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, testConfig, type TestContext } from '../../../test/app.js';
import { adminQuery, databaseUrlFor } from '../../../test/postgres-admin.js';
import { pruneAuditChains } from '../audit/audit.jobs.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { refusalOf } from './refusal.test-support.js';
import { openDatabase, queryRows, type Db } from './client.js';
import { openMigratedDatabase } from './open.js';
import { checkSystemLogin } from './system-role.js';
import { createTenant } from '../tenancy/tenants.service.js';

/** This test always runs on PostgreSQL (the machine has it): the embedded database has no login roles. */
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SYSTEM_PASSWORD = 'lectern-test-system-role-login';
// The same as the test run's (test/global-setup.ts): the role is the cluster's, shared by every test database.
const APP_PASSWORD = 'lectern-test-application-role';

describe('the server’s work across sites logged in as lectern_system (DATABASE_SYSTEM_PASSWORD)', { timeout: 120_000 }, () => {
  const name = `lectern_system_login_${randomBytes(4).toString('hex')}`;
  let owner: Db;
  let ctx: TestContext;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;

  beforeAll(async () => {
    await adminQuery(serverUrl, `create database "${name}"`);
    // Created as the administrator would (docs/operations.md); another test file may have made it already.
    await adminQuery(serverUrl, `do $$ begin create role lectern_system; exception when duplicate_object then null; end $$`);
    await adminQuery(serverUrl, `alter role lectern_system login password '${SYSTEM_PASSWORD}'`);
    await adminQuery(serverUrl, `alter role lectern_app login password '${APP_PASSWORD}'`);
    const url = databaseUrlFor(serverUrl, name);
    const config = testConfig({ DATABASE_URL: url, DATABASE_APP_PASSWORD: APP_PASSWORD, DATABASE_SYSTEM_PASSWORD: SYSTEM_PASSWORD });
    const db = await openMigratedDatabase(config, { systemLogin: true });
    owner = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
    ctx = await createTestApp({ db });
    site = await createTenantWithUser(db, 'system');
  });
  afterAll(async () => {
    await ctx?.close();
    await owner?.close();
    await adminQuery(serverUrl, `drop database if exists "${name}" with (force)`);
  });

  const auditCount = async () => Number((await queryRows<{ n: string | number }>(owner.owner, sql`select count(*) as n from audit_events where tenant_id = ${site.tenant.id}`))[0]!.n);

  it('its connections are logged in as lectern_system, and tenant transactions as lectern_app', async () => {
    expect(await queryRows(ctx.db.owner, sql`select session_user::text as login, current_user::text as acting`)).toEqual([{ login: 'lectern_system', acting: 'lectern_system' }]);
    expect(await ctx.db.withTenant(site.tenant.id, (tx) => queryRows(tx, sql`select session_user::text as login`))).toEqual([{ login: 'lectern_app' }]);
  });

  it('serves a site: the host is found, a person signs in, an administrator’s change is audited and the chain verifies', async () => {
    const cookie = await signInCookie(ctx.app, site.host, site.email, site.password);
    const before = await auditCount();
    const settings = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: site.host, cookie }, payload: { security: { requireMfaFor: ['admin'] } } });
    expect(settings.statusCode).toBe(200);
    expect(await auditCount()).toBeGreaterThan(before);
    expect((await verifyAuditChain(owner, { tenantSlug: site.tenant.slug })).intact).toBe(true);
  });

  it('cannot change the schema, the audit trail’s functions, its entries or its chain heads, nor become the owner', async () => {
    const tenantId = site.tenant.id;
    const before = await auditCount();
    const attempts = {
      delete: refusalOf(ctx.db.owner.execute(sql`delete from audit_events where tenant_id = ${tenantId}`)),
      update: refusalOf(ctx.db.owner.execute(sql`update audit_events set action = 'x' where tenant_id = ${tenantId}`)),
      truncate: refusalOf(ctx.db.owner.execute(sql`truncate audit_events`)),
      head: refusalOf(ctx.db.owner.execute(sql`update audit_chain_heads set hash = repeat('0', 64) where tenant_id = ${tenantId}`)),
      hashFunction: refusalOf(ctx.db.owner.execute(sql.raw(`create or replace function audit_entry_hash(prev_hash text, e audit_events) returns text language sql as $$ select e.hash $$`))),
      trigger: refusalOf(ctx.db.owner.execute(sql`alter table audit_events disable trigger audit_chain_link`)),
      dropTable: refusalOf(ctx.db.owner.execute(sql`drop table users cascade`)),
      // The cascade to the site's audit entries would run as their owner.
      deleteSite: refusalOf(ctx.db.owner.execute(sql`delete from tenants where id = ${tenantId}`)),
      becomeOwner: refusalOf(ctx.db.owner.execute(sql`set role postgres`)),
      youngEntries: refusalOf(ctx.db.owner.execute(sql`select audit_prune_chain_start(${tenantId}::uuid, now())`)),
    };
    expect(Object.fromEntries(await Promise.all(Object.entries(attempts).map(async ([what, outcome]) => [what, await outcome])))).toEqual({
      delete: expect.stringMatching(/permission denied for table audit_events/),
      update: expect.stringMatching(/permission denied for table audit_events/),
      truncate: expect.stringMatching(/permission denied for table audit_events/),
      head: expect.stringMatching(/permission denied for table audit_chain_heads/),
      // PostgreSQL 15 and later let nobody but the owner create in the schema public; before, not replace the owner's function.
      hashFunction: expect.stringMatching(/permission denied for schema public|must be owner of function audit_entry_hash/),
      trigger: expect.stringMatching(/must be owner of table audit_events/),
      dropTable: expect.stringMatching(/must be owner of table users/),
      deleteSite: expect.stringMatching(/permission denied for table tenants/),
      becomeOwner: expect.stringMatching(/permission denied to set role/),
      youngEntries: expect.stringMatching(/keeps every entry of the last 30 days/),
    });
    expect(await auditCount()).toBe(before);
  });

  it('retention still removes the old start of a chain (through the owner’s function), and the chain verifies', async () => {
    const tenant = await createTenant(ctx.db, { slug: 'retained', name: 'Retained', hostnames: ['retained.test'] });
    await owner.owner.execute(sql`update tenants set settings = jsonb_set(settings, '{security}', '{"auditRetentionDays": 30}') where id = ${tenant.id}`);
    for (const age of [400, 100, 1]) {
      await owner.owner.execute(sql`insert into audit_events (tenant_id, occurred_at, action) values (${tenant.id}, now() - make_interval(days => ${age}), 'user.updated')`);
    }
    expect(await pruneAuditChains(ctx.db)).toBe(2);
    // The two old entries went; the chain records where it now begins.
    const kept = await queryRows<{ seq: string | number; action: string }>(owner.owner, sql`select chain_seq as seq, action from audit_events where tenant_id = ${tenant.id} order by chain_seq`);
    expect(kept.map((e) => [Number(e.seq), e.action])).toEqual([
      [3, 'user.updated'],
      [4, 'audit.retention_applied'],
    ]);
    expect((await verifyAuditChain(owner, { tenantSlug: tenant.slug })).intact).toBe(true);
  });

  it('a request’s transaction cannot call the retention function', async () => {
    const call = ctx.db.withTenant(site.tenant.id, (tx) => tx.execute(sql`select audit_prune_chain_start(${site.tenant.id}::uuid, now() - interval '400 days')`));
    expect(await refusalOf(call)).toMatch(/permission denied for function audit_prune_chain_start/);
  });

  it('a start refuses a system login that is another role', async () => {
    await expect(checkSystemLogin(owner.owner)).rejects.toThrow(/the system login is postgres, not lectern_system/);
  });
});
