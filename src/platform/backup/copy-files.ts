import type { Db } from '../db/client.js';
import type { BlobLocation } from '../storage/blob-location.js';
import { blobKey } from '../storage/blob-key.js';
import type { ReplicatedBlobStore } from '../storage/replicated-blob-store.js';
import { blobRowsAfter } from '../storage/storage.repository.js';

export interface FileCopyReport {
  copied: number;
  bytes: number;
  /** Blobs of which no good copy was found, or whose new copy did not verify. */
  failed: { key: string; error: string }[];
}

/**
 * Copies every blob the database knows to `target` (a new location for the PostgreSQL
 * installation): for each, a copy that verifies at one of the store's locations is copied as
 * stored (still sealed with its tenant's data key), and the new copy is then read back and
 * verified the same way. Blobs already good at the target are left as they are.
 */
export async function copyFilesTo(db: Db, store: ReplicatedBlobStore, target: BlobLocation, onProgress?: (done: number) => void): Promise<FileCopyReport> {
  const report: FileCopyReport = { copied: 0, bytes: 0, failed: [] };
  let after: { tenantId: string; hash: string } | undefined;
  let seen = 0;
  for (;;) {
    const page = await blobRowsAfter(db.owner, after, 500);
    if (page.length === 0) break;
    const last = page[page.length - 1]!;
    after = { tenantId: last.tenantId, hash: last.hash };
    for (const row of page) {
      const key = blobKey(row.tenantId, row.hash);
      try {
        if ((await store.checkCopy(target, row)) !== 'good') {
          let source: BlobLocation | undefined;
          for (const location of store.locations) {
            if ((await store.checkCopy(location, row)) === 'good') {
              source = location;
              break;
            }
          }
          if (!source) throw new Error('no location holds a good copy');
          await target.put(key, await source.get(key), row.storedSize);
          const state = await store.checkCopy(target, row);
          if (state !== 'good') throw new Error(`the new copy is ${state}`);
          report.copied++;
          report.bytes += row.storedSize;
        }
      } catch (error) {
        report.failed.push({ key, error: (error as Error).message });
      }
      onProgress?.(++seen);
    }
  }
  return report;
}
