import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { openMigratedDatabase } from '../platform/db/open.js';
import type { Db } from '../platform/db/client.js';
import { openBlobStore } from '../platform/storage/open-blob-store.js';
import type { ReplicatedBlobStore } from '../platform/storage/replicated-blob-store.js';
import { scrubLocations, type ScrubReport } from '../platform/storage/scrubber.js';
import { storageStatus, type StorageStatus } from '../platform/storage/storage-status.js';
import { storageMigrateCommand } from './storage-migrate.js';

async function withStore<T>(work: (store: ReplicatedBlobStore, db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openMigratedDatabase(config);
  try {
    const store = await openBlobStore({ db, config });
    try {
      return await work(store, db);
    } finally {
      await store.close();
    }
  } finally {
    await db.close();
  }
}

const mib = (bytes: number | null) => (bytes === null ? '-' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

export function formatStatus(status: StorageStatus): string {
  const lines = [
    `Write quorum: ${status.writeQuorum} of ${status.locations.length} location(s); ${status.replicated ? 'replicated' : 'NOT replicated (one location)'}`,
    `Blobs: ${status.blobs.count} (${mib(status.blobs.bytes)} plain, ${mib(status.blobs.storedBytes)} per copy)`,
    '',
  ];
  for (const l of status.locations) {
    lines.push(`${l.name}`);
    lines.push(`  now:        ${l.reachable ? `reachable (${l.probeMs} ms)` : `UNREACHABLE: ${l.error}`}`);
    if (l.lastScrubAt) {
      lines.push(`  last scrub: ${l.lastScrubAt.toISOString()}, ${l.healthyAtLastScrub ? 'healthy' : `NOT healthy: ${l.lastScrubError ?? 'see the log'}`}`);
      lines.push(`  objects:    ${l.objects} (${mib(l.bytes)})`);
    } else lines.push('  last scrub: never (run: lectern storage scrub)');
  }
  return lines.join('\n');
}

export function formatScrub(report: ScrubReport): string {
  const seconds = (report.finishedAt.getTime() - report.startedAt.getTime()) / 1000;
  const lines = [`Scrub finished in ${seconds.toFixed(1)} s; ${mib(report.verifiedBytes)} verified.`];
  for (const l of report.locations) {
    lines.push(
      l.reachable
        ? `${l.location}: ${l.objects} objects (${mib(l.bytes)}), missing ${l.missing}, damaged ${l.damaged}, orphaned ${l.orphaned}, foreign ${l.foreign}, repaired ${l.repaired}, unrepairable ${l.unrepairable}`
        : `${l.location}: UNREACHABLE (${l.error}); not checked`,
    );
  }
  return lines.join('\n');
}

const minutes = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number of minutes, 0 or more');
  return n;
};

/** `lectern storage status|scrub|migrate`: the operator's view of the file storage locations. */
export function storageCommand(): Command {
  const storage = new Command('storage').description('file storage: locations, health, scrub and repair');
  storage
    .command('status')
    .description("each location's health (probed now), objects and bytes (from the last scrub), the write quorum")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await withStore((store, db) => storageStatus(store, db));
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatStatus(status));
      if (status.locations.some((l) => !l.reachable)) process.exitCode = 1;
    });
  storage
    .command('scrub')
    .description('check every copy at every location now: repair missing and damaged ones, delete orphans; exit 1 when something is left unrepaired')
    .option('--orphan-grace <minutes>', 'delete copies without a blob only when older than this', minutes, 60)
    .option('--json', 'print JSON')
    .action(async (opts: { orphanGrace: number; json?: boolean }) => {
      const report = await withStore((store, db) => scrubLocations(store, { db, orphanGraceMs: opts.orphanGrace * 60_000 }));
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatScrub(report));
      if (report.locations.some((l) => !l.reachable || l.unrepairable > 0)) process.exitCode = 1;
    });
  storage.addCommand(storageMigrateCommand());
  return storage;
}
