import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import { backupLastSuccess } from '../monitor/backup.metrics.js';
import type { BlobLocation } from '../storage/blob-location.js';
import type { BackupKey } from './backup-key.js';
import { embeddedBackupStatus, pruneSnapshots, takeEmbeddedSnapshot, type TakenSnapshot } from './embedded-snapshots.js';
import { answerSnapshotRequests } from './snapshot-requests.js';

export const BACKUP_SNAPSHOT = 'backup.snapshot';

export interface BackupJobLog {
  info(data: object, message: string): void;
  error(data: object, message: string): void;
}

export interface BackupJobOptions {
  db: Db;
  config: Pick<Config, 'dataDir' | 'backup' | 'storage'>;
  locations: readonly BlobLocation[];
  key: BackupKey;
  log?: BackupJobLog;
  now?: () => Date;
}

/**
 * One run of the scheduled snapshot: unless a snapshot younger than half the interval is there
 * already (a restart queues a run at once), a snapshot is taken and stored; then the retention
 * removes what the policy does not keep. A snapshot that reaches too few locations fails the run,
 * which is retried, and deletes nothing.
 */
export async function runScheduledSnapshot(options: BackupJobOptions): Promise<'taken' | 'recent'> {
  const now = options.now ?? (() => new Date());
  const status = await embeddedBackupStatus(options.locations, options.key);
  if (status.state === 'unreachable') {
    throw new Error(`backup: no storage location can be listed (${status.locations.map((l) => `${l.name}: ${l.error}`).join('; ')}); the snapshot is retried`);
  }
  if (status.latest && now().getTime() - status.latest.at.getTime() < options.config.backup.everyMs / 2) {
    backupLastSuccess.set({ kind: 'embedded_snapshot' }, status.latest.at.getTime() / 1000);
    return 'recent';
  }
  await takeSnapshotNow(options);
  return 'taken';
}

/** Takes a snapshot and applies the retention: the scheduled run's work, and `lectern backup --from-running`'s. */
export async function takeSnapshotNow(options: BackupJobOptions): Promise<TakenSnapshot> {
  const now = options.now ?? (() => new Date());
  const taken = await takeEmbeddedSnapshot(options.db, options.config.dataDir, {
    locations: options.locations,
    writeQuorum: Math.min(options.config.storage.writeQuorum, options.locations.length),
    key: options.key,
    spoolDir: options.config.storage.spoolDir,
    now,
  });
  backupLastSuccess.set({ kind: 'embedded_snapshot' }, new Date(taken.manifest.createdAt).getTime() / 1000);
  options.log?.info({ snapshot: taken.manifest.id, bytes: taken.manifest.sealedSize, locations: taken.locations }, 'backup: database snapshot stored');
  const pruned = await pruneSnapshots(options.locations, options.key, options.config.backup, now());
  if (pruned.deleted.length > 0) options.log?.info({ deleted: pruned.deleted }, 'backup: snapshots past the retention removed');
  return taken;
}

/**
 * On the embedded database: answers `lectern backup --from-running` (see snapshot-requests.ts)
 * while the server runs. Returns the stop (nothing to stop on PostgreSQL).
 */
export function answerBackupRequests(options: BackupJobOptions & { log: BackupJobLog }): () => Promise<void> {
  if (options.db.kind !== 'pglite') return async () => {};
  return answerSnapshotRequests(
    options.config.dataDir,
    async () => {
      const taken = await takeSnapshotNow(options);
      return { id: taken.manifest.id, sizeBytes: taken.manifest.sealedSize, locations: taken.locations };
    },
    options.log,
  );
}

/** The scheduled snapshot of the embedded database; none on PostgreSQL (pgBackRest backs it up, see docs/backup.md). */
export function backupRecurringJobs(options: BackupJobOptions): RecurringJob[] {
  if (options.db.kind !== 'pglite') return [];
  return [
    {
      kind: BACKUP_SNAPSHOT,
      everyMs: options.config.backup.everyMs,
      run: async () => {
        await runScheduledSnapshot(options);
      },
    },
  ];
}
