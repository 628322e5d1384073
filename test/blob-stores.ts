import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../src/platform/db/client.js';
import { openBlobStore } from '../src/platform/storage/open-blob-store.js';
import type { ReplicatedBlobStore } from '../src/platform/storage/replicated-blob-store.js';
import type { LocationSpec } from '../src/platform/storage/storage-config.js';

/** A fresh directory in the run's scratch directory (see global-setup), removed with it. */
function scratchDir(prefix: string): string {
  return mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), prefix));
}

/** Where a test's blobs go: one local location of its own (or the given ones), with a spool directory of its own. */
export async function openTestBlobStore(db: Db, locations?: LocationSpec[]): Promise<ReplicatedBlobStore> {
  const dir = scratchDir('lectern-blobs-');
  const specs = locations ?? [{ kind: 'local', name: `local:${dir}/store`, root: path.join(dir, 'store') }];
  return openBlobStore({ db, config: { storage: { locations: specs, writeQuorum: specs.length, spoolDir: path.join(dir, 'spool') } } });
}

/** One local location shared by several nodes: each node opens its own store on it (with its own database connection). */
export function sharedLocalLocation(): LocationSpec {
  const root = path.join(scratchDir('lectern-shared-blobs-'), 'store');
  return { kind: 'local', name: `local:${root}`, root };
}
