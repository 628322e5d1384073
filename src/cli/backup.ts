import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { openMigratedDatabase } from '../platform/db/open.js';
import { DATA_DIR_IN_USE_EXIT_CODE, DATA_DIR_LOCK_FILE, DataDirInUseError } from '../platform/db/data-dir-lock.js';
import { requestSnapshot } from '../platform/backup/snapshot-requests.js';
import { backupKeyIfPresent, existingBackupKey, installationBackupKey } from '../platform/backup/backup-key.js';
import { embeddedBackupStatus, pruneSnapshots, takeEmbeddedSnapshot, type EmbeddedBackupStatus } from '../platform/backup/embedded-snapshots.js';
import { postgresBackupStatus, type PostgresBackupStatus } from '../platform/backup/postgres-backup-status.js';
import { restoreEmbeddedSnapshot, RestoreInterruptedError } from '../platform/backup/restore-snapshot.js';
import { isSnapshotId, readCatalogue, type SnapshotEntry, type UnverifiedSnapshot } from '../platform/backup/snapshot-store.js';

import { LocalLocation } from '../platform/storage/local-location.js';
import { openLocation } from '../platform/storage/open-blob-store.js';
import { readOnlyLocations, withLocations } from './storage-locations.js';
import { openDatabase, type Db } from '../platform/db/client.js';
import { copyFilesTo } from '../platform/backup/copy-files.js';
import { migrateToPostgres, type MigrationReport } from '../platform/backup/migrate-to-postgres.js';
import { openBlobStore } from '../platform/storage/open-blob-store.js';

/** Why `lectern backup list` marks a snapshot UNVERIFIED: it never counts as the latest backup and the retention leaves it. */
const UNVERIFIED_REASONS: Record<UnverifiedSnapshot['why'], string> = {
  other_key: 'sealed with another secret key (restore needs that key file)',
  unsigned: 'taken before manifests were signed (restore it by its id; the retention leaves it, remove it by hand when no longer needed)',
  no_key_file: 'the secret key file (LECTERN_SECRET_KEY_FILE) is missing here',
};

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function age(from: Date, now = new Date()): string {
  const minutes = Math.max(0, Math.round((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`;
}

/** The pid of the live server holding DATA_DIR, if one does (its lock file, data-dir-lock.ts). */
function serverHolding(dataDir: string): number | undefined {
  try {
    const holder = JSON.parse(readFileSync(path.join(dataDir, DATA_DIR_LOCK_FILE), 'utf8')) as { pid?: unknown; role?: unknown };
    if (holder.role !== 'server' || typeof holder.pid !== 'number') return undefined;
    process.kill(holder.pid, 0);
    return holder.pid;
  } catch {
    return undefined;
  }
}

/** The server holds DATA_DIR: what to do instead, for `lectern backup` and `lectern restore`. */
function serverRunning(error: DataDirInUseError, what: 'backup' | 'restore', config: Config): string {
  const hours = config.backup.everyMs / 3_600_000;
  return what === 'backup'
    ? `${error.message}\nWhile the server runs it takes the snapshots itself (every ${hours} h, LECTERN_BACKUP_EVERY_HOURS); check them with: lectern backup status. To have it take one now: lectern backup --from-running.`
    : `${error.message}\nA restore replaces the database under the server: stop the server first, then run lectern restore again.`;
}

export function formatEmbeddedStatus(status: EmbeddedBackupStatus, everyMs: number, now = new Date()): { text: string; healthy: boolean } {
  const lines: string[] = [];
  let healthy = status.state === 'ok';
  if (status.state === 'unreachable') lines.push('Backups: UNREACHABLE: no storage location can be listed.');
  else if (!status.latest) {
    healthy = false;
    lines.push('Backups: NONE yet (the server takes the first one when it starts; or stop it and run: lectern backup).');
  } else {
    const stale = now.getTime() - status.latest.at.getTime() > everyMs * 1.5;
    if (stale) healthy = false;
    lines.push(`Latest snapshot: ${status.latest.id}, taken ${status.latest.at.toISOString()} (${age(status.latest.at, now)} ago${stale ? ', OLDER THAN EXPECTED' : ''})`);
    lines.push(`  size ${mib(status.latest.sizeBytes)}, held by ${status.latest.locations.length} location(s): ${status.latest.locations.join(', ')}`);
    lines.push(`Snapshots kept: ${status.snapshots}`);
  }
  for (const location of status.locations) lines.push(`${location.name}: ${location.ok ? 'reachable' : `UNREACHABLE: ${location.error}`}`);
  return { text: lines.join('\n'), healthy };
}

export function formatPostgresStatus(status: PostgresBackupStatus, now = new Date()): { text: string; healthy: boolean } {
  const lines: string[] = [];
  let healthy = true;
  if (status.latestBackup) {
    lines.push(`Latest backup: ${status.latestBackup.type} in ${status.latestBackup.repo}, ${status.latestBackup.at.toISOString()} (${age(status.latestBackup.at, now)} ago)`);
  } else {
    healthy = false;
    lines.push('Latest backup: NONE (pgBackRest reports no backup; see docs/backup.md)');
  }
  for (const repo of status.repositories) {
    if (!repo.ok) healthy = false;
    lines.push(`${repo.repo}: ${repo.ok ? 'ok' : `FAILING: ${repo.error ?? 'unknown error'}`}`);
  }
  const archive = status.archive;
  if (archive.failed) healthy = false;
  lines.push(
    `WAL archive: last archived ${archive.lastArchivedAt ? archive.lastArchivedAt.toISOString() : 'never'}${archive.lagSeconds !== null ? `, lag ${archive.lagSeconds} s` : ''}${archive.failed ? ', LAST ATTEMPT FAILED' : ''}`,
  );
  for (const standby of status.standbys) {
    lines.push(`Standby ${standby.name}: ${standby.sync}, ${standby.lagBytes} bytes behind${standby.lagSeconds !== null ? ` (${standby.lagSeconds} s)` : ''}`);
  }
  return { text: lines.join('\n'), healthy };
}

const snapshotArgument = (value: string) => {
  if (!isSnapshotId(value)) throw new InvalidArgumentError('a snapshot id as `lectern backup list` shows it, e.g. 20261206T030000Z-1a2b3c');
  return value;
};

/** `lectern backup [list|status]`: snapshots of the embedded database in the storage locations; pgBackRest's state on PostgreSQL. */
export function backupCommand(): Command {
  const backup = new Command('backup')
    .description('take a snapshot of the embedded database now (server stopped, or --from-running); see also: backup list, backup status, restore')
    .option('--from-running', 'ask the running server to take the snapshot, and wait for it')
    .option('--wait <seconds>', 'with --from-running: how long to wait for the server', (value) => {
      const seconds = Number(value);
      if (!Number.isInteger(seconds) || seconds < 1) throw new InvalidArgumentError('a whole number of seconds, 1 or more');
      return seconds;
    }, 600)
    .action(async (opts: { fromRunning?: boolean; wait: number }) => {
      const config = loadConfig();
      if (config.database.kind !== 'pglite') {
        console.error('On PostgreSQL the database is backed up by pgBackRest (docs/backup.md): pgbackrest --stanza=lectern backup; check with: lectern backup status');
        process.exitCode = 1;
        return;
      }
      if (opts.fromRunning) {
        const holder = serverHolding(config.dataDir);
        if (!holder) {
          console.error(`No server is running on ${config.dataDir}: run lectern backup without --from-running.`);
          process.exitCode = 1;
          return;
        }
        try {
          const result = await requestSnapshot(config.dataDir, opts.wait * 1000);
          if (!result.ok) throw new Error(result.error ?? 'unknown error');
          console.log(`Snapshot ${result.snapshot} stored by the server (pid ${holder}) (${mib(result.sizeBytes ?? 0)}) at: ${(result.locations ?? []).join(', ')}`);
        } catch (error) {
          console.error(`The server could not take the snapshot: ${(error as Error).message}`);
          process.exitCode = 1;
        }
        return;
      }
      let db;
      try {
        db = await openMigratedDatabase(config);
      } catch (error) {
        if (!(error instanceof DataDirInUseError)) throw error;
        console.error(serverRunning(error, 'backup', config));
        process.exitCode = DATA_DIR_IN_USE_EXIT_CODE;
        return;
      }
      try {
        const locations = await Promise.all(config.storage.locations.map(openLocation));
        await withLocations(locations, async () => {
          const key = installationBackupKey(config.secretKeyFile);
          const taken = await takeEmbeddedSnapshot(db, config.dataDir, {
            locations,
            writeQuorum: Math.min(config.storage.writeQuorum, locations.length),
            key,
            spoolDir: config.storage.spoolDir,
          });
          console.log(`Snapshot ${taken.manifest.id} stored (${mib(taken.manifest.sealedSize)}) at: ${taken.locations.join(', ')}`);
          const pruned = await pruneSnapshots(locations, key, config.backup);
          if (pruned.deleted.length > 0) console.log(`Removed past the retention (LECTERN_BACKUP_KEEP_DAILY/WEEKLY): ${pruned.deleted.join(', ')}`);
        });
      } finally {
        await db.close();
      }
    });

  backup
    .command('list')
    .description('the snapshots in the storage locations, newest first (works while the server runs)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const key = backupKeyIfPresent(config.secretKeyFile);
      const catalogue = await withLocations(readOnlyLocations(config), (locations) => readCatalogue(locations, key));
      if (opts.json) {
        const { snapshots, unverified, refused, locations } = catalogue;
        console.log(JSON.stringify({ snapshots, unverified, refused, locations }, null, 2));
      } else {
        if (catalogue.snapshots.length === 0) console.log('No snapshots.');
        const line = (entry: SnapshotEntry, note = '') => {
          const m = entry.manifest;
          return `${m.id}\t${m.createdAt}\t${mib(m.sealedSize)}\tkey ${m.keyId}\t${entry.locations.length} location(s): ${entry.locations.join(', ')}${note}`;
        };
        for (const entry of catalogue.snapshots) console.log(line(entry));
        for (const entry of catalogue.unverified) console.log(line(entry, `\tUNVERIFIED: ${UNVERIFIED_REASONS[entry.why]}`));
        for (const copy of catalogue.refused) console.log(`${copy.id}\tREFUSED at ${copy.location}: ${copy.reason}`);
        for (const location of catalogue.locations.filter((l) => !l.ok)) console.log(`${location.name}: UNREACHABLE: ${location.error}`);
      }
      if (!catalogue.locations.some((l) => l.ok)) process.exitCode = 1;
    });

  backup
    .command('status')
    .description('the latest backup and its age; exit 1 when it is missing, too old or unreachable (embedded: the snapshots; PostgreSQL: pgBackRest)')
    .option('--stanza <name>', "PostgreSQL: pgBackRest's stanza", 'lectern')
    .option('--pgbackrest-config <file>', "PostgreSQL: pgBackRest's configuration file")
    .option('--json', 'print JSON')
    .action(async (opts: { stanza: string; pgbackrestConfig?: string; json?: boolean }) => {
      const config = loadConfig();
      if (config.database.kind === 'pglite') {
        const key = backupKeyIfPresent(config.secretKeyFile);
        const status = await withLocations(readOnlyLocations(config), (locations) => embeddedBackupStatus(locations, key));
        const { text, healthy } = formatEmbeddedStatus(status, config.backup.everyMs);
        console.log(opts.json ? JSON.stringify(status, null, 2) : text);
        if (!healthy) process.exitCode = 1;
        return;
      }
      const db = await openMigratedDatabase(config);
      try {
        const status = await postgresBackupStatus(db, { stanza: opts.stanza, ...(opts.pgbackrestConfig ? { pgbackrestConfig: opts.pgbackrestConfig } : {}) });
        const { text, healthy } = formatPostgresStatus(status);
        console.log(opts.json ? JSON.stringify(status, null, 2) : text);
        if (!healthy) process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
  return backup;
}

/** `lectern restore <id>|--latest --confirm`: replaces the embedded database with a snapshot (server stopped). */
export function restoreCommand(): Command {
  return new Command('restore')
    .description('replace the embedded database with a snapshot from the storage locations (server stopped; the replaced files are kept aside)')
    .argument('[snapshot]', 'the snapshot id (lectern backup list)', snapshotArgument)
    .option('--latest', 'the newest snapshot')
    .option('--confirm', 'required: the current database is replaced')
    .action(async (snapshot: string | undefined, opts: { latest?: boolean; confirm?: boolean }) => {
      const config = loadConfig();
      const fail = (message: string, code = 1) => {
        console.error(message);
        process.exitCode = code;
      };
      if (config.database.kind !== 'pglite') return fail('On PostgreSQL restore with pgBackRest (docs/backup.md, point-in-time restore).');
      if (Boolean(snapshot) === Boolean(opts.latest)) return fail('Name one snapshot (lectern backup list) or say --latest.');
      if (!opts.confirm) return fail(`This replaces the database in ${config.dataDir} with the snapshot; the current files are kept aside. Run again with --confirm.`);
      let key;
      try {
        key = existingBackupKey(config.secretKeyFile);
      } catch (error) {
        return fail((error as Error).message);
      }
      const locations = await Promise.all(config.storage.locations.map(openLocation));
      try {
        const result = await restoreEmbeddedSnapshot({ dataDir: config.dataDir, locations, key, snapshot: snapshot ?? 'latest' });
        for (const skipped of result.passedOver) console.log(`Passed over the copy at ${skipped.name}: ${skipped.error}`);
        console.log(`Restored snapshot ${result.id} (taken ${result.createdAt}) from ${result.from} into ${config.dataDir}.`);
        if (result.asideDir) console.log(`The database files it replaced are in ${result.asideDir}; remove that directory once the restored site is checked.`);
        console.log('Files (blobs) are not part of the snapshot: run `lectern storage scrub` after starting to check every file the restored database refers to.');
      } catch (error) {
        if (error instanceof DataDirInUseError) return fail(serverRunning(error, 'restore', config), DATA_DIR_IN_USE_EXIT_CODE);
        if (error instanceof RestoreInterruptedError) return fail(`Restore failed: ${error.message}`);
        return fail(`Restore failed; the database in ${config.dataDir} is unchanged. ${(error as Error).message}`);
      } finally {
        for (const location of locations) await location.close();
      }
    });
}

export function formatMigrationReport(report: MigrationReport): string {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  const lines = [`${'table'.padEnd(width)}  ${'rows (embedded)'.padStart(15)}  ${'rows (target)'.padStart(13)}  checksum`];
  for (const t of report.tables) {
    const checksum = t.ok ? `ok ${t.source.checksum.slice(0, 12)}` : `MISMATCH ${t.source.checksum.slice(0, 12)} / ${t.target.checksum.slice(0, 12)}`;
    lines.push(`${t.table.padEnd(width)}  ${String(t.source.rows).padStart(15)}  ${String(t.target.rows).padStart(13)}  ${checksum}`);
  }
  return lines.join('\n');
}

/** `lectern migrate-to-postgres --to postgres://…`: moves the embedded database (and optionally its files) to PostgreSQL. */
export function migrateToPostgresCommand(): Command {
  return new Command('migrate-to-postgres')
    .description('copy the embedded database into a new, empty PostgreSQL database and verify every table (server stopped)')
    .requiredOption('--to <url>', 'the target database, postgres://user@host:5432/lectern (a superuser or a role that may set session_replication_role)')
    .option('--copy-files-to <dir>', 'also copy every stored file (still encrypted) into this directory, verifying each copy; then set LECTERN_STORAGE=local:<dir> on the new server')
    .action(async (opts: { to: string; copyFilesTo?: string }) => {
      const config = loadConfig();
      const fail = (message: string, code = 1) => {
        console.error(message);
        process.exitCode = code;
      };
      if (config.database.kind !== 'pglite') return fail('DATABASE_URL is set: this installation runs on PostgreSQL already. Unset it so the command reads the embedded database in DATA_DIR.');
      if (!/^postgres(ql)?:\/\//.test(opts.to)) return fail('--to: a PostgreSQL URL, postgres://user@host:5432/database');
      if (opts.copyFilesTo && !path.isAbsolute(opts.copyFilesTo)) return fail('--copy-files-to: an absolute directory');
      let source: Db;
      try {
        source = await openMigratedDatabase(config);
      } catch (error) {
        if (error instanceof DataDirInUseError) return fail(`${error.message}\nStop the server before moving its database.`, DATA_DIR_IN_USE_EXIT_CODE);
        throw error;
      }
      try {
        const target = await openDatabase({ kind: 'postgres', url: opts.to, poolSize: 2 });
        let report: MigrationReport;
        try {
          report = await migrateToPostgres(source, target, { onTable: (table, rows) => console.log(`copied ${table}: ${rows} rows`) });
        } catch (error) {
          return fail(`Migration failed: ${(error as Error).message}`);
        } finally {
          await target.close();
        }
        console.log(formatMigrationReport(report));
        if (!report.ok) {
          return fail('Verification FAILED: the tables marked MISMATCH differ. The target database is left as it is for inspection; do not start a server on it. Drop it (dropdb) before trying again.');
        }
        console.log(`All ${report.tables.length} tables verified (row counts and checksums match); ${report.sequences} sequences set.`);
        if (opts.copyFilesTo) {
          const store = await openBlobStore({ db: source, config });
          const target = await LocalLocation.open(opts.copyFilesTo);
          try {
            const files = await copyFilesTo(source, store, target);
            console.log(`Files: ${files.copied} copied (${mib(files.bytes)}) to ${opts.copyFilesTo}, each read back and verified.`);
            if (files.failed.length > 0) {
              for (const failure of files.failed) console.error(`  ${failure.key}: ${failure.error}`);
              return fail(`${files.failed.length} file(s) could not be copied; see above. Run lectern storage scrub, then this command again with a new, empty target database.`);
            }
          } finally {
            await target.close();
            await store.close();
          }
        }
        console.log(
          [
            'Next, on the new server:',
            `  DATABASE_URL=<the target URL>   LECTERN_SECRET_KEY_FILE=<a copy of ${config.secretKeyFile}> (the SAME key: it opens the files and the sealed secrets)`,
            opts.copyFilesTo ? `  LECTERN_STORAGE=local:${opts.copyFilesTo} (or copy that directory to where the new server keeps files)` : `  LECTERN_STORAGE: the same locations as here (${config.storage.locations.map((l) => l.name).join(', ')})`,
            'See docs/backup.md, "Moving to PostgreSQL".',
          ].join('\n'),
        );
      } finally {
        await source.close();
      }
    });
}
