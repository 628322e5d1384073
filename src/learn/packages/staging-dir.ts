import { mkdir, mkdtemp, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Runs `work` in a fresh temporary folder beside `destDir` (same file system, so the final
 * move is one rename) and moves the folder to `destDir` only when `work` succeeded. On any
 * failure the temporary folder is removed: nothing is left behind.
 */
export async function withStagingDir<T>(destDir: string, work: (stagingDir: string) => Promise<T>): Promise<T> {
  const target = path.resolve(destDir);
  if (await exists(target)) throw new Error(`${target} exists already; packages are unpacked into a new folder`);
  const parent = path.dirname(target);
  const firstCreated = await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.${path.basename(target)}.unpacking-`));
  try {
    const result = await work(staging);
    await rename(staging, target);
    return result;
  } catch (error) {
    await rm(staging, { recursive: true, force: true, maxRetries: 3 });
    if (firstCreated) await removeEmptyFolders(parent, firstCreated);
    throw error;
  }
}

/** Removes the folders this call created for the parent, innermost first, as long as they are empty. */
async function removeEmptyFolders(innermost: string, outermost: string): Promise<void> {
  for (let dir = innermost; dir.startsWith(outermost); dir = path.dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return; // not empty: someone else uses it now
    }
    if (dir === outermost) return;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
