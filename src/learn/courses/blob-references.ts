import type { Db } from '../../platform/db/index.js';
import type { BlobReferences } from '../../platform/storage/index.js';
import { referencedBlobHashes } from './stored-files.repository.js';

/** Hashes per query: far below the parameter limit of one statement. */
const BATCH = 1000;

/**
 * Learn's answer to the store's collector: which of a tenant's blobs package files, resumable
 * upload chunks and course covers still refer to. Asked under the tenant (row-level security).
 */
export function learnBlobReferences(db: Db): BlobReferences {
  return async (tenantId, hashes) => {
    const referenced = new Set<string>();
    for (let i = 0; i < hashes.length; i += BATCH) {
      const batch = hashes.slice(i, i + BATCH);
      for (const hash of await db.withTenant(tenantId, (tx) => referencedBlobHashes(tx, batch))) referenced.add(hash);
    }
    return referenced;
  };
}
