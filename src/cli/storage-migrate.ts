import { Command } from 'commander';
import { loadConfig } from '../config.js';
import type { Db } from '../platform/db/client.js';
import { openMigratedDatabase } from '../platform/db/open.js';
import type { BlobStore } from '../platform/storage/blob-store.js';
import { openBlobStore } from '../platform/storage/open-blob-store.js';
import { migrateStoredFiles, type MigrationSummary } from '../learn/courses/migrate-stored-files.js';

/** What the command works on: the configured database and store, and the old files directory. */
export interface MigrationTarget {
  db: Db;
  storage: BlobStore;
  filesDir: string;
  close(): Promise<void>;
}

async function openConfiguredTarget(): Promise<MigrationTarget> {
  const config = loadConfig();
  const db = await openMigratedDatabase(config);
  try {
    const storage = await openBlobStore({ db, config });
    return {
      db,
      storage,
      filesDir: config.filesDir,
      async close() {
        await storage.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export function describeSummary(summary: MigrationSummary, options: { verify: boolean; removeOld: boolean }): string[] {
  const lines = [
    `Versions moved into the store: ${summary.versionsMigrated} (already there: ${summary.versionsAlreadyInStore})`,
    `Covers moved into the store: ${summary.coversMigrated}`,
    `Files stored: ${summary.filesStored} (${summary.bytesStored} bytes)`,
  ];
  if (options.verify || options.removeOld) lines.push(`Old files verified against the store: ${summary.filesVerified}`);
  if (options.removeOld) lines.push(`Old version folders and cover files removed: ${summary.removed}`);
  if (summary.problems.length > 0) lines.push(`Problems (${summary.problems.length}), nothing of these was removed:`, ...summary.problems.map((problem) => `  - ${problem}`));
  else if (!options.removeOld) lines.push(options.verify ? 'Everything verified. Run again with --remove-old to remove the old files.' : 'Run again with --verify to compare every file with the store.');
  return lines;
}

/**
 * `lectern storage migrate`: moves the files of an installation of before the blob store
 * (LECTERN_FILES_DIR: packages/ and covers/) into the configured store. Resumable (a re-run
 * skips what is done), verifiable (--verify), and it removes old files only when asked
 * (--remove-old, after verifying them). Exits with 1 when anything could not be moved or verified.
 */
export function storageMigrateCommand(openTarget: () => Promise<MigrationTarget> = openConfiguredTarget): Command {
  return new Command('migrate')
    .description('move course packages and covers from LECTERN_FILES_DIR into the blob store (resumable)')
    .option('--verify', 're-read every migrated file from the store and compare it with the old file (SHA-256)', false)
    .option('--remove-old', 'after verifying, remove the old files that match the store', false)
    .action(async (opts: { verify: boolean; removeOld: boolean }) => {
      const target = await openTarget();
      try {
        const summary = await migrateStoredFiles(target, { verify: opts.verify, removeOld: opts.removeOld, onProgress: (line) => console.log(line) });
        for (const line of describeSummary(summary, opts)) console.log(line);
        if (summary.problems.length > 0) process.exitCode = 1;
      } finally {
        await target.close();
      }
    });
}
