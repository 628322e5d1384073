import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { queryRows, type Db } from '../db/client.js';
import type { BlobLocation } from '../storage/blob-location.js';
import { LocalLocation } from '../storage/local-location.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { writeErasureRecord } from './audit-anchor-store.js';
import { anchorAuditChains, pruneAuditChains } from './audit.jobs.js';
import { insertAuditEvent } from './audit.repository.js';
import { verifyAuditChain } from './verify-audit-chain.js';

describe(`audit chain verification (${engine})`, { timeout: 120_000 }, () => {
  let db: Db;
  let dir: string;
  let slugs = 0;

  beforeAll(async () => {
    db = await createTestDb();
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-audit-anchors-'));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A tenant with `count` entries (seq 1..count); returns the tenant and the row ids by seq. */
  async function tenantWithEntries(count: number): Promise<{ tenantId: string; slug: string; ids: Map<number, number> }> {
    const slug = `audit${++slugs}`;
    const tenant = await createTenant(db, { slug, name: slug, hostnames: [`${slug}.test`] });
    for (let i = 1; i <= count; i++) {
      await db.withTenant(tenant.id, (tx) => insertAuditEvent(tx, { action: 'user.updated', targetType: 'user', targetId: `u${i}`, details: { n: i } }));
    }
    return { tenantId: tenant.id, slug, ids: await idsBySeq(tenant.id) };
  }

  async function idsBySeq(tenantId: string): Promise<Map<number, number>> {
    const rows = await queryRows<{ id: string | number; seq: string | number }>(db.owner, sql`select id, chain_seq as seq from audit_events where tenant_id = ${tenantId}`);
    return new Map(rows.map((r) => [Number(r.seq), Number(r.id)]));
  }

  /** What an attacker with the owner's rights does: switch the update refusal off, change rows, switch it on again. */
  async function tamper(work: () => Promise<unknown>): Promise<void> {
    await db.owner.execute(sql`alter table audit_events disable trigger audit_refuse_update`);
    try {
      await work();
    } finally {
      await db.owner.execute(sql`alter table audit_events enable trigger audit_refuse_update`);
    }
  }

  const problemsOf = async (slug: string, locations?: LocalLocation[]) => {
    const result = await verifyAuditChain(db, { tenantSlug: slug, ...(locations ? { locations } : {}) });
    return result.problems.map(({ kind, seq, entryId }) => ({ kind, seq, entryId }));
  };

  it('chains each tenant’s entries: positions 1, 2, 3…, each naming the hash before it; an intact chain verifies', async () => {
    const a = await tenantWithEntries(3);
    const b = await tenantWithEntries(2);
    const rows = await queryRows<{ seq: string | number; prev_hash: string; hash: string }>(
      db.owner,
      sql`select chain_seq as seq, prev_hash, hash from audit_events where tenant_id = ${a.tenantId} order by chain_seq`,
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.prev_hash).toBe(rows[1]!.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(3);
    expect([...(await idsBySeq(b.tenantId)).keys()].sort()).toEqual([1, 2]);

    const result = await verifyAuditChain(db);
    expect(result.intact).toBe(true);
    expect(result.tenants.find((t) => t.tenant === a.slug)).toMatchObject({ entries: 3, headSeq: 3 });
  });

  it('names an entry whose details were changed', async () => {
    const t = await tenantWithEntries(5);
    await tamper(() => db.owner.execute(sql`update audit_events set details = '{"n": 99}' where id = ${t.ids.get(3)!}`));
    expect(await problemsOf(t.slug)).toEqual([{ kind: 'changed', seq: 3, entryId: t.ids.get(3) }]);
  });

  it('names an entry that was changed and given a recomputed hash', async () => {
    const t = await tenantWithEntries(5);
    await tamper(async () => {
      await db.owner.execute(sql`update audit_events set action = 'user.created' where id = ${t.ids.get(2)!}`);
      await db.owner.execute(sql`update audit_events e set hash = audit_entry_hash(e.prev_hash, e) where id = ${t.ids.get(2)!}`);
    });
    expect(await problemsOf(t.slug)).toEqual([{ kind: 'changed', seq: 2, entryId: t.ids.get(2) }]);
  });

  it('names a removed entry in the middle as missing', async () => {
    const t = await tenantWithEntries(5);
    await db.owner.execute(sql`delete from audit_events where id = ${t.ids.get(3)!}`);
    expect(await problemsOf(t.slug)).toEqual([{ kind: 'missing', seq: 3, entryId: null }]);
  });

  it('names two entries that swapped places as reordered', async () => {
    const t = await tenantWithEntries(5);
    await tamper(async () => {
      await db.owner.execute(sql`update audit_events set chain_seq = -1 where id = ${t.ids.get(2)!}`);
      await db.owner.execute(sql`update audit_events set chain_seq = 2 where id = ${t.ids.get(3)!}`);
      await db.owner.execute(sql`update audit_events set chain_seq = 3 where id = ${t.ids.get(2)!}`);
    });
    expect(await problemsOf(t.slug)).toEqual([
      { kind: 'reordered', seq: 2, entryId: t.ids.get(3) },
      { kind: 'reordered', seq: 3, entryId: t.ids.get(2) },
    ]);
  });

  it('names the removed newest entry as missing (the head still counts it)', async () => {
    const t = await tenantWithEntries(4);
    await db.owner.execute(sql`delete from audit_events where id = ${t.ids.get(4)!}`);
    expect(await problemsOf(t.slug)).toEqual([{ kind: 'missing', seq: 4, entryId: null }]);
  });

  /** Rewrites every entry's details and recomputes the whole chain and its head, as an attacker who knows the scheme would. */
  async function rewriteWholeChain(tenantId: string, count: number): Promise<void> {
    await tamper(async () => {
      let prev = '0'.repeat(64);
      for (let seq = 1; seq <= count; seq++) {
        await db.owner.execute(sql`update audit_events set details = ${JSON.stringify({ n: -seq })}::jsonb, prev_hash = ${prev} where tenant_id = ${tenantId} and chain_seq = ${seq}`);
        const [row] = await queryRows<{ hash: string }>(
          db.owner,
          sql`update audit_events e set hash = audit_entry_hash(e.prev_hash, e) where tenant_id = ${tenantId} and chain_seq = ${seq} returning hash`,
        );
        prev = row!.hash;
      }
      await db.owner.execute(sql`update audit_chain_heads set hash = ${prev} where tenant_id = ${tenantId}`);
    });
  }

  it('a chain rewritten consistently no longer matches its anchor, in the database and in the storage', async () => {
    const location = new LocalLocation(path.join(dir, 'one'));
    const t = await tenantWithEntries(4);
    expect(await anchorAuditChains(db, { locations: [location], writeQuorum: 1 })).toBeGreaterThanOrEqual(1);
    // Nothing moved since: no second anchor.
    expect(await anchorAuditChains(db, { locations: [location], writeQuorum: 1 })).toBe(0);
    await db.withTenant(t.tenantId, (tx) => insertAuditEvent(tx, { action: 'user.updated', details: { n: 5 } }));
    expect(await problemsOf(t.slug, [location])).toEqual([]);

    await rewriteWholeChain(t.tenantId, 5);
    // Without anchors the rewrite would pass: every hash and link is consistent.
    const chainOnly = await verifyAuditChain(db, { tenantSlug: t.slug });
    expect(chainOnly.problems).toEqual([expect.objectContaining({ kind: 'anchor_mismatch', seq: 4, entryId: t.ids.get(4) })]);

    // The attacker also rewrites the database's anchor: the copy in the storage still tells.
    await db.owner.execute(sql`update audit_anchors a set hash = e.hash from audit_events e where a.tenant_id = ${t.tenantId} and e.tenant_id = a.tenant_id and e.chain_seq = a.seq`);
    expect(await problemsOf(t.slug)).toEqual([]);
    const withStorage = await verifyAuditChain(db, { tenantSlug: t.slug, locations: [location] });
    expect(withStorage.intact).toBe(false);
    expect(withStorage.problems).toEqual([expect.objectContaining({ kind: 'anchor_mismatch', seq: 4, entryId: t.ids.get(4), detail: expect.stringContaining(`the copy at ${location.name}`) })]);
  });

  it('an anchor counts only once the storage’s write quorum holds it', async () => {
    const good = new LocalLocation(path.join(dir, 'quorum'));
    const full: BlobLocation = Object.assign(Object.create(good) as BlobLocation, { name: 'local:/full', put: () => Promise.reject(new Error('no space left')) });
    const t = await tenantWithEntries(2);
    const anchorsOf = async () => (await queryRows<{ n: number }>(db.owner, sql`select count(*)::int as n from audit_anchors where tenant_id = ${t.tenantId}`))[0]!.n;
    await expect(anchorAuditChains(db, { locations: [good, full], writeQuorum: 2 })).rejects.toThrow(/reached 1 of the 2 storage locations.*local:\/full: no space left/);
    expect(await anchorsOf()).toBe(0);
    await anchorAuditChains(db, { locations: [good, full], writeQuorum: 1 });
    expect(await anchorsOf()).toBe(1);
  });

  it('retention removes entries older than the tenant’s days from the start of the chain, and the chain still verifies', async () => {
    const slug = `audit${++slugs}`;
    const tenant = await createTenant(db, { slug, name: slug, hostnames: [`${slug}.test`] });
    await db.owner.execute(sql`update tenants set settings = jsonb_set(settings, '{security}', '{"auditRetentionDays": 30}') where id = ${tenant.id}`);
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    for (const age of [400, 100, 40, 10, 1]) {
      await db.owner.execute(sql`insert into audit_events (tenant_id, occurred_at, action) values (${tenant.id}, ${daysAgo(age)}::timestamptz, 'user.updated')`);
    }
    const location = new LocalLocation(path.join(dir, 'retention'));
    await anchorAuditChains(db, { locations: [location], writeQuorum: 1 });

    await pruneAuditChains(db, now);
    const kept = await queryRows<{ seq: string | number; action: string }>(db.owner, sql`select chain_seq as seq, action from audit_events where tenant_id = ${tenant.id} order by chain_seq`);
    // The two younger entries stay; retention records in the chain where it now begins.
    expect(kept.map((r) => [Number(r.seq), r.action])).toEqual([
      [4, 'user.updated'],
      [5, 'user.updated'],
      [6, 'audit.retention_applied'],
    ]);
    const [head] = await queryRows<{ pruned_through_seq: string | number }>(db.owner, sql`select pruned_through_seq from audit_chain_heads where tenant_id = ${tenant.id}`);
    expect(Number(head!.pruned_through_seq)).toBe(3);
    await db.withTenant(tenant.id, (tx) => insertAuditEvent(tx, { action: 'user.updated' }));
    const result = await verifyAuditChain(db, { tenantSlug: slug, locations: [location] });
    expect(result.problems).toEqual([]);
    expect(result.tenants[0]).toMatchObject({ entries: 4, headSeq: 7, prunedThroughSeq: 3 });

    // Removing the start by hand and claiming retention did it is named.
    await db.owner.execute(sql`delete from audit_events where tenant_id = ${tenant.id} and chain_seq = 4`);
    const [fifth] = await queryRows<{ hash: string }>(db.owner, sql`select prev_hash as hash from audit_events where tenant_id = ${tenant.id} and chain_seq = 5`);
    await db.owner.execute(sql`update audit_chain_heads set pruned_through_seq = 4, pruned_through_hash = ${fifth!.hash} where tenant_id = ${tenant.id}`);
    expect((await verifyAuditChain(db, { tenantSlug: slug })).problems.map(({ kind, seq }) => ({ kind, seq }))).toEqual([{ kind: 'head_mismatch', seq: 4 }]);

    // A tenant with the default (365 days) keeps all but the 400-day-old entry of the same ages.
    const other = await tenantWithEntries(0);
    await db.owner.execute(sql`insert into audit_events (tenant_id, occurred_at, action) values (${other.tenantId}, ${daysAgo(400)}::timestamptz, 'user.updated'), (${other.tenantId}, ${daysAgo(100)}::timestamptz, 'user.updated')`);
    await pruneAuditChains(db, now);
    expect([...(await idsBySeq(other.tenantId)).keys()].sort()).toEqual([2, 3]);
    expect((await verifyAuditChain(db, { tenantSlug: other.slug })).intact).toBe(true);
  });
  it('anchors of removed positions go once they prove nothing; a start removed by hand and dressed up as retention is named by its young anchor', async () => {
    const slug = `audit${++slugs}`;
    const tenant = await createTenant(db, { slug, name: slug, hostnames: [`${slug}.test`] });
    await db.owner.execute(sql`update tenants set settings = jsonb_set(settings, '{security}', '{"auditRetentionDays": 30}') where id = ${tenant.id}`);
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const entry = (age: number) => db.owner.execute(sql`insert into audit_events (tenant_id, occurred_at, action) values (${tenant.id}, ${daysAgo(age).toISOString()}::timestamptz, 'user.updated')`);
    const location = new LocalLocation(path.join(dir, 'spent'));
    const target = { locations: [location], writeQuorum: 1 };
    const anchorRows = async () =>
      (await queryRows<{ seq: string | number; storage_key: string }>(db.owner, sql`select seq, storage_key from audit_anchors where tenant_id = ${tenant.id} order by seq`)).map((r) => ({ seq: Number(r.seq), key: r.storage_key }));

    await entry(400);
    await entry(100);
    await anchorAuditChains(db, target, daysAgo(90));
    await entry(40);
    await entry(1);
    await anchorAuditChains(db, target, now);
    const [old] = await anchorRows();
    expect(old!.seq).toBe(2);
    await pruneAuditChains(db, now);
    // The 90-day-old anchor of a removed position is no finding.
    expect(await problemsOf(slug, [location])).toEqual([]);
    await db.withTenant(tenant.id, (tx) => insertAuditEvent(tx, { action: 'user.updated' }));
    await anchorAuditChains(db, target, now);
    // …and the next anchoring removes it, in the database and in the storage; the others stay.
    expect((await anchorRows()).map((a) => a.seq)).toEqual([4, 6]);
    expect(await location.head(old!.key)).toBeNull();
    expect(await location.head((await anchorRows())[0]!.key)).not.toBeNull();

    // The owner removes everything through position 6 (anchored today), moves the head's start and writes a retention entry of its own.
    await db.withTenant(tenant.id, (tx) => insertAuditEvent(tx, { action: 'user.updated' }));
    const [sixth] = await queryRows<{ hash: string }>(db.owner, sql`select hash from audit_events where tenant_id = ${tenant.id} and chain_seq = 6`);
    await db.owner.execute(sql`delete from audit_events where tenant_id = ${tenant.id} and chain_seq <= 6`);
    await db.owner.execute(sql`delete from audit_anchors where tenant_id = ${tenant.id}`);
    await db.owner.execute(sql`update audit_chain_heads set pruned_through_seq = 6, pruned_through_hash = ${sixth!.hash} where tenant_id = ${tenant.id}`);
    const forged = JSON.stringify({ throughSeq: 6, throughHash: sixth!.hash, removed: 3, cutoff: daysAgo(30).toISOString() });
    await db.owner.execute(sql`insert into audit_events (tenant_id, action, target_type, details) values (${tenant.id}, 'audit.retention_applied', 'audit_chain', ${forged}::jsonb)`);
    // The database alone no longer tells; the copy in the storage of position 4, anchored today, does.
    expect(await problemsOf(slug)).toEqual([]);
    expect(await problemsOf(slug, [location])).toEqual([{ kind: 'anchor_mismatch', seq: 4, entryId: null }]);
  });

  it('names a rewritten entry although the owner redefined the database’s hash function to pass it: the hash is recomputed outside the database', async () => {
    const location = new LocalLocation(path.join(dir, 'redefined'));
    const t = await tenantWithEntries(4);
    await anchorAuditChains(db, { locations: [location], writeQuorum: 1 });
    const [original] = await queryRows<{ def: string }>(db.owner, sql`select pg_get_functiondef('audit_entry_hash(text, audit_events)'::regprocedure) as def`);
    // A hash function that answers the stored hash for every stored row, and the right one for new rows.
    await db.owner.execute(
      sql.raw(`CREATE OR REPLACE FUNCTION audit_entry_hash(prev_hash text, e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(e.hash, encode(sha256(convert_to(prev_hash || audit_entry_canonical(e), 'UTF8')), 'hex')) $$`),
    );
    try {
      await tamper(() => db.owner.execute(sql`update audit_events set details = '{"n":"forged"}', action = 'user.created' where tenant_id = ${t.tenantId} and chain_seq = 2`));
      await db.withTenant(t.tenantId, (tx) => insertAuditEvent(tx, { action: 'user.updated', details: { n: 5 } }));
      expect(await problemsOf(t.slug, [location])).toEqual([{ kind: 'changed', seq: 2, entryId: t.ids.get(2)! }]);
    } finally {
      await db.owner.execute(sql.raw(original!.def));
    }
  });

  it('names an entry whose time was moved to the same day before the Common Era (the canonical form does not show the era)', async () => {
    const t = await tenantWithEntries(3);
    await tamper(() =>
      db.owner.execute(
        sql`update audit_events set occurred_at = ((to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || ' BC')::timestamp at time zone 'UTC') where tenant_id = ${t.tenantId} and chain_seq = 2`,
      ),
    );
    const result = await verifyAuditChain(db, { tenantSlug: t.slug });
    expect(result.problems.map(({ kind, seq, detail }) => ({ kind, seq, era: /Common Era/.test(detail) }))).toEqual([{ kind: 'changed', seq: 2, era: true }]);
  });

  it('names entries left at positions the chain head says retention removed (they would not be walked)', async () => {
    const t = await tenantWithEntries(4);
    const [third] = await queryRows<{ hash: string }>(db.owner, sql`select hash from audit_events where tenant_id = ${t.tenantId} and chain_seq = 3`);
    await db.owner.execute(sql`update audit_chain_heads set pruned_through_seq = 3, pruned_through_hash = ${third!.hash} where tenant_id = ${t.tenantId}`);
    const forged = JSON.stringify({ throughSeq: 3, throughHash: third!.hash, removed: 0 });
    await db.owner.execute(sql`insert into audit_events (tenant_id, action, target_type, details) values (${t.tenantId}, 'audit.retention_applied', 'audit_chain', ${forged}::jsonb)`);
    await tamper(() => db.owner.execute(sql`update audit_events set details = '{"n":"forged"}' where tenant_id = ${t.tenantId} and chain_seq = 2`));
    expect(await problemsOf(t.slug)).toEqual([
      { kind: 'changed', seq: 1, entryId: t.ids.get(1)! },
      { kind: 'changed', seq: 2, entryId: t.ids.get(2)! },
      { kind: 'changed', seq: 3, entryId: t.ids.get(3)! },
    ]);
  });

  it('a start removed by hand is named by anchors younger than the site’s retention (not only its minimum), and the next anchoring keeps them', async () => {
    const slug = `audit${++slugs}`;
    const tenant = await createTenant(db, { slug, name: slug, hostnames: [`${slug}.test`] }); // keeps entries 365 days
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const location = new LocalLocation(path.join(dir, 'long-retention'));
    const target = { locations: [location], writeQuorum: 1 };
    for (const age of [200, 100, 60]) {
      await db.owner.execute(sql`insert into audit_events (tenant_id, occurred_at, action) values (${tenant.id}, ${daysAgo(age).toISOString()}::timestamptz, 'user.role_changed')`);
      await anchorAuditChains(db, target, daysAgo(age));
    }
    await db.owner.execute(sql`insert into audit_events (tenant_id, occurred_at, action) values (${tenant.id}, ${daysAgo(1).toISOString()}::timestamptz, 'user.updated')`);
    await anchorAuditChains(db, target, now);
    expect(await problemsOf(slug, [location])).toEqual([]);

    const [third] = await queryRows<{ hash: string }>(db.owner, sql`select hash from audit_events where tenant_id = ${tenant.id} and chain_seq = 3`);
    await db.owner.execute(sql`delete from audit_events where tenant_id = ${tenant.id} and chain_seq <= 3`);
    await db.owner.execute(sql`update audit_chain_heads set pruned_through_seq = 3, pruned_through_hash = ${third!.hash} where tenant_id = ${tenant.id}`);
    const forged = JSON.stringify({ throughSeq: 3, throughHash: third!.hash, removed: 3, cutoff: daysAgo(30).toISOString() });
    await db.owner.execute(sql`insert into audit_events (tenant_id, action, target_type, details) values (${tenant.id}, 'audit.retention_applied', 'audit_chain', ${forged}::jsonb)`);
    const expected = [
      { kind: 'anchor_mismatch', seq: 1, entryId: null },
      { kind: 'anchor_mismatch', seq: 2, entryId: null },
    ];
    expect(await problemsOf(slug, [location])).toEqual(expected);
    // The next anchoring does not take the evidence away: those anchors are younger than the site keeps entries.
    await anchorAuditChains(db, target, now);
    expect(await problemsOf(slug, [location])).toEqual(expected);
  });

  it('names a shortening of the retention the anchors recorded that no change of the settings in the chain explains', async () => {
    const t = await tenantWithEntries(2);
    const location = new LocalLocation(path.join(dir, 'shortened'));
    const target = { locations: [location], writeQuorum: 1 };
    const setRetention = (days: number) => db.owner.execute(sql`update tenants set settings = jsonb_set(settings, '{security}', ${JSON.stringify({ auditRetentionDays: days })}::jsonb) where id = ${t.tenantId}`);
    await anchorAuditChains(db, target);
    // By hand in the database: no entry says so (a change of another setting whose text names it does not count).
    await setRetention(30);
    await db.withTenant(t.tenantId, (tx) =>
      insertAuditEvent(tx, { action: 'tenant.settings_changed', targetType: 'tenant', targetId: t.tenantId, details: { changed: { branding: { siteName: 'auditRetentionDays' } } } }),
    );
    await anchorAuditChains(db, target);
    const found = (await verifyAuditChain(db, { tenantSlug: t.slug, locations: [location] })).problems;
    expect(found.map(({ kind, seq }) => ({ kind, seq }))).toEqual([{ kind: 'anchor_mismatch', seq: 3 }]);
    expect(found[0]!.detail).toMatch(/shortened from 365 to 30 days/);

    // Through the settings (what the console writes), the same shortening is no finding.
    const other = await tenantWithEntries(2);
    await anchorAuditChains(db, target);
    await db.owner.execute(sql`update tenants set settings = jsonb_set(settings, '{security}', '{"auditRetentionDays": 30}') where id = ${other.tenantId}`);
    await db.withTenant(other.tenantId, (tx) =>
      insertAuditEvent(tx, { action: 'tenant.settings_changed', targetType: 'tenant', targetId: other.tenantId, details: { changed: { security: { auditRetentionDays: 30 } } } }),
    );
    await anchorAuditChains(db, target);
    expect(await problemsOf(other.slug, [location])).toEqual([]);
  });

  it('a site removed from the database by hand, chain and all, is named by its anchors; one with an erasure record is listed as deleted', async () => {
    const location = new LocalLocation(path.join(dir, 'vanished'));
    const target = { locations: [location], writeQuorum: 1 };
    const removed = await tenantWithEntries(2);
    const deleted = await tenantWithEntries(3);
    await anchorAuditChains(db, target);
    // An erasure record, as lectern tenant delete writes one before the rows go.
    await writeErasureRecord([location], 1, { format: 'lectern-site-erasure', version: 1, tenantId: deleted.tenantId, slug: deleted.slug, erasedAt: new Date().toISOString(), headSeq: 3, headHash: null });
    // A decoy: a record for one site under the other's key explains nothing.
    const decoy = Buffer.from(JSON.stringify({ format: 'lectern-site-erasure', version: 1, tenantId: deleted.tenantId, slug: 'x', erasedAt: new Date().toISOString(), headSeq: 0, headHash: null }));
    await location.put(`platform/audit-erasures/${removed.tenantId}.json`, Readable.from([decoy]), decoy.length);
    for (const site of [removed, deleted]) await db.owner.execute(sql`delete from tenants where id = ${site.tenantId}`);

    const result = await verifyAuditChain(db, { locations: [location] });
    expect(result.problems.filter((p) => p.tenantId === removed.tenantId || p.tenantId === deleted.tenantId).map(({ tenantId, kind }) => ({ tenantId, kind }))).toEqual([
      { tenantId: removed.tenantId, kind: 'site_missing' },
    ]);
    expect(result.erasedSites).toEqual([{ tenant: deleted.slug, tenantId: deleted.tenantId, erasedAt: expect.any(String), headSeq: 3 }]);
    // One site's verification does not judge the others.
    expect((await verifyAuditChain(db, { tenantSlug: (await tenantWithEntries(1)).slug, locations: [location] })).problems).toEqual([]);
  });
});
