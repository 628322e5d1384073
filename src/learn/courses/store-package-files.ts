import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { BlobStore } from '../../platform/storage/index.js';
import type { StoredFile } from './stored-files.repository.js';

/** Files put into the store at once: enough to overlap the locations' round trips, few enough for file handles. */
const PARALLEL_PUTS = 4;

/**
 * Puts every file below `root` (named by its package path) into the store for the tenant, a
 * few at a time, and returns each path with its blob. On a failure the blobs already put stay
 * unreferenced (the store collects them); nothing refers to them until the caller's rows commit.
 */
export async function storePackageFiles(storage: BlobStore, tenantId: string, root: string, paths: string[]): Promise<StoredFile[]> {
  const stored: StoredFile[] = new Array(paths.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < paths.length) {
      const index = next++;
      const filePath = paths[index]!;
      try {
        const blob = await storage.put(tenantId, createReadStream(path.join(root, ...filePath.split('/'))));
        stored[index] = { path: filePath, blobHash: blob.hash, size: blob.size };
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // Every worker finishes before this returns, so the caller may remove the files at once.
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL_PUTS, paths.length) }, worker));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return stored;
}
