import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Db } from '../../platform/db/index.js';
import type { BlobStore } from '../../platform/storage/index.js';
import { listTenants } from '../../platform/tenancy/index.js';
import { coverKeyOf } from './cover-image.js';
import { sniffImage } from '../../platform/storage/index.js';
import { storePackageFiles } from './store-package-files.js';
import {
  insertContentFiles,
  listContentFiles,
  listCoverKeys,
  listVersionIdsInStore,
  listVersionsStoredAsFiles,
  markVersionInStore,
  replaceCoverKey,
} from './stored-files.repository.js';

/**
 * Moving an installation's files from `LECTERN_FILES_DIR` into the blob store. Before the store,
 * Learn kept `packages/<tenant>/<version>/…` (the unpacked files of a version; its `storage_key`
 * was that path) and `covers/<tenant>/<file>` (the course's `cover_key`).
 */
export interface MigrationOptions {
  /** Re-read every migrated file from the store and compare it with the old file's SHA-256. */
  verify?: boolean;
  /** After verification, remove the old files that verified (implies verify). */
  removeOld?: boolean;
  /** One line per step, for the operator. */
  onProgress?: (line: string) => void;
}

export interface MigrationSummary {
  versionsMigrated: number;
  /** Versions already in the store before this run (a re-run skips them). */
  versionsAlreadyInStore: number;
  coversMigrated: number;
  filesStored: number;
  bytesStored: number;
  /** Files (old paths) compared with the store, and those that matched. */
  filesVerified: number;
  /** What could not be migrated or did not verify, one line each; nothing of these was removed. */
  problems: string[];
  /** Old version folders and cover files removed (only with removeOld, only when verified). */
  removed: number;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OLD_VERSION_KEY = new RegExp(`^packages/(${UUID})/(${UUID})$`);
const OLD_COVER_KEY = new RegExp(`^covers/(${UUID})/([A-Za-z0-9._-]+)$`);

/**
 * Moves every tenant's old files into the store. Per version, every file is put and then one
 * transaction inserts its content files and marks the version as in the store, so a run that
 * stops midway loses nothing and a re-run skips what is done (the store keeps one copy of the
 * same bytes, so files put twice cost nothing). Covers likewise, one course at a time. Old
 * files are never removed unless `removeOld` is given, and then only those that verified.
 */
export async function migrateStoredFiles(
  deps: { db: Db; storage: BlobStore; filesDir: string },
  options: MigrationOptions = {},
): Promise<MigrationSummary> {
  const summary: MigrationSummary = { versionsMigrated: 0, versionsAlreadyInStore: 0, coversMigrated: 0, filesStored: 0, bytesStored: 0, filesVerified: 0, problems: [], removed: 0 };
  const say = options.onProgress ?? (() => undefined);
  for (const tenant of await listTenants(deps.db.owner)) {
    await migrateVersions(deps, tenant.id, summary, say);
    await migrateCovers(deps, tenant.id, summary, say);
    if (options.verify || options.removeOld) await verifyTenant(deps, tenant.id, summary, say, options.removeOld === true);
  }
  return summary;
}

type Say = (line: string) => void;

async function migrateVersions(deps: { db: Db; storage: BlobStore; filesDir: string }, tenantId: string, summary: MigrationSummary, say: Say): Promise<void> {
  const { db, storage, filesDir } = deps;
  summary.versionsAlreadyInStore += (await db.withTenant(tenantId, (tx) => listVersionIdsInStore(tx))).length;
  for (const version of await db.withTenant(tenantId, (tx) => listVersionsStoredAsFiles(tx))) {
    const key = OLD_VERSION_KEY.exec(version.storageKey);
    if (!key || key[1] !== tenantId || key[2] !== version.id) {
      summary.problems.push(`version ${version.id}: unknown storage key ${JSON.stringify(version.storageKey)}`);
      continue;
    }
    const dir = path.join(filesDir, version.storageKey);
    const paths = await filesBelow(dir);
    if (paths === undefined) {
      summary.problems.push(`version ${version.id}: no folder ${dir}`);
      continue;
    }
    const stored = await storePackageFiles(storage, tenantId, dir, paths);
    const marked = await db.withTenant(tenantId, async (tx) => {
      await insertContentFiles(tx, version.id, stored);
      return markVersionInStore(tx, version.id, version.storageKey);
    });
    if (marked) {
      summary.versionsMigrated++;
      summary.filesStored += stored.length;
      summary.bytesStored += stored.reduce((sum, file) => sum + file.size, 0);
      say(`version ${version.id} (tenant ${tenantId}): ${stored.length} files stored`);
    } else {
      summary.versionsAlreadyInStore++;
    }
  }
}

async function migrateCovers(deps: { db: Db; storage: BlobStore; filesDir: string }, tenantId: string, summary: MigrationSummary, say: Say): Promise<void> {
  const { db, storage, filesDir } = deps;
  for (const course of await db.withTenant(tenantId, (tx) => listCoverKeys(tx))) {
    if (!course.coverKey.startsWith('covers/')) continue; // in the store already
    const key = OLD_COVER_KEY.exec(course.coverKey);
    if (!key || key[1] !== tenantId) {
      summary.problems.push(`course ${course.id}: unknown cover key ${JSON.stringify(course.coverKey)}`);
      continue;
    }
    const bytes = await readFile(path.join(filesDir, course.coverKey)).catch(() => undefined);
    const kind = bytes && sniffImage(bytes);
    if (!bytes || !kind) {
      summary.problems.push(`course ${course.id}: cover ${course.coverKey} is ${bytes ? 'not a PNG, JPEG or WebP image' : 'missing'}`);
      continue;
    }
    const blob = await storage.put(tenantId, bytes);
    if (await db.withTenant(tenantId, (tx) => replaceCoverKey(tx, course.id, course.coverKey, coverKeyOf(blob.hash, kind)))) {
      summary.coversMigrated++;
      summary.filesStored++;
      summary.bytesStored += blob.size;
      say(`cover of course ${course.id} (tenant ${tenantId}) stored`);
    }
  }
}

/**
 * Compares every old file of the tenant that is still on disk with what the store returns for
 * it: the old file's SHA-256 must be the blob its row names, and the blob read back must hash
 * to the same. With `removeOld`, a version folder goes when all its files verified; a cover
 * file when it did.
 */
async function verifyTenant(deps: { db: Db; storage: BlobStore; filesDir: string }, tenantId: string, summary: MigrationSummary, say: Say, removeOld: boolean): Promise<void> {
  const { db, storage, filesDir } = deps;
  for (const versionId of await db.withTenant(tenantId, (tx) => listVersionIdsInStore(tx))) {
    const dir = path.join(filesDir, 'packages', tenantId, versionId);
    const paths = await filesBelow(dir);
    if (paths === undefined) continue; // imported into the store, or removed after an earlier verification
    const rows = new Map((await db.withTenant(tenantId, (tx) => listContentFiles(tx, versionId))).map((row) => [row.path, row]));
    let good = paths.length === rows.size;
    if (!good) summary.problems.push(`version ${versionId}: ${paths.length} old files, ${rows.size} in the store`);
    for (const filePath of paths) {
      const problem = await verifyFile(storage, tenantId, path.join(dir, ...filePath.split('/')), rows.get(filePath)?.blobHash);
      if (problem) {
        good = false;
        summary.problems.push(`version ${versionId}: ${filePath}: ${problem}`);
      } else {
        summary.filesVerified++;
      }
    }
    say(`version ${versionId} (tenant ${tenantId}): ${good ? 'verified' : 'DIFFERS'}`);
    if (good && removeOld) {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
      summary.removed++;
    }
  }
  const coversDir = path.join(filesDir, 'covers', tenantId);
  const unmigrated = new Set((await db.withTenant(tenantId, (tx) => listCoverKeys(tx))).map((course) => course.coverKey));
  for (const name of (await filesBelow(coversDir)) ?? []) {
    const file = path.join(coversDir, name);
    if (unmigrated.has(`covers/${tenantId}/${name}`)) {
      summary.problems.push(`cover ${name}: not migrated yet`);
      continue;
    }
    const problem = await verifyFile(storage, tenantId, file, await sha256(createReadStream(file)));
    if (problem) {
      summary.problems.push(`cover ${name}: ${problem}`);
      continue;
    }
    summary.filesVerified++;
    if (removeOld) {
      await rm(file, { force: true });
      summary.removed++;
    }
  }
  if (removeOld) {
    for (const dir of [coversDir, path.join(filesDir, 'packages', tenantId)]) await rmdir(dir).catch(() => undefined);
  }
}

/** Why the old file and the store's blob differ, or undefined when they are the same bytes. */
async function verifyFile(storage: BlobStore, tenantId: string, file: string, blobHash: string | undefined): Promise<string | undefined> {
  if (!blobHash) return 'not in the store';
  const onDisk = await sha256(createReadStream(file));
  if (onDisk !== blobHash) return `old file has SHA-256 ${onDisk}, the store ${blobHash}`;
  try {
    const readBack = await sha256(await storage.get(tenantId, blobHash));
    return readBack === blobHash ? undefined : `the store returned bytes with SHA-256 ${readBack}`;
  } catch (error) {
    return `the store cannot read it back: ${(error as Error).message}`;
  }
}

async function sha256(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file below `dir` as a '/'-separated relative path, sorted; undefined when there is no such folder. */
async function filesBelow(dir: string): Promise<string[] | undefined> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
