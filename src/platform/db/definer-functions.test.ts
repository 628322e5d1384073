import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { queryRows, type Db } from './client.js';
import { refusalOf } from './refusal.test-support.js';

/**
 * Functions that run as their owner (SECURITY DEFINER) must not find a caller's objects by name:
 * every role may create temporary tables, and the temporary schema is searched first unless the
 * function's search_path names it last.
 */
describe(`functions that run as their owner (${engine})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db?.close());

  it('each names pg_temp last in its search_path', async () => {
    const functions = await queryRows<{ name: string; config: string[] | null }>(
      db.owner,
      sql`select p.proname as name, p.proconfig as config from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prosecdef order by 1`,
    );
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const f of functions) expect(f.config, f.name).toContain('search_path=public, pg_temp');
  });

  it('a request cannot make a temporary table (one would outlive it on the pooled connection and shadow a table for the next requests)', async () => {
    const tenant = await createTenant(db, { slug: 'temporary', name: 'Temporary', hostnames: ['temporary.test'] });
    const attempt = refusalOf(db.withTenant(tenant.id, (tx) => tx.execute(sql`create temp table users (id uuid)`)));
    expect(await attempt).toMatch(/permission denied to create temporary tables/);
  });

  it('a temporary table named like the chain heads does not steer the audit chain', async () => {
    const tenant = await createTenant(db, { slug: 'shadow', name: 'Shadow', hostnames: ['shadow.test'] });
    await db.withTenant(tenant.id, (tx) => insertAuditEvent(tx, { action: 'user.updated' }));
    // Made by a role that may (the owner): the trigger, run in that session, must still use the real heads.
    await db.withConnection(async (orm) => {
      await orm.execute(sql`create temp table audit_chain_heads (tenant_id uuid primary key, seq bigint, hash text, pruned_through_seq bigint, pruned_through_hash text)`);
      await orm.execute(sql`insert into audit_chain_heads values (${tenant.id}, 41, repeat('a', 64), 0, null)`);
      await orm.execute(sql`insert into audit_events (tenant_id, action) values (${tenant.id}, 'user.updated')`);
      await orm.execute(sql`drop table pg_temp.audit_chain_heads`);
    });
    const seqs = await queryRows<{ seq: string | number }>(db.owner, sql`select chain_seq as seq from audit_events where tenant_id = ${tenant.id} order by chain_seq`);
    expect(seqs.map((r) => Number(r.seq))).toEqual([1, 2]);
    expect((await verifyAuditChain(db, { tenantSlug: 'shadow' })).problems).toEqual([]);
  });
});
