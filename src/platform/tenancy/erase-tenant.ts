import { writeErasureRecord } from '../audit/audit-anchor-store.js';
import { listChainHeads } from '../audit/audit-chain.repository.js';
import type { Db } from '../db/client.js';
import type { ReplicatedBlobStore } from '../storage/replicated-blob-store.js';
import type { TenantDataKeys } from '../storage/tenant-data-keys.js';
import { deleteTenantRow } from './tenants.repository.js';
import { requireTenant, setTenantStatus } from './tenants.service.js';

export interface TenantErasure {
  tenantId: string;
  slug: string;
  /** False when an earlier, interrupted run had destroyed the key already. */
  keyDestroyed: boolean;
  blobRows: number;
  storedObjects: number;
}

/**
 * Deletes a tenant for good, in the order NIST SP 800-88 asks of media that cannot be shredded:
 * the site stops answering; its data key is destroyed first (the cryptographic erase: from then on
 * no copy of its files, at any location or in any backup of one, can be opened); then the unreadable
 * copies are removed from every location; then its rows (every tenant-owned table cascades) and
 * queued jobs. Before the rows go, a record of the erasure and of where its audit chain ended is
 * written beside the audit anchors, so that verification tells this erasure from a site removed by
 * hand. An interrupted run is finished by running it again.
 */
export async function eraseTenant(deps: { db: Db; keys: TenantDataKeys; store: ReplicatedBlobStore }, slug: string): Promise<TenantErasure> {
  const tenant = await requireTenant(deps.db, slug);
  await setTenantStatus(deps.db, slug, 'disabled');
  const keyDestroyed = await deps.keys.destroy(tenant.id);
  const blobs = await deps.store.eraseTenantBlobs(tenant.id);
  const [head] = await listChainHeads(deps.db.owner, tenant.slug);
  const { locations, writeQuorum } = deps.store;
  await writeErasureRecord(locations, Math.min(writeQuorum, locations.length), {
    format: 'lectern-site-erasure',
    version: 1,
    tenantId: tenant.id,
    slug: tenant.slug,
    erasedAt: new Date().toISOString(),
    headSeq: head?.seq ?? 0,
    headHash: head?.hash ?? null,
  });
  await deleteTenantRow(deps.db.owner, tenant.id);
  return { tenantId: tenant.id, slug: tenant.slug, keyDestroyed, blobRows: blobs.rows, storedObjects: blobs.objects };
}
