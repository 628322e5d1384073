import type { Db } from '../db/client.js';
import type { BackupKey } from '../backup/backup-key.js';
import { embeddedBackupStatus } from '../backup/embedded-snapshots.js';
import { postgresBackupStatus } from '../backup/postgres-backup-status.js';
import type { BlobLocation } from '../storage/blob-location.js';
import { backupLastSuccess } from './backup.metrics.js';
import type { LatestBackup } from './checks/backup.js';

/**
 * The newest backup of this installation's database, from the backup module: the embedded
 * database's snapshots in the storage locations, or what pgBackRest's repositories hold for
 * PostgreSQL (snapshots only when `key` verifies them). Also sets lectern_backup_last_success_timestamp_seconds for the kind seen.
 */
export function installationLatestBackup(db: Db, locations: readonly BlobLocation[], key: BackupKey | null): LatestBackup {
  return async () => {
    if (db.kind === 'pglite') {
      const status = await embeddedBackupStatus(locations, key);
      if (status.state === 'unreachable') return 'unreachable';
      if (!status.latest) return null;
      backupLastSuccess.set({ kind: 'embedded_snapshot' }, status.latest.at.getTime() / 1000);
      return { at: status.latest.at, kind: 'embedded_snapshot' };
    }
    const status = await postgresBackupStatus(db);
    if (!status.repositories.some((repo) => repo.ok)) return 'unreachable';
    if (!status.latestBackup) return null;
    backupLastSuccess.set({ kind: 'pgbackrest' }, status.latestBackup.at.getTime() / 1000);
    return { at: status.latestBackup.at, kind: `pgbackrest ${status.latestBackup.type} (${status.latestBackup.repo})` };
  };
}
