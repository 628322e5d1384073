import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { version } from '../../version.js';
import type { Db } from '../db/client.js';
import { migrationStatus } from '../db/migrate.js';
import type { BlobLocation } from '../storage/blob-location.js';
import type { BackupKey } from './backup-key.js';
import { archiveDataDir, postgresEntries } from './data-dir-archive.js';
import { snapshotsToKeep, type RetentionPolicy } from './retention.js';
import {
  deleteSnapshot,
  newSnapshotId,
  readCatalogue,
  sealSnapshot,
  signManifest,
  storeSnapshot,
  type LocationState,
  type SnapshotManifest,
} from './snapshot-store.js';

export interface SnapshotTarget {
  /** The storage locations (LECTERN_STORAGE), each of which gets a copy. */
  locations: readonly BlobLocation[];
  /** How many must hold a snapshot for it to count as written (LECTERN_STORAGE_WRITE_QUORUM). */
  writeQuorum: number;
  key: BackupKey;
  /** Where the sealed snapshot is spooled before it is copied (DATA_DIR/tmp). */
  spoolDir: string;
  now?: () => Date;
}

export interface TakenSnapshot {
  manifest: SnapshotManifest;
  locations: string[];
}

/**
 * Takes a snapshot of the embedded database `db` (open on `dataDir`) and stores it at the
 * locations. Consistent: inside a transaction of PGlite's one connection (every other query waits
 * behind it) the database is checkpointed and its files archived, gzipped and sealed to a spool
 * file; only then is it copied to the locations, while the database serves again.
 */
export async function takeEmbeddedSnapshot(db: Db, dataDir: string, target: SnapshotTarget): Promise<TakenSnapshot> {
  if (db.kind !== 'pglite') throw new Error('snapshots are of the embedded database; on PostgreSQL use pgBackRest (docs/backup.md)');
  const now = target.now ?? (() => new Date());
  const createdAt = now();
  const id = newSnapshotId(createdAt);
  await mkdir(target.spoolDir, { recursive: true });
  const sealedFile = path.join(target.spoolDir, `snapshot-${id}.sealed`);
  try {
    const { applied } = await migrationStatus(db);
    const sealed = await db.owner.transaction(async (tx) => {
      await tx.execute(sql`checkpoint`);
      const entries = await postgresEntries(dataDir);
      if (!entries.includes('PG_VERSION')) throw new Error(`${dataDir} holds no PostgreSQL data directory`);
      // Fast compression: the database waits while the archive is written.
      return sealSnapshot(archiveDataDir(dataDir, entries).pipe(createGzip({ level: 1 })), target.key, id, sealedFile);
    });
    const manifest: SnapshotManifest = signManifest(
      { format: 'lectern-db-snapshot', id, createdAt: createdAt.toISOString(), ...sealed, keyId: target.key.keyId, migrations: applied, lecternVersion: version },
      target.key,
    );
    const locations = await storeSnapshot(target.locations, target.writeQuorum, manifest, sealedFile);
    return { manifest, locations };
  } finally {
    await rm(sealedFile, { force: true });
  }
}

/** A data object without a manifest older than this is the remains of a failed write. */
const STRAY_GRACE_MS = 24 * 60 * 60_000;

/**
 * Deletes the snapshots the policy does not keep, at every location that answers (those that do
 * not keep theirs until a later run), and stray data objects of failed writes. Run only after a
 * snapshot succeeded, so a run that cannot write never removes what is there. Only snapshots the
 * key verifies count and are removed: a planted manifest can neither push genuine snapshots out
 * nor be removed in their stead.
 */
export async function pruneSnapshots(
  locations: readonly BlobLocation[],
  key: BackupKey,
  policy: RetentionPolicy,
  now: Date = new Date(),
): Promise<{ deleted: string[]; kept: string[]; unreachable: string[] }> {
  const catalogue = await readCatalogue(locations, key);
  const reachable = locations.filter((location) => catalogue.locations.find((state) => state.name === location.name)?.ok);
  const keep = snapshotsToKeep(
    catalogue.snapshots.map((entry) => ({ id: entry.manifest.id, createdAt: new Date(entry.manifest.createdAt) })),
    policy,
  );
  const deleted: string[] = [];
  for (const entry of catalogue.snapshots) {
    if (keep.has(entry.manifest.id)) continue;
    await deleteSnapshot(reachable, entry.manifest.id);
    deleted.push(entry.manifest.id);
  }
  for (const stray of catalogue.strays) {
    if (now.getTime() - stray.modifiedAt.getTime() > STRAY_GRACE_MS) await stray.location.delete(stray.key).catch(() => undefined);
  }
  return { deleted, kept: [...keep], unreachable: catalogue.locations.filter((state) => !state.ok).map((state) => state.name) };
}

export type EmbeddedBackupStatus =
  | {
      state: 'ok';
      /** The newest snapshot any location holds, or null when there is none yet. */
      latest: { id: string; at: Date; sizeBytes: number; locations: string[] } | null;
      snapshots: number;
      locations: LocationState[];
    }
  | { state: 'unreachable'; latest: null; snapshots: 0; locations: LocationState[] };

/**
 * The state of the embedded database's backups, for `lectern backup status` and the monitor's
 * "last backup" check: the newest snapshot (when, how big, which locations hold it), or
 * 'unreachable' when not one location can be listed. Only snapshots `key` verifies count.
 */
export async function embeddedBackupStatus(locations: readonly BlobLocation[], key: BackupKey | null): Promise<EmbeddedBackupStatus> {
  const catalogue = await readCatalogue(locations, key);
  if (!catalogue.locations.some((state) => state.ok)) return { state: 'unreachable', latest: null, snapshots: 0, locations: catalogue.locations };
  const newest = catalogue.snapshots[0];
  return {
    state: 'ok',
    latest: newest
      ? { id: newest.manifest.id, at: new Date(newest.manifest.createdAt), sizeBytes: newest.manifest.sealedSize, locations: newest.locations }
      : null,
    snapshots: catalogue.snapshots.length,
    locations: catalogue.locations,
  };
}
