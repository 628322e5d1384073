import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/client.js';

/** The entry retention writes into the chain it shortened. */
export const RETENTION_ACTION = 'audit.retention_applied';

/** The hash a chain starts from (no entry before it). */
export const CHAIN_START_HASH = '0'.repeat(64);

export interface ChainHead {
  tenantId: string;
  slug: string;
  /** Null when the tenant never had an entry (no head row). */
  seq: number | null;
  hash: string | null;
  prunedThroughSeq: number;
  prunedThroughHash: string | null;
}

/** Every tenant (or the one with `slug`) with its chain head, by slug. Owner connection. */
export async function listChainHeads(owner: Orm, slug?: string): Promise<ChainHead[]> {
  const rows = await queryRows<{ tenant_id: string; slug: string; seq: string | number | null; hash: string | null; pruned_through_seq: string | number | null; pruned_through_hash: string | null }>(
    owner,
    sql`select t.id as tenant_id, t.slug, h.seq, h.hash, h.pruned_through_seq, h.pruned_through_hash
          from tenants t left join audit_chain_heads h on h.tenant_id = t.id
         ${slug === undefined ? sql`` : sql`where t.slug = ${slug}`}
         order by t.slug`,
  );
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    slug: r.slug,
    seq: r.seq === null ? null : Number(r.seq),
    hash: r.hash,
    prunedThroughSeq: Number(r.pruned_through_seq ?? 0),
    prunedThroughHash: r.pruned_through_hash,
  }));
}

export interface StoredChainEntry {
  id: number;
  seq: number;
  prevHash: string | null;
  hash: string | null;
  /** The hash recomputed here over the stored row and its stored prev_hash (see canonicalEntrySql). */
  recomputed: string;
  /** Whether the entry's time is in the Common Era: the canonical form does not show the era, so a time moved to the same day BC would keep its hash. */
  inCommonEra: boolean;
}

/**
 * The canonical form the insert trigger hashes (audit_entry_canonical in the migrations), built
 * here from PostgreSQL's own built-in functions, named with their schema: verification must not
 * rely on the functions stored in the database it checks, which an owner can redefine (a hash
 * function that returns the stored hash would pass any rewritten row).
 */
const canonicalEntrySql = sql`pg_catalog.jsonb_build_array(
    e.id, e.tenant_id, e.chain_seq,
    pg_catalog.to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.action, e.actor_user_id, e.actor_staff_id, e.staff_grant_id, e.actor_ip, e.user_agent,
    e.request_id, e.target_type, e.target_id, e.details
  )::text`;

/** The hash of an entry: SHA-256 of the previous hash followed by the entry's canonical form. */
export function auditEntryHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash + canonical, 'utf8').digest('hex');
}

/** One page of a tenant's chain after `afterSeq`, in chain order, each with its hash recomputed. */
export async function chainEntriesAfter(owner: Orm, tenantId: string, afterSeq: number, limit: number): Promise<StoredChainEntry[]> {
  const rows = await queryRows<{ id: string | number; seq: string | number; prev_hash: string | null; hash: string | null; canonical: string; era: string }>(
    owner,
    sql`select e.id, e.chain_seq as seq, e.prev_hash, e.hash, ${canonicalEntrySql} as canonical,
               pg_catalog.to_char(e.occurred_at at time zone 'UTC', 'BC') as era
          from audit_events e
         where e.tenant_id = ${tenantId} and e.chain_seq > ${afterSeq}
         order by e.chain_seq
         limit ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    seq: Number(r.seq),
    prevHash: r.prev_hash,
    hash: r.hash,
    recomputed: auditEntryHash(r.prev_hash ?? '', r.canonical),
    inCommonEra: r.era === 'AD',
  }));
}

/** Entries still at positions the chain head says retention removed (at most `limit`). */
export async function entriesAtOrBefore(owner: Orm, tenantId: string, seq: number, limit: number): Promise<{ id: number; seq: number }[]> {
  const rows = await queryRows<{ id: string | number; seq: string | number }>(
    owner,
    sql`select id, chain_seq as seq from audit_events where tenant_id = ${tenantId} and chain_seq <= ${seq} order by chain_seq limit ${limit}`,
  );
  return rows.map((r) => ({ id: Number(r.id), seq: Number(r.seq) }));
}

/** Entries that lost their place in the chain (chain_seq emptied by hand). */
export async function unchainedEntryIds(owner: Orm, tenantId: string): Promise<number[]> {
  const rows = await queryRows<{ id: string | number }>(owner, sql`select id from audit_events where tenant_id = ${tenantId} and chain_seq is null order by id`);
  return rows.map((r) => Number(r.id));
}

/** The position of the tenant's entry with this stored hash, if any. */
export async function chainSeqOfHash(owner: Orm, tenantId: string, hash: string): Promise<number | null> {
  const rows = await queryRows<{ seq: string | number | null }>(owner, sql`select chain_seq as seq from audit_events where tenant_id = ${tenantId} and hash = ${hash} limit 1`);
  return rows[0]?.seq == null ? null : Number(rows[0].seq);
}

export interface AnchorWithEntry {
  seq: number;
  hash: string;
  anchoredAt: Date;
  storageKey: string;
  entryId: number | null;
  entryHash: string | null;
}

/** A tenant's anchors with the entry now at each anchored position. */
export async function anchorsWithEntries(owner: Orm, tenantId: string): Promise<AnchorWithEntry[]> {
  const rows = await queryRows<{ seq: string | number; hash: string; anchored_at: string | Date; storage_key: string; entry_id: string | number | null; entry_hash: string | null }>(
    owner,
    sql`select a.seq, a.hash, a.anchored_at, a.storage_key, e.id as entry_id, e.hash as entry_hash
          from audit_anchors a left join audit_events e on e.tenant_id = a.tenant_id and e.chain_seq = a.seq
         where a.tenant_id = ${tenantId}
         order by a.seq, a.id`,
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    hash: r.hash,
    anchoredAt: new Date(r.anchored_at),
    storageKey: r.storage_key,
    entryId: r.entry_id === null ? null : Number(r.entry_id),
    entryHash: r.entry_hash,
  }));
}

/** The entry at a position of a tenant's chain (for a stored anchor copy the database has no row for). */
/** The tenant's entries now at these positions, by position (one query however many). */
export async function entriesAtSeqs(owner: Orm, tenantId: string, seqs: readonly number[]): Promise<Map<number, { id: number; hash: string | null }>> {
  if (seqs.length === 0) return new Map();
  const wanted = sql.join([...new Set(seqs)].map((seq) => sql`${seq}`), sql`, `);
  const rows = await queryRows<{ id: string | number; seq: string | number; hash: string | null }>(
    owner,
    sql`select id, chain_seq as seq, hash from audit_events where tenant_id = ${tenantId} and chain_seq in (${wanted})`,
  );
  return new Map(rows.map((r) => [Number(r.seq), { id: Number(r.id), hash: r.hash }]));
}

/**
 * A tenant's anchors that no longer tell anything: at a position retention removed, made before
 * `anchoredBefore` (the caller's retention). Deleted here and returned, so their copies in the
 * storage can go too.
 */
export async function deleteSpentAnchors(owner: Orm, tenantId: string, anchoredBefore: Date): Promise<string[]> {
  const rows = await queryRows<{ storage_key: string }>(
    owner,
    sql`delete from audit_anchors a using audit_chain_heads h
         where a.tenant_id = ${tenantId} and h.tenant_id = a.tenant_id and a.seq < h.pruned_through_seq and a.anchored_at < ${anchoredBefore.toISOString()}::timestamptz
     returning a.storage_key`,
  );
  return rows.map((r) => r.storage_key);
}

/** The newest anchor's position per tenant. */
export async function latestAnchoredSeqs(owner: Orm): Promise<Map<string, number>> {
  const rows = await queryRows<{ tenant_id: string; seq: string | number }>(owner, sql`select tenant_id, max(seq) as seq from audit_anchors group by tenant_id`);
  return new Map(rows.map((r) => [r.tenant_id, Number(r.seq)]));
}

export async function insertAnchor(owner: Orm, anchor: { tenantId: string; seq: number; hash: string; anchoredAt: Date; storageKey: string }): Promise<void> {
  await owner.execute(
    sql`insert into audit_anchors (tenant_id, seq, hash, anchored_at, storage_key)
        values (${anchor.tenantId}, ${anchor.seq}, ${anchor.hash}, ${anchor.anchoredAt.toISOString()}::timestamptz, ${anchor.storageKey})`,
  );
}

/**
 * Retention: removes the tenant's oldest entries, the chain's start up to the last entry before
 * `cutoff` that no newer entry precedes, and records where the chain now begins (migration 0086's
 * function, the only way the server's role for work across sites may delete entries). Returns how
 * many went.
 */
export async function pruneChainStart(owner: Orm, tenantId: string, cutoff: Date): Promise<number> {
  const [row] = await queryRows<{ removed: number }>(owner, sql`select audit_prune_chain_start(${tenantId}::uuid, ${cutoff.toISOString()}::timestamptz) as removed`);
  return row?.removed ?? 0;
}

/** What the newest retention entry of a tenant's chain says the chain was pruned through. */
export async function latestRetentionRecord(owner: Orm, tenantId: string): Promise<{ throughSeq: number; throughHash: string | null } | null> {
  const rows = await queryRows<{ through_seq: string | number | null; through_hash: string | null }>(
    owner,
    sql`select details->>'throughSeq' as through_seq, details->>'throughHash' as through_hash from audit_events
         where tenant_id = ${tenantId} and action = ${RETENTION_ACTION} order by chain_seq desc limit 1`,
  );
  return rows[0] ? { throughSeq: Number(rows[0].through_seq), throughHash: rows[0].through_hash } : null;
}

/** How many changes of the site's audit retention (security.auditRetentionDays among a settings change's fields, not merely its text) the chain holds after position `afterSeq`. */
export async function retentionChangesAfter(owner: Orm, tenantId: string, afterSeq: number): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(
    owner,
    sql`select count(*) as n from audit_events
         where tenant_id = ${tenantId} and chain_seq > ${afterSeq} and action = 'tenant.settings_changed' and details->'changed'->'security' ? 'auditRetentionDays'`,
  );
  return Number(row?.n ?? 0);
}
