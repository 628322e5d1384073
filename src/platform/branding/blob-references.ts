import type { Db } from '../db/client.js';
import type { BlobReferences } from '../storage/blob-store.js';
import { findTenantById } from '../tenancy/tenants.repository.js';
import { logoRef } from './branding.contract.js';

/**
 * The branding's answer to the store's collector: a site's logo blob is referred to from its
 * settings. Read from the stored settings as they are, so a logo is kept even when some other
 * setting is one this release no longer reads.
 */
export function brandingBlobReferences(db: Db): BlobReferences {
  return async (tenantId, hashes) => {
    const tenant = await findTenantById(db.owner, tenantId);
    const stored = logoRef.safeParse((tenant?.settings as { branding?: { logo?: unknown } } | undefined)?.branding?.logo);
    return new Set(stored.success && hashes.includes(stored.data.hash) ? [stored.data.hash] : []);
  };
}
