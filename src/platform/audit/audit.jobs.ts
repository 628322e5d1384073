import type { Db } from '../db/client.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import type { BlobLocation } from '../storage/blob-location.js';
import { listTenants } from '../tenancy/tenants.repository.js';
import { MIN_AUDIT_RETENTION_DAYS, settingsOf } from '../tenancy/tenant-settings.js';
import { writeAnchorCopy } from './audit-anchor-store.js';
import { deleteSpentAnchors, insertAnchor, latestAnchoredSeqs, listChainHeads, pruneChainStart } from './audit-chain.repository.js';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

export interface AnchorTarget {
  locations: readonly BlobLocation[];
  writeQuorum: number;
}

/**
 * Writes each tenant's chain head that moved since its last anchor to the storage locations,
 * then records it in audit_anchors. A chain rewritten afterwards, however consistently, no longer
 * has the anchored hash at the anchored position. Returns how many tenants were anchored.
 */
export async function anchorAuditChains(db: Db, target: AnchorTarget, now = new Date()): Promise<number> {
  const latest = await latestAnchoredSeqs(db.owner);
  const retention = await retentionDaysByTenant(db);
  let anchored = 0;
  for (const head of await listChainHeads(db.owner)) {
    if (head.seq === null || head.hash === null || head.seq === 0 || latest.get(head.tenantId) === head.seq) continue;
    const retentionDays = retention.get(head.tenantId) ?? MIN_AUDIT_RETENTION_DAYS;
    const copy = { format: 'lectern-audit-anchor' as const, version: 1 as const, tenantId: head.tenantId, seq: head.seq, hash: head.hash, anchoredAt: now.toISOString(), retentionDays };
    // The copy first: an anchor row without a stored copy would claim more than the storage holds.
    const storageKey = await writeAnchorCopy(target.locations, target.writeQuorum, copy);
    await insertAnchor(db.owner, { tenantId: head.tenantId, seq: head.seq, hash: head.hash, anchoredAt: now, storageKey });
    anchored++;
  }
  await removeSpentAnchors(db, target, retention, now);
  return anchored;
}

/** Each site's audit retention in days (security.auditRetentionDays). */
async function retentionDaysByTenant(db: Db): Promise<Map<string, number>> {
  return new Map((await listTenants(db.owner)).map((tenant) => [tenant.id, settingsOf(tenant).security.auditRetentionDays]));
}

/**
 * Anchors of positions retention removed prove nothing once older than the site's retention (a
 * day of slack): verification judges them by the retention the storage copies recorded. Kept as
 * long as the site's retention, not retention's minimum, so a start removed by hand stays named
 * by them for as long as the entries should have been kept.
 */
async function removeSpentAnchors(db: Db, target: AnchorTarget, retention: ReadonlyMap<string, number>, now: Date): Promise<void> {
  const keys: string[] = [];
  for (const [tenantId, days] of retention) {
    keys.push(...(await deleteSpentAnchors(db.owner, tenantId, new Date(now.getTime() - (Math.max(days, MIN_AUDIT_RETENTION_DAYS) + 1) * DAY))));
  }
  for (const key of keys) {
    // A copy that cannot be removed now stays; verification ignores it like the others of its age.
    await Promise.allSettled(target.locations.map((location) => location.delete(key)));
  }
}

/** Removes each tenant's entries older than its retention (security.auditRetentionDays) from the start of its chain. */
export async function pruneAuditChains(db: Db, now = new Date()): Promise<number> {
  let removed = 0;
  for (const tenant of await listTenants(db.owner)) {
    const days = settingsOf(tenant).security.auditRetentionDays;
    removed += await pruneChainStart(db.owner, tenant.id, new Date(now.getTime() - days * DAY));
  }
  return removed;
}

/** Hourly anchors, daily retention. */
export function auditRecurringJobs(db: Db, target: AnchorTarget): RecurringJob[] {
  return [
    { kind: 'audit.anchor', everyMs: HOUR, run: async () => void (await anchorAuditChains(db, target)) },
    // Anchored right after pruning: the copies then record the retention the start was removed by.
    {
      kind: 'audit.retention',
      everyMs: DAY,
      run: async () => {
        await pruneAuditChains(db);
        await anchorAuditChains(db, target);
      },
    },
  ];
}
