import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';

/** A staging folder older than this was left by a node that stopped in the middle of its work. */
export const STALE_STAGING_MS = 24 * 60 * 60 * 1000;

/**
 * Runs `work` in a fresh folder of this node's transient staging area (`<LECTERN_FILES_DIR>/staging`:
 * a package being unpacked, a zip being received or put together) and removes the folder
 * whatever happens. Nothing here outlives the request that made it; stored files live in the
 * blob store. Folders a stopped node left behind are removed by a later call once they are stale.
 */
export async function withStagingFolder<T>(config: Pick<Config, 'filesDir'>, work: (folder: string) => Promise<T>): Promise<T> {
  const root = path.join(config.filesDir, 'staging');
  await mkdir(root, { recursive: true });
  await removeStaleFolders(root, Date.now() - STALE_STAGING_MS);
  const folder = await mkdtemp(path.join(root, 'work-'));
  try {
    return await work(folder);
  } finally {
    await rm(folder, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function removeStaleFolders(root: string, before: number): Promise<void> {
  for (const name of await readdir(root)) {
    if (!name.startsWith('work-')) continue;
    const folder = path.join(root, name);
    const info = await stat(folder).catch(() => undefined);
    if (info && info.mtimeMs < before) await rm(folder, { recursive: true, force: true, maxRetries: 3 });
  }
}
