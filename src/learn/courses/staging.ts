import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';

/**
 * Runs `work` in a fresh folder of this node's transient staging area (`<LECTERN_FILES_DIR>/staging`:
 * a package being unpacked, a zip being received or put together) and removes the folder
 * whatever happens. Nothing here outlives the request that made it; stored files live in the blob store.
 */
export async function withStagingFolder<T>(config: Pick<Config, 'filesDir'>, work: (folder: string) => Promise<T>): Promise<T> {
  const root = path.join(config.filesDir, 'staging');
  await mkdir(root, { recursive: true });
  const folder = await mkdtemp(path.join(root, 'work-'));
  try {
    return await work(folder);
  } finally {
    await rm(folder, { recursive: true, force: true, maxRetries: 3 });
  }
}
