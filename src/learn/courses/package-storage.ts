import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where Learn keeps files under `config.filesDir`:
 * - `packages/<tenantId>/<versionId>/` the unpacked files of one content version (served at /content/<versionId>/…);
 * - `uploads/<tenantId>/` packages on their way in (single requests and resumable uploads);
 * - `covers/<tenantId>/` course cover images.
 */
export const storageKeys = {
  version: (tenantId: string, versionId: string) => `packages/${tenantId}/${versionId}`,
  cover: (tenantId: string, fileName: string) => `covers/${tenantId}/${fileName}`,
};

export function versionDir(filesDir: string, tenantId: string, versionId: string): string {
  return path.join(filesDir, storageKeys.version(tenantId, versionId));
}

export function packagesRoot(filesDir: string): string {
  return path.join(filesDir, 'packages');
}

export function uploadsDir(filesDir: string, tenantId: string): string {
  return path.join(filesDir, 'uploads', tenantId);
}

/** The file a resumable upload writes its chunks into. */
export function uploadFile(filesDir: string, tenantId: string, uploadId: string): string {
  return path.join(uploadsDir(filesDir, tenantId), `${uploadId}.part`);
}

export function fileOfKey(filesDir: string, key: string): string {
  return path.join(filesDir, key);
}

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

export async function removeQuietly(target: string): Promise<void> {
  await rm(target, { recursive: true, force: true, maxRetries: 3 });
}
